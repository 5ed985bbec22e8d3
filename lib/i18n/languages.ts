/** The languages the site is published in, in the order they are offered. */
export const LANGUAGES = ["zh", "en"] as const;
export type Lang = (typeof LANGUAGES)[number];

export const DEFAULT_LANG: Lang = "zh";

/** BCP 47 tags for `<html lang>`, `hreflang` and `lang` attributes. */
export const HTML_LANG: Record<Lang, string> = { zh: "zh-CN", en: "en" };

/** Open Graph locale names. */
export const OG_LOCALE: Record<Lang, string> = { zh: "zh_CN", en: "en_US" };

/** Name of the cookie that remembers the reader's language choice. */
export const LANG_COOKIE = "lang";

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export function otherLang(lang: Lang): Lang {
  return lang === "zh" ? "en" : "zh";
}
