import type { MetadataRoute } from "next";
import type { ReportSummary } from "@/lib/content/report-types";
import { availableLanguages } from "@/lib/content/reports";
import { HTML_LANG, LANGUAGES, type Lang } from "@/lib/i18n/languages";
import { CATEGORIES } from "@/lib/content/categories";
import { archivePath, categoryPath, homePath, reportPath, sectionPath } from "@/lib/routes";
import { absoluteUrl } from "@/lib/site-url";

/** One sitemap entry per language of a page, each listing all of them as alternates. */
function entries(pathFor: (lang: Lang) => string, languages: readonly Lang[], lastModified?: string): MetadataRoute.Sitemap {
  const alternates = { languages: Object.fromEntries(languages.map((lang) => [HTML_LANG[lang], absoluteUrl(pathFor(lang))])) };
  return languages.map((lang) => ({ url: absoluteUrl(pathFor(lang)), ...(lastModified ? { lastModified } : {}), alternates }));
}

/** Every home, category, archive, article and section URL that readers can open, in each language the report exists in. */
export function sitemapEntries(reports: ReportSummary[]): MetadataRoute.Sitemap {
  const newest = reports.map((r) => r.languages.zh.meta).map((m) => m.updated ?? m.date).sort().at(-1);
  return [
    ...entries(homePath, LANGUAGES, newest),
    ...CATEGORIES.flatMap((category) => entries((lang) => categoryPath(lang, category), LANGUAGES)),
    ...entries((lang) => archivePath(lang), LANGUAGES, newest),
    ...reports.flatMap((report) => {
      const languages = availableLanguages(report);
      const { meta, sections } = report.languages.zh;
      const lastModified = meta.updated ?? meta.date;
      return [
        ...entries((lang) => reportPath(lang, report.slug), languages, lastModified),
        ...sections.flatMap((section) => entries((lang) => sectionPath(lang, report.slug, section.id), languages, lastModified)),
      ];
    }),
  ];
}
