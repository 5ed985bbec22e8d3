import { describe, expect, it } from "vitest";
import { describeDateProblem, readCalendarDate } from "@/lib/content/calendar-date";

describe("front-matter dates", () => {
  it("accepts real days, leap days included", () => {
    expect(readCalendarDate("2026-11-26")).toEqual({ iso: "2026-11-26" });
    expect(readCalendarDate(" 2028-02-29 ")).toEqual({ iso: "2028-02-29" });
  });

  it("refuses days that do not exist and names the month's last day", () => {
    const date = readCalendarDate("2026-02-30");
    expect(date).toEqual({ problem: "impossible", text: "2026-02-30", lastDay: "2026-02-28" });
    expect(describeDateProblem("date", date as Exclude<typeof date, { iso: string }>)).toEqual({
      message: '"date" is 2026-02-30, a day that does not exist (February 2026 has 28 days)',
      fix: 'write the real date, e.g. date: "2026-02-28"',
    });
    expect(readCalendarDate("2026-04-31")).toMatchObject({ problem: "impossible", lastDay: "2026-04-30" });
    expect(readCalendarDate("2027-02-29")).toMatchObject({ problem: "impossible", lastDay: "2027-02-28" });
    expect(readCalendarDate("2026-13-01")).toMatchObject({ problem: "impossible" });
    expect(readCalendarDate("2026-11-00")).toMatchObject({ problem: "impossible" });
  });

  it("refuses other shapes, and a Date that JavaScript may already have rolled over", () => {
    expect(readCalendarDate("26/11/2026")).toMatchObject({ problem: "format" });
    expect(readCalendarDate("2026-11-26T10:00:00Z")).toMatchObject({ problem: "format" });
    expect(readCalendarDate(new Date("2026-03-02"))).toMatchObject({ problem: "format" });
    expect(readCalendarDate(20261126)).toMatchObject({ problem: "format" });
  });
});
