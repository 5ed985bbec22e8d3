import type { Metadata } from "next";
import { firstSentence } from "@/lib/content/first-sentence";
import type { Report } from "@/lib/content/report-types";
import { availableLanguages, getReportInLanguage } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import { LANGUAGES, OG_LOCALE, otherLang, type Lang } from "@/lib/i18n/languages";
import { feedPath, homePath, ogImagePath, reportPath, sectionPath } from "@/lib/routes";
import { absoluteUrl } from "@/lib/site-url";
import { languageAlternates } from "./language-alternates";
import { toPublishedInstant } from "./dates";

const OG_IMAGE_SIZE = { width: 1200, height: 630 };

/** Every page advertises the feed in its own language. */
function feedAlternate(lang: Lang) {
  return { "application/rss+xml": [{ url: absoluteUrl(feedPath(lang)), title: `${getT(lang)("site.name")} RSS` }] };
}

export function homeMetadata(lang: Lang): Metadata {
  const t = getT(lang);
  const title = t("site.name");
  return {
    title: { absolute: title },
    description: t("home.description"),
    alternates: { ...languageAlternates(homePath, LANGUAGES, lang), types: feedAlternate(lang) },
    openGraph: {
      type: "website",
      siteName: title,
      title,
      description: t("home.description"),
      url: absoluteUrl(homePath(lang)),
      locale: OG_LOCALE[lang],
      alternateLocale: [OG_LOCALE[otherLang(lang)]],
    },
    twitter: { card: "summary", title, description: t("home.description") },
  };
}

interface ArticleOptions {
  /** A section URL previews as that section; the canonical stays the article. */
  sectionId?: string;
}

export function articleMetadata(report: Report, lang: Lang, options: ArticleOptions = {}): Metadata {
  const t = getT(lang);
  const { content, isFallback } = getReportInLanguage(report, lang);
  const { meta } = content;
  const languages = availableLanguages(report);
  const section = options.sectionId ? content.sections.find((s) => s.id === options.sectionId) : undefined;
  const title = section ? `${section.title} · ${meta.title}` : meta.title;
  const description = section ? firstSentence(section.text) : meta.summary;
  const pathFor = (l: Lang) => (section ? sectionPath(l, report.slug, section.id) : reportPath(l, report.slug));
  const alternates = languageAlternates(pathFor, languages, isFallback ? "zh" : lang);
  const image = { url: absoluteUrl(ogImagePath(meta.lang, report.slug)), ...OG_IMAGE_SIZE, alt: meta.title };
  return {
    title,
    description,
    alternates: {
      ...alternates,
      // The article is the canonical document; a section URL is a way into it.
      canonical: absoluteUrl(reportPath(isFallback ? "zh" : lang, report.slug)),
      types: feedAlternate(lang),
    },
    authors: meta.reporter ? [{ name: meta.reporter }] : undefined,
    openGraph: {
      type: "article",
      siteName: t("site.name"),
      title,
      description,
      url: absoluteUrl(pathFor(lang)),
      locale: OG_LOCALE[meta.lang],
      alternateLocale: languages.filter((l) => l !== meta.lang).map((l) => OG_LOCALE[l]),
      publishedTime: toPublishedInstant(meta.date),
      modifiedTime: toPublishedInstant(meta.updated ?? meta.date),
      section: t(`category.${meta.category}`, { lng: meta.lang }),
      authors: meta.reporter ? [meta.reporter] : undefined,
      images: [image],
    },
    twitter: { card: "summary_large_image", title, description, images: [image.url] },
  };
}

/**
 * A list page (category, archive, page N of a list): its title, description,
 * and canonical and hreflang URLs in both interface languages.
 */
export function listMetadata(lang: Lang, title: string, description: string, pathFor: (lang: Lang) => string): Metadata {
  return {
    title,
    description,
    alternates: { ...languageAlternates(pathFor, LANGUAGES, lang), types: feedAlternate(lang) },
    openGraph: { type: "website", siteName: getT(lang)("site.name"), title, description, url: absoluteUrl(pathFor(lang)), locale: OG_LOCALE[lang] },
  };
}
