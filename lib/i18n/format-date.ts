import { HTML_LANG, type Lang } from "./languages";

/** A YYYY-MM-DD date as readers write it: 2026年11月26日 / November 26, 2026. */
export function formatDate(isoDate: string, lang: Lang): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(HTML_LANG[lang], { dateStyle: "long", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A month as readers write it: 2026年11月 / November 2026. */
export function formatMonth(year: number, month: number, lang: Lang): string {
  return new Intl.DateTimeFormat(HTML_LANG[lang], { year: "numeric", month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(year, month - 1, 1)));
}
