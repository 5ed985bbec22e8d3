import { hasBilingualMode } from "@/lib/content/align-paragraphs";
import { prebuiltReports } from "@/lib/content/report-listing";
import { getReportSummary, getReports } from "@/lib/content/reports";
import { isLang, LANGUAGES } from "@/lib/i18n/languages";
import { bilingualPath } from "@/lib/routes";
import { qrCodeResponse } from "@/lib/sharing/qr-code-svg";
import { absoluteUrl } from "@/lib/site-url";

export const dynamic = "force-static";
/** Built with the newest reports (as their pages are); older ones render on first request and are cached until the next build. */
export const dynamicParams = true;

export function generateStaticParams() {
  return prebuiltReports(getReports())
    .filter(hasBilingualMode)
    .flatMap((report) => LANGUAGES.map((lang) => ({ lang, slug: report.slug })));
}

export async function GET(_request: Request, { params }: RouteContext<"/[lang]/reports/[slug]/bilingual/qr.svg">) {
  const { lang, slug } = await params;
  const report = getReportSummary(slug);
  if (!isLang(lang) || !report || !hasBilingualMode(report)) return new Response("Not found", { status: 404 });
  return qrCodeResponse(absoluteUrl(bilingualPath(lang, slug)));
}
