import type { Metadata } from "next";
import { HTML_LANG, LANGUAGES, type Lang } from "@/lib/i18n/languages";
import { absoluteUrl } from "@/lib/site-url";

/**
 * Canonical URL and hreflang alternates for a page that exists in `languages`
 * (only those are listed, so every listed page lists the same set back).
 * Chinese is the x-default: it is the original language of every report.
 */
export function languageAlternates(pathFor: (lang: Lang) => string, languages: readonly Lang[], canonicalLang: Lang): NonNullable<Metadata["alternates"]> {
  const available = LANGUAGES.filter((lang) => languages.includes(lang));
  const hreflang: Record<string, string> = {};
  for (const lang of available) hreflang[HTML_LANG[lang]] = absoluteUrl(pathFor(lang));
  hreflang["x-default"] = absoluteUrl(pathFor(available.includes("zh") ? "zh" : available[0]!));
  return { canonical: absoluteUrl(pathFor(canonicalLang)), languages: hreflang };
}
