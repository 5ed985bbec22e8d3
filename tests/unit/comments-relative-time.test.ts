import { describe, expect, it } from "vitest";
import { formatCommentDate, formatRelativeTime } from "@/lib/comments/relative-time";

const now = new Date("2026-03-01T12:00:00Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe("relative comment times", () => {
  it("reads 3分钟前 and 3 minutes ago", () => {
    expect(formatRelativeTime(ago(180), now, "zh")).toBe("3分钟前");
    expect(formatRelativeTime(ago(180), now, "en")).toBe("3 minutes ago");
  });

  it("uses the largest whole unit", () => {
    expect(formatRelativeTime(ago(2 * 3600 + 59 * 60), now, "zh")).toBe("2小时前");
    expect(formatRelativeTime(ago(26 * 3600), now, "en")).toBe("1 day ago");
    expect(formatRelativeTime(ago(45 * 86400), now, "en")).toBe("1 month ago");
    expect(formatRelativeTime(ago(800 * 86400), now, "zh")).toBe("2年前");
  });

  it("leaves “just now” to the caller under a minute, and for clocks slightly ahead", () => {
    expect(formatRelativeTime(ago(59), now, "zh")).toBeNull();
    expect(formatRelativeTime(ago(-30), now, "en")).toBeNull();
  });

  it("gives the full date in China time for the tooltip", () => {
    expect(formatCommentDate(new Date("2026-03-01T16:30:00Z"), "zh")).toContain("2026年3月2日");
    expect(formatCommentDate(new Date("2026-03-01T16:30:00Z"), "en")).toMatch(/March 2, 2026/);
  });
});
