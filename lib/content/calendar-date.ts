/**
 * A front-matter date, checked as a calendar date. The front matter is read
 * with YAML's core schema, so quoted and unquoted dates both arrive as text;
 * a Date object (from any other reader) is refused rather than trusted,
 * because JavaScript has already rolled 2026-02-30 over to 2026-03-02 in it.
 */
export type CalendarDate = { iso: string } | { problem: "format" | "impossible"; text: string; lastDay?: string };

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export function readCalendarDate(value: unknown): CalendarDate {
  const text = value instanceof Date ? "a timestamp" : String(value).trim();
  if (typeof value !== "string") return { problem: "format", text };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return { problem: "format", text };
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12) return { problem: "impossible", text };
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > days) {
    return { problem: "impossible", text, lastDay: `${match[1]}-${match[2]}-${String(days).padStart(2, "0")}` };
  }
  return { iso: text };
}

/** What to tell an editor about a date that is not a real YYYY-MM-DD day. */
export function describeDateProblem(key: string, date: Exclude<CalendarDate, { iso: string }>): { message: string; fix: string } {
  const example = `write ${key}: "2026-11-26" (YYYY-MM-DD)`;
  if (date.problem === "format") return { message: `"${key}" must be a real date written YYYY-MM-DD, not ${JSON.stringify(date.text)}`, fix: example };
  if (!date.lastDay) return { message: `"${key}" is ${date.text}, and there is no month ${date.text.slice(5, 7)}`, fix: `${example}, with a month from 01 to 12` };
  const month = MONTHS[Number(date.text.slice(5, 7)) - 1];
  return {
    message: `"${key}" is ${date.text}, a day that does not exist (${month} ${date.text.slice(0, 4)} has ${Number(date.lastDay.slice(8))} days)`,
    fix: `write the real date, e.g. ${key}: "${date.lastDay}"`,
  };
}
