import { prebuiltReports } from "@/lib/content/report-listing";
import { getReportSummary, getReports } from "@/lib/content/reports";
import { isLang, LANGUAGES } from "@/lib/i18n/languages";
import { reportPath } from "@/lib/routes";
import { qrCodeResponse } from "@/lib/sharing/qr-code-svg";
import { absoluteUrl } from "@/lib/site-url";

export const dynamic = "force-static";
/** Built with the newest reports (as their pages are); older ones render on first request and are cached until the next build. */
export const dynamicParams = true;

export function generateStaticParams() {
  return prebuiltReports(getReports()).flatMap((report) => LANGUAGES.map((lang) => ({ lang, slug: report.slug })));
}

export async function GET(_request: Request, { params }: RouteContext<"/[lang]/reports/[slug]/qr.svg">) {
  const { lang, slug } = await params;
  if (!isLang(lang) || !getReportSummary(slug)) return new Response("Not found", { status: 404 });
  return qrCodeResponse(absoluteUrl(reportPath(lang, slug)));
}
