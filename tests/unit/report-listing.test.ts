import { describe, expect, it } from "vitest";
import { archiveMonths, PAGE_SIZE, paginate, parseArchiveParams, parsePageParam, prebuiltPageNumbers, reportsInMonth } from "@/lib/content/report-listing";
import type { ReportSummary } from "@/lib/content/report-types";
import { parseSitemapFile, sitemapChildCount, sitemapIndexXml, urlsetXml } from "@/lib/seo/sitemap-xml";

const report = (slug: string, date: string): ReportSummary => ({
  slug,
  languages: { zh: { meta: { slug, lang: "zh", title: slug, summary: "", date, source: "", category: "rule-of-law", draft: false }, sections: [] } },
});

describe("paginated lists", () => {
  const items = Array.from({ length: 45 }, (_, i) => i);

  it("shows 20 a page and knows the last page", () => {
    expect(paginate(items, 1)).toMatchObject({ page: 1, pageCount: 3 });
    expect(paginate(items, 1)!.items).toHaveLength(PAGE_SIZE);
    expect(paginate(items, 3)!.items).toEqual([40, 41, 42, 43, 44]);
    expect(paginate(items, 4)).toBeUndefined();
    expect(paginate([], 1)).toEqual({ items: [], page: 1, pageCount: 1 });
  });

  it("accepts one spelling of each page number", () => {
    expect(parsePageParam("2")).toBe(2);
    for (const bad of ["0", "02", "-1", "1e1", "2.0", "", "abc", "9999999", " 2"]) expect(parsePageParam(bad), bad).toBeUndefined();
  });

  it("builds the first few pages only, whatever the archive's size", () => {
    expect(prebuiltPageNumbers(10)).toEqual([]);
    expect(prebuiltPageNumbers(45)).toEqual([2, 3]);
    expect(prebuiltPageNumbers(10_000)).toEqual([2, 3]);
  });
});

describe("archive", () => {
  const reports = [report("c", "2026-11-26"), report("b", "2026-11-01"), report("a", "2025-01-31")];

  it("lists every month with reports, newest first, with counts", () => {
    expect(archiveMonths(reports)).toEqual([
      { year: 2026, month: 11, count: 2 },
      { year: 2025, month: 1, count: 1 },
    ]);
    expect(reportsInMonth(reports, 2026, 11).map((r) => r.slug)).toEqual(["c", "b"]);
  });

  it("accepts /archive/2026/11 and nothing looser", () => {
    expect(parseArchiveParams("2026", "11")).toEqual({ year: 2026, month: 11 });
    for (const [y, m] of [["2026", "13"], ["2026", "1"], ["26", "11"], ["2026", "00"], ["x", "11"]]) expect(parseArchiveParams(y!, m!)).toBeUndefined();
  });
});

describe("sitemap index", () => {
  it("splits URLs into child sitemaps of at most 50,000", () => {
    expect(sitemapChildCount(18)).toBe(1);
    expect(sitemapChildCount(50_000)).toBe(1);
    expect(sitemapChildCount(160_016)).toBe(4);
    expect(parseSitemapFile("4.xml", 4)).toBe(3);
    for (const bad of ["0.xml", "5.xml", "01.xml", "1.xm", "../1.xml"]) expect(parseSitemapFile(bad, 4), bad).toBeUndefined();
  });

  it("writes an index and urlsets that escape their URLs", () => {
    expect(sitemapIndexXml(2)).toContain("/sitemaps/2.xml</loc>");
    const xml = urlsetXml([{ url: "https://x.org/a?b=1&c=2", alternates: { languages: { en: "https://x.org/en" } } }]);
    expect(xml).toContain("<loc>https://x.org/a?b=1&amp;c=2</loc>");
    expect(xml).toContain('<xhtml:link rel="alternate" hreflang="en" href="https://x.org/en"/>');
  });
});
