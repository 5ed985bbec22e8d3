import type { ReportSummary } from "./report-types";

/** Reports per page on the home page, category pages and archive months. */
export const PAGE_SIZE = 20;

/** Pages pre-rendered at build for each list; later pages render on first request and are cached. */
export const PREBUILT_LIST_PAGES = 3;

export interface ListPage<T> {
  items: T[];
  page: number;
  pageCount: number;
}

/** Page `page` (from 1) of `items`, or undefined when there is no such page (page 1 always exists, maybe empty). */
export function paginate<T>(items: readonly T[], page: number): ListPage<T> | undefined {
  const pageCount = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  if (!Number.isSafeInteger(page) || page < 1 || page > pageCount) return undefined;
  return { items: items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), page, pageCount };
}

/**
 * A page number from a URL segment: digits only, no leading zero, so each
 * page has one URL (`/page/02` and `/page/1e1` are not pages).
 */
export function parsePageParam(value: string): number | undefined {
  if (!/^[1-9]\d{0,5}$/.test(value)) return undefined;
  return Number(value);
}

/** Page numbers 2..n to pre-render at build. */
export function prebuiltPageNumbers(itemCount: number): number[] {
  const pageCount = Math.max(1, Math.ceil(itemCount / PAGE_SIZE));
  return Array.from({ length: Math.min(pageCount, PREBUILT_LIST_PAGES) - 1 }, (_, i) => i + 2);
}

export function reportsInCategory<R extends ReportSummary>(reports: readonly R[], category: string): R[] {
  return reports.filter((report) => report.languages.zh.meta.category === category);
}

export interface ArchiveMonth {
  year: number;
  month: number;
  count: number;
}

/** Every month that has reports, newest first, with how many (reports are newest first already). */
export function archiveMonths(reports: readonly ReportSummary[]): ArchiveMonth[] {
  const months = new Map<string, ArchiveMonth>();
  for (const report of reports) {
    const key = report.languages.zh.meta.date.slice(0, 7);
    const entry = months.get(key) ?? { year: Number(key.slice(0, 4)), month: Number(key.slice(5, 7)), count: 0 };
    entry.count++;
    months.set(key, entry);
  }
  return [...months.values()].sort((a, b) => b.year - a.year || b.month - a.month);
}

/** A `/archive/{year}/{month}` pair from URL segments: four-digit year, two-digit month. */
export function parseArchiveParams(year: string, month: string): { year: number; month: number } | undefined {
  if (!/^\d{4}$/.test(year) || !/^(0[1-9]|1[0-2])$/.test(month)) return undefined;
  return { year: Number(year), month: Number(month) };
}

export function reportsInMonth<R extends ReportSummary>(reports: readonly R[], year: number, month: number): R[] {
  const prefix = `${year}-${String(month).padStart(2, "0")}-`;
  return reports.filter((report) => report.languages.zh.meta.date.startsWith(prefix));
}

/**
 * Reports whose pages (article, 中英对照, preview images) are built with the
 * site: the newest, which readers open most. Older reports and every section
 * page render on first request and are cached until the next build, so the
 * build's time does not grow with the archive.
 */
export const PREBUILT_REPORTS = 20;

export function prebuiltReports<R>(reports: readonly R[]): R[] {
  return reports.slice(0, PREBUILT_REPORTS);
}
