import { getReport, getReports } from "@/lib/content/reports";
import { isLang, LANGUAGES } from "@/lib/i18n/languages";
import { sectionPath } from "@/lib/routes";
import { qrCodeResponse } from "@/lib/sharing/qr-code-svg";
import { absoluteUrl } from "@/lib/site-url";

export const dynamic = "force-static";
export const dynamicParams = false;

export function generateStaticParams() {
  return getReports().flatMap((report) =>
    LANGUAGES.flatMap((lang) => report.languages.zh.sections.map((section) => ({ lang, slug: report.slug, section: section.id }))),
  );
}

export async function GET(_request: Request, { params }: RouteContext<"/[lang]/reports/[slug]/[section]/qr.svg">) {
  const { lang, slug, section } = await params;
  if (!isLang(lang) || !getReport(slug)?.languages.zh.sections.some((s) => s.id === section)) return new Response("Not found", { status: 404 });
  return qrCodeResponse(absoluteUrl(sectionPath(lang, slug, section)));
}
