import { getReports } from "@/lib/content/reports";
import { sitemapEntries } from "@/lib/seo/sitemap-entries";
import { sitemapChildCount, sitemapIndexXml } from "@/lib/seo/sitemap-xml";

export const dynamic = "force-static";

/** A sitemap index: search engines read at most 50,000 URLs per file. */
export function GET() {
  const entries = sitemapEntries(getReports());
  const newest = entries.map((e) => String(e.lastModified ?? "")).sort().at(-1) || undefined;
  return new Response(sitemapIndexXml(sitemapChildCount(entries.length), newest), { headers: { "Content-Type": "application/xml; charset=utf-8" } });
}
