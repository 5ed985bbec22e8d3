import type { AuditEntry } from "../store/moderation-store";

/** Most audit rows one download carries (newest first). */
export const AUDIT_DOWNLOAD_LIMIT = 50_000;

const CSV_COLUMNS = ["id", "at", "moderator", "action", "commentId", "slug", "statusBefore", "statusAfter", "detail"] as const;

/**
 * One CSV cell: quoted when needed, and a leading = + - @ (or tab/CR) made
 * inert with an apostrophe, so a spreadsheet never runs a cell as a formula.
 */
function cell(value: string | null): string {
  if (value === null) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((e) => CSV_COLUMNS.map((column) => cell(column === "at" ? e.at.toISOString() : e[column])).join(","));
  // A byte-order mark, so spreadsheet programs read the Chinese as UTF-8.
  return `\uFEFF${[CSV_COLUMNS.join(","), ...rows].join("\r\n")}\r\n`;
}

export function auditJson(entries: readonly AuditEntry[]): string {
  return `${JSON.stringify({ entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) }, null, 2)}\n`;
}
