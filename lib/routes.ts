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

/** A section's own URL: shareable, and previewed as that section (a #fragment never reaches a server). */
export function sectionPath(lang: Lang, slug: string, sectionId: string): string {
  return `${reportPath(lang, slug)}/${sectionId}`;
}

export function feedPath(lang: Lang): string {
  return `/${lang}/feed.xml`;
}

/** The report's 1200×630 preview image in one language. */
export function ogImagePath(lang: Lang, slug: string): string {
  return `${reportPath(lang, slug)}/og-image.png`;
}

/** The QR code (SVG) of a page's absolute URL: `/zh/reports/x/oversight` → `/zh/reports/x/oversight/qr.svg`. */
export function qrCodePath(pagePath: string): string {
  return `${pagePath}/qr.svg`;
}

/** 中英对照: the report with each Chinese paragraph beside its English one, interface in `lang`. */
export function bilingualPath(lang: Lang, slug: string): string {
  return `${reportPath(lang, slug)}/bilingual`;
}

/** The three ways to read a report: 中文, English, 中英对照. */
export type ReadingMode = Lang | "bilingual";

export interface ReadingModeLink {
  mode: ReadingMode;
  href: string;
  /** The page the reader is on. */
  current: boolean;
  /** The target shows the whole report, so the section in view may be added as #id. */
  carriesSection: boolean;
}

/** Report sub-pages that are not sections (section ids may not use these names). */
const REPORT_SUBPAGES = new Set(["bilingual", "comments"]);

/**
 * The language toggle's links from the page at `pathname`: 中文 and English
 * everywhere, and 中英对照 on a report's pages (hidden by the stylesheet on
 * reports without English: NoBilingualMode). A section URL leads to the same section in each mode.
 */
export function readingModeLinks(pathname: string): ReadingModeLink[] {
  const report = /^\/(zh|en)\/reports\/([^/?#]+)(?:\/([^/?#]+))?\/?$/.exec(pathname);
  if (!report) {
    const lang = /^\/(zh|en)(?=\/|$)/.exec(pathname)?.[1];
    return (["zh", "en"] as const).map((mode) => ({ mode, href: switchLanguagePath(pathname, mode), current: mode === lang, carriesSection: true }));
  }
  const lang = report[1] as Lang;
  const slug = report[2]!;
  const subpage = report[3];
  const current: ReadingMode = subpage === "bilingual" ? "bilingual" : lang;
  const sectionId = subpage && !REPORT_SUBPAGES.has(subpage) ? subpage : undefined;
  const links: ReadingModeLink[] = (["zh", "en"] as const).map((mode) => {
    if (sectionId) return { mode, href: sectionPath(mode, slug, sectionId), current: mode === current, carriesSection: false };
    if (subpage === "comments") return { mode, href: `${reportPath(mode, slug)}/comments`, current: mode === current, carriesSection: false };
    return { mode, href: reportPath(mode, slug), current: mode === current, carriesSection: true };
  });
  const href = sectionId ? `${bilingualPath(lang, slug)}#${sectionId}` : bilingualPath(lang, slug);
  links.push({ mode: "bilingual", href, current: current === "bilingual", carriesSection: true });
  return links;
}

/** Page `page` of the home list; page 1 is the home page itself. */
export function homePagePath(lang: Lang, page = 1): string {
  return page <= 1 ? homePath(lang) : `${homePath(lang)}/page/${page}`;
}

export function categoryPath(lang: Lang, category: string, page = 1): string {
  const first = `/${lang}/categories/${category}`;
  return page <= 1 ? first : `${first}/page/${page}`;
}

/** The archive: every month with reports; with a year and month, that month's reports. */
export function archivePath(lang: Lang, year?: number, month?: number): string {
  if (year === undefined || month === undefined) return `/${lang}/archive`;
  return `/${lang}/archive/${year}/${String(month).padStart(2, "0")}`;
}

export function searchPath(lang: Lang, query?: string): string {
  return query ? `/${lang}/search?q=${encodeURIComponent(query)}` : `/${lang}/search`;
}
