import type { MetadataRoute } from "next";
import { absoluteUrl } from "@/lib/site-url";

/** The sitemaps protocol's limit per file (50,000 URLs); a larger site is a sitemap index of several files. */
export const SITEMAP_MAX_URLS = 50_000;

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const xml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

export function sitemapChildPath(index: number): string {
  return `/sitemaps/${index + 1}.xml`;
}

/** Which child sitemap a `/sitemaps/{n}.xml` file name means (0-based), if any. */
export function parseSitemapFile(file: string, childCount: number): number | undefined {
  const match = /^([1-9]\d{0,4})\.xml$/.exec(file);
  const index = match ? Number(match[1]) - 1 : -1;
  return index >= 0 && index < childCount ? index : undefined;
}

export function sitemapChildCount(entryCount: number, maxUrls = SITEMAP_MAX_URLS): number {
  return Math.max(1, Math.ceil(entryCount / maxUrls));
}

/** `/sitemap.xml`: the index of every child sitemap. */
export function sitemapIndexXml(childCount: number, lastModified?: string): string {
  const children = Array.from({ length: childCount }, (_, i) =>
    ["  <sitemap>", `    <loc>${xml(absoluteUrl(sitemapChildPath(i)))}</loc>`, lastModified ? `    <lastmod>${xml(lastModified)}</lastmod>` : "", "  </sitemap>"].filter(Boolean).join("\n"),
  );
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...children, "</sitemapindex>", ""].join("\n");
}

/** One child sitemap: a urlset with hreflang alternates (xhtml:link), as search engines read it. */
export function urlsetXml(entries: MetadataRoute.Sitemap): string {
  const urls = entries.map((entry) => {
    const links = Object.entries(entry.alternates?.languages ?? {}).map(([hreflang, href]) => `    <xhtml:link rel="alternate" hreflang="${xml(hreflang)}" href="${xml(String(href))}"/>`);
    const lastmod = entry.lastModified ? `    <lastmod>${xml(String(entry.lastModified))}</lastmod>` : "";
    return ["  <url>", `    <loc>${xml(entry.url)}</loc>`, ...links, lastmod, "  </url>"].filter(Boolean).join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...urls,
    "</urlset>",
    "",
  ].join("\n");
}
