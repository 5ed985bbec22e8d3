import { prebuiltReports } from "@/lib/content/report-listing";
import { getReport, getReports } from "@/lib/content/reports";
import { isLang, type Lang } from "@/lib/i18n/languages";
import { reportPreviewImage } from "@/lib/og/report-preview-image";

export const dynamic = "force-static";
/** The newest reports are built; older ones render on first request and are cached until the next build. */
export const dynamicParams = true;

export function generateStaticParams() {
  return prebuiltReports(getReports()).flatMap((report) => (Object.keys(report.languages) as Lang[]).map((lang) => ({ lang, slug: report.slug })));
}

export async function GET(_request: Request, { params }: RouteContext<"/[lang]/reports/[slug]/og-image.png">) {
  const { lang, slug } = await params;
  const content = isLang(lang) ? getReport(slug)?.languages[lang] : undefined;
  if (!content) return new Response("Not found", { status: 404 });
  return reportPreviewImage(content);
}
