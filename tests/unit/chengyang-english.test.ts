import { describe, expect, it } from "vitest";
import { loadAllReports } from "@/lib/content/reports";

/** The published English edition, read as an English-language desk would before publication. */
const { reports, problems, warnings } = loadAllReports();
const report = reports.find((r) => r.slug === "chengyang-rule-of-law")!;
const en = report.languages.en!;
const paragraphs = [...en.lede.blocks, ...en.sections.flatMap((s) => s.blocks)].map((b) => b.text);
const everything = [en.meta.title, en.meta.summary, ...en.sections.map((s) => s.title), ...paragraphs];

describe("the Chengyang report's English edition", () => {
  it("passes every check, warnings included", () => {
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("opens each numbered paragraph with a whole sentence, not a fragment such as “First, deepening …”", () => {
    const numbered = en.sections.flatMap((s) => s.blocks.map((b) => b.text));
    expect(numbered).toHaveLength(25);
    for (const text of numbered) {
      expect(text).toMatch(/^(First|Second|Third|Fourth|Fifth|Sixth), the district has /);
    }
  });

  it("has no Chinese characters and no straight quotation marks", () => {
    for (const text of everything) {
      expect(text).not.toMatch(/[\u3400-\u9fff《》]/u);
      expect(text).not.toMatch(/["']/);
    }
  });

  it("keeps to British spelling and one currency style", () => {
    const text = everything.join("\n");
    expect(text).not.toMatch(/\b(center|organiz|standardiz(?!ation Administration)|honor|favor|program\b|catalog\b|fulfill|civiliz|toward\b)/i);
    expect(text).not.toMatch(/\bRMB\b|¥|CNY/);
    expect(text).toContain("30 billion yuan");
    expect(text).toContain("20 million yuan");
  });

  it("says where Chengyang is, and gives the aim as an aim", () => {
    expect(paragraphs[0]).toMatch(/^Chengyang, a district of Qingdao in Shandong province,/);
    expect(paragraphs[0]).toContain("The aim is to provide strong legal safeguards");
    expect(en.meta.summary).toContain("The aim is to provide");
  });

  it("has none of the calques the review found", () => {
    const text = everything.join("\n");
    for (const calque of ["overarching lever", "sense of gain", "giving play", "three-izations", "county (city, district)", "Xifu Town", "letters and visits", "legal practice", "demonstration zone", "law-based government building"]) {
      expect(text).not.toContain(calque);
    }
  });
});
