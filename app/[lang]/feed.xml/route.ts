import { getReport, getReports } from "@/lib/content/reports";
import { buildRss, feedSelection } from "@/lib/feed/build-rss";
import { isLang, LANGUAGES } from "@/lib/i18n/languages";

export const dynamic = "force-static";
export const dynamicParams = false;

export function generateStaticParams() {
  return LANGUAGES.map((lang) => ({ lang }));
}

export async function GET(_request: Request, { params }: RouteContext<"/[lang]/feed.xml">) {
  const { lang } = await params;
  if (!isLang(lang)) return new Response("Not found", { status: 404 });
  return new Response(buildRss(feedSelection(getReports(), lang).map((report) => getReport(report.slug)!), lang), { headers: { "Content-Type": "application/rss+xml; charset=utf-8" } });
}
