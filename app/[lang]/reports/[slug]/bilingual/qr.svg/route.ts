import { hasBilingualMode } from "@/lib/content/align-paragraphs";
import { getReport, getReports } from "@/lib/content/reports";
import { isLang, LANGUAGES } from "@/lib/i18n/languages";
import { bilingualPath } from "@/lib/routes";
import { qrCodeResponse } from "@/lib/sharing/qr-code-svg";
import { absoluteUrl } from "@/lib/site-url";

export const dynamic = "force-static";
export const dynamicParams = false;

export function generateStaticParams() {
  return getReports()
    .filter(hasBilingualMode)
    .flatMap((report) => LANGUAGES.map((lang) => ({ lang, slug: report.slug })));
}

export async function GET(_request: Request, { params }: RouteContext<"/[lang]/reports/[slug]/bilingual/qr.svg">) {
  const { lang, slug } = await params;
  const report = getReport(slug);
  if (!isLang(lang) || !report || !hasBilingualMode(report)) return new Response("Not found", { status: 404 });
  return qrCodeResponse(absoluteUrl(bilingualPath(lang, slug)));
}
