import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

/** The proxy's question, on the fixture site (a translated report, a Chinese-only one, a draft shown outside production). */
describe("pageExists", () => {
  let pageExists: (pathname: string) => boolean | undefined;
  beforeAll(async () => {
    process.env.CONTENT_DIR = path.resolve("tests/fixtures/content-errors/valid");
    ({ pageExists } = await import("@/lib/content/page-exists"));
  });

  it("knows published reports and their sub-pages", () => {
    for (const p of ["/zh/reports/sample-report", "/en/reports/sample-report/bilingual", "/en/reports/sample-report/og-image.png", "/zh/reports/chinese-only/comments", "/en/reports/chinese-only/first"]) expect(pageExists(p), p).toBe(true);
  });

  it("knows the QR code of every page that has one", () => {
    for (const p of ["/zh/reports/sample-report/qr.svg", "/en/reports/sample-report/bilingual/qr.svg", "/en/reports/chinese-only/first/qr.svg"]) expect(pageExists(p), p).toBe(true);
    for (const p of [
      "/zh/reports/no-such-report/qr.svg",
      "/zh/reports/chinese-only/bilingual/qr.svg",
      "/zh/reports/sample-report/no-such-section/qr.svg",
      "/zh/reports/sample-report/comments/qr.svg",
      "/zh/reports/sample-report/og-image.png/qr.svg",
      "/zh/reports/sample-report/qr.svg/qr.svg",
      "/zh/reports/sample-report/first/qr.svg/extra",
    ])
      expect(pageExists(p), p).toBe(false);
  });

  it("refuses what does not exist, so the proxy answers a real 404 page", () => {
    for (const p of [
      "/zh/reports/no-such-report",
      "/zh/reports/sample-report/no-such-section",
      "/zh/reports/chinese-only/bilingual",
      "/en/reports/chinese-only/og-image.png",
      "/zh/reports/sample-report/first/extra",
      "/fr/reports/sample-report",
      "/zh/page/1",
      "/zh/page/2",
      "/zh/page/abc",
      "/zh/categories/sports",
      "/zh/categories/rule-of-law/page/2",
      "/zh/archive/2026/13",
      "/zh/archive/1999/01",
    ])
      expect(pageExists(p), p).toBe(false);
  });

  it("leaves other routes to Next", () => {
    expect(pageExists("/zh")).toBeUndefined();
    expect(pageExists("/en/search")).toBeUndefined();
    // The proxy's patterns (/:lang/reports/…) also match the comments API.
    expect(pageExists("/api/reports/sample-report/comments")).toBeUndefined();
    expect(pageExists("/api/reports/no-such-report/comments/form")).toBeUndefined();
    expect(pageExists("/zh/categories/rule-of-law")).toBe(true);
    expect(pageExists("/en/archive")).toBe(true);
  });
});
