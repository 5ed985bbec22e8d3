import { getReportSummary } from "@/lib/content/reports";
import { isLang } from "@/lib/i18n/languages";
import { sectionPath } from "@/lib/routes";
import { qrCodeResponse } from "@/lib/sharing/qr-code-svg";
import { absoluteUrl } from "@/lib/site-url";

export const dynamic = "force-static";
/** Like section pages, none is built with the site: each renders on its first request and is cached until the next build. */
export const dynamicParams = true;

export function generateStaticParams() {
  return [];
}

export async function GET(_request: Request, { params }: RouteContext<"/[lang]/reports/[slug]/[section]/qr.svg">) {
  const { lang, slug, section } = await params;
  if (!isLang(lang) || !getReportSummary(slug)?.languages.zh.sections.some((s) => s.id === section)) return new Response("Not found", { status: 404 });
  return qrCodeResponse(absoluteUrl(sectionPath(lang, slug, section)));
}
