import type { Report } from "@/lib/content/report-types";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { feedPath, homePath, reportPath } from "@/lib/routes";
import { toRfc822 } from "@/lib/seo/dates";
import { absoluteUrl } from "@/lib/site-url";

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const xml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
/** CDATA cannot contain "]]>"; split it across two sections. */
const cdata = (html: string) => `<![CDATA[${html.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;

/** Feeds carry the latest reports only: readers' apps poll them, and the archive is on the site. */
export const FEED_SIZE = 50;

/** The `FEED_SIZE` newest of `reports` (newest first) that have a text in `lang`. */
export function feedSelection<R extends { languages: Partial<Record<Lang, unknown>> }>(reports: readonly R[], lang: Lang): R[] {
  return reports.filter((report) => report.languages[lang]).slice(0, FEED_SIZE);
}

/**
 * RSS 2.0 of the reports published in `lang`, newest first, with the summary
 * as description and the full text as content:encoded. Links are absolute.
 */
export function buildRss(reports: Report[], lang: Lang): string {
  const t = getT(lang);
  const inLanguage = feedSelection(reports, lang);
  const items = inLanguage.map((report) => {
    const content = report.languages[lang]!;
    const { meta } = content;
    const url = absoluteUrl(reportPath(lang, report.slug));
    const body = [content.lede.html, ...content.sections.map((s) => `<h2>${xml(s.title)}</h2>\n${s.html}`)].join("\n");
    return [
      "    <item>",
      `      <title>${xml(meta.title)}</title>`,
      `      <link>${xml(url)}</link>`,
      `      <guid isPermaLink="true">${xml(url)}</guid>`,
      `      <pubDate>${toRfc822(meta.date)}</pubDate>`,
      `      <category>${xml(t(`category.${meta.category}`))}</category>`,
      meta.reporter ? `      <dc:creator>${xml(meta.reporter)}</dc:creator>` : "",
      `      <description>${xml(meta.summary)}</description>`,
      `      <content:encoded>${cdata(body)}</content:encoded>`,
      "    </item>",
    ]
      .filter(Boolean)
      .join("\n");
  });
  const newest = inLanguage.map((r) => r.languages[lang]!.meta).map((m) => m.updated ?? m.date).sort().at(-1);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    "  <channel>",
    `    <title>${xml(t("site.name"))}</title>`,
    `    <link>${xml(absoluteUrl(homePath(lang)))}</link>`,
    `    <description>${xml(t("home.description"))}</description>`,
    `    <language>${HTML_LANG[lang]}</language>`,
    `    <atom:link href="${xml(absoluteUrl(feedPath(lang)))}" rel="self" type="application/rss+xml"/>`,
    newest ? `    <lastBuildDate>${toRfc822(newest)}</lastBuildDate>` : "",
    ...items,
    "  </channel>",
    "</rss>",
    "",
  ]
    .filter((line) => line !== "")
    .join("\n");
}
