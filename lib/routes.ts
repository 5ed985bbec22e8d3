import type { Lang } from "@/lib/i18n/languages";

/** Every internal URL is built here, so pages, feeds and sitemaps agree. */
export function homePath(lang: Lang): string {
  return `/${lang}`;
}

export function reportPath(lang: Lang, slug: string): string {
  return `/${lang}/reports/${slug}`;
}

export function sectionAnchor(lang: Lang, slug: string, sectionId: string): string {
  return `${reportPath(lang, slug)}#${sectionId}`;
}

/** Swaps the language segment of a site path, keeping the rest (and any #fragment). */
export function switchLanguagePath(pathname: string, to: Lang): string {
  const match = /^\/(zh|en)(?=\/|$|#|\?)(.*)$/.exec(pathname);
  return match ? `/${to}${match[2]}` : `/${to}`;
}
