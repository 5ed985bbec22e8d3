import { getReports } from "@/lib/content/reports";
import { sitemapEntries } from "@/lib/seo/sitemap-entries";
import { parseSitemapFile, SITEMAP_MAX_URLS, sitemapChildCount, sitemapChildPath, urlsetXml } from "@/lib/seo/sitemap-xml";

export const dynamic = "force-static";
export const dynamicParams = false;

export function generateStaticParams() {
  const count = sitemapChildCount(sitemapEntries(getReports()).length);
  return Array.from({ length: count }, (_, i) => ({ file: sitemapChildPath(i).split("/").at(-1)! }));
}

export async function GET(_request: Request, { params }: RouteContext<"/sitemaps/[file]">) {
  const { file } = await params;
  const entries = sitemapEntries(getReports());
  const index = parseSitemapFile(file, sitemapChildCount(entries.length));
  if (index === undefined) return new Response("Not found", { status: 404 });
  const chunk = entries.slice(index * SITEMAP_MAX_URLS, (index + 1) * SITEMAP_MAX_URLS);
  return new Response(urlsetXml(chunk), { headers: { "Content-Type": "application/xml; charset=utf-8" } });
}
