import { HTML_LANG, type Lang } from "@/lib/i18n/languages";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/**
 * “3分钟前” / “3 minutes ago”: the largest whole unit that fits. Under a minute
 * (or a clock slightly ahead of ours) it is null, and callers say “just now”.
 */
export function formatRelativeTime(date: Date, now: Date, lang: Lang): string | null {
  const seconds = Math.floor((now.getTime() - date.getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return new Intl.RelativeTimeFormat(HTML_LANG[lang], { numeric: "always" }).format(-Math.floor(seconds / size), unit);
  }
  return null;
}

/** The full date and time, for the tooltip of a relative time (China time: the site's readers' zone). */
export function formatCommentDate(date: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(HTML_LANG[lang], { dateStyle: "long", timeStyle: "short", timeZone: "Asia/Shanghai" }).format(date);
}
