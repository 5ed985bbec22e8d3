import type { Report, ReportSummary } from "@/lib/content/report-types";
import { getReportInLanguage } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { categoryPath, homePath, ogImagePath, reportPath } from "@/lib/routes";
import { absoluteUrl } from "@/lib/site-url";
import { toPublishedInstant } from "./dates";

type JsonLd = Record<string, unknown>;

function website(lang: Lang): JsonLd {
  return { "@type": "WebSite", name: getT(lang)("site.name"), url: absoluteUrl(homePath(lang)), inLanguage: HTML_LANG[lang] };
}

/** schema.org NewsArticle for a report page, as search engines and news apps read it. */
export function newsArticleJsonLd(report: Report, lang: Lang): JsonLd {
  const { content, isFallback } = getReportInLanguage(report, lang);
  const { meta } = content;
  const url = absoluteUrl(reportPath(isFallback ? "zh" : lang, report.slug));
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: meta.title,
    description: meta.summary,
    url,
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    datePublished: toPublishedInstant(meta.date),
    dateModified: toPublishedInstant(meta.updated ?? meta.date),
    inLanguage: HTML_LANG[meta.lang],
    image: [absoluteUrl(ogImagePath(meta.lang, report.slug))],
    ...(meta.reporter ? { author: [{ "@type": "Person", name: meta.reporter, jobTitle: getT(meta.lang)("article.reporterRole") }] } : {}),
    ...(meta.correspondent ? { contributor: [{ "@type": "Person", name: meta.correspondent, jobTitle: getT(meta.lang)("article.correspondentRole") }] } : {}),
    publisher: { "@type": "NewsMediaOrganization", name: meta.source },
    isPartOf: website(lang),
    articleSection: content.sections.map((section) => section.title),
  };
}

/** The visible breadcrumb (首页 > 法治政府 > 文章详情), for search results. */
export function breadcrumbJsonLd(report: ReportSummary, lang: Lang): JsonLd {
  const t = getT(lang);
  const { meta } = getReportInLanguage(report, lang).content;
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: [
      { "@type": "ListItem", position: 1, name: t("breadcrumb.home"), item: absoluteUrl(homePath(lang)) },
      { "@type": "ListItem", position: 2, name: t(`category.${meta.category}`), item: absoluteUrl(categoryPath(lang, meta.category)) },
      { "@type": "ListItem", position: 3, name: t("breadcrumb.article"), item: absoluteUrl(reportPath(lang, report.slug)) },
    ],
  };
}

export function homeJsonLd(reports: ReportSummary[], lang: Lang): JsonLd[] {
  return [
    { "@context": "https://schema.org", ...website(lang) },
    {
      "@context": "https://schema.org",
      "@type": "ItemList",
      itemListElement: reports.map((report, index) => ({
        "@type": "ListItem",
        position: index + 1,
        url: absoluteUrl(reportPath(lang, report.slug)),
        name: getReportInLanguage(report, lang).content.meta.title,
      })),
    },
  ];
}
