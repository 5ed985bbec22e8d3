import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  alignReport,
  chineseOrdinal,
  englishOrdinal,
  excerpt,
  findDriftIndex,
  findParagraphMismatches,
  numbersIn,
  paragraphsCorrespond,
} from "@/lib/content/align-paragraphs";
import { formatProblem } from "@/lib/content/content-problem";
import { displayPath } from "@/lib/content/content-root";
import type { LocalizedReport } from "@/lib/content/report-types";
import { loadAllReports } from "@/lib/content/reports";

/** A minimal report whose paragraphs are the given texts. */
function report(lang: "zh" | "en", lede: string[], sections: Record<string, string[]>): LocalizedReport {
  const blocks = (texts: string[]) => texts.map((text) => ({ html: `<p>${text}</p>`, text }));
  return {
    meta: { slug: "sample", lang, title: lang, summary: "", date: "2026-11-20", source: "", category: "rule-of-law", draft: false },
    lede: { html: "", text: "", blocks: blocks(lede) },
    sections: Object.entries(sections).map(([id, texts]) => ({ id, title: `${lang} ${id}`, html: "", text: "", blocks: blocks(texts) })),
  };
}

const ZH_OVERSIGHT = ["一是自觉接受党内监督。", "二是加强行政监督和专门监督。", "三是完善社会监督机制。", "四是全面推进政务公开。"];
const EN_OVERSIGHT = ["First, accepting intra-Party oversight.", "Second, strengthening administrative oversight.", "Third, improving public oversight.", "Fourth, advancing openness."];

describe("alignReport", () => {
  it("pairs the lede and each section's paragraphs in order, with both titles", () => {
    const aligned = alignReport(report("zh", ["导语。"], { oversight: ZH_OVERSIGHT }), report("en", ["Lede."], { oversight: EN_OVERSIGHT }));
    expect(aligned.lede.map((pair) => [pair.zh.text, pair.en.text])).toEqual([["导语。", "Lede."]]);
    expect(aligned.sections[0]!.title).toEqual({ zh: "zh oversight", en: "en oversight" });
    expect(aligned.sections[0]!.pairs.map((pair) => [pair.zh.text.slice(0, 2), pair.en.text.split(",")[0]])).toEqual([
      ["一是", "First"],
      ["二是", "Second"],
      ["三是", "Third"],
      ["四是", "Fourth"],
    ]);
  });

  it("refuses to pair a report whose counts differ, instead of showing readers a half-empty pair", () => {
    const en = report("en", ["Lede."], { oversight: EN_OVERSIGHT.slice(0, 3) });
    expect(() => alignReport(report("zh", ["导语。"], { oversight: ZH_OVERSIGHT }), en)).toThrow(/do not align/);
  });
});

describe("findParagraphMismatches", () => {
  it("finds nothing when every part has as many English paragraphs as Chinese ones", () => {
    expect(findParagraphMismatches(report("zh", ["导语。"], { oversight: ZH_OVERSIGHT }), report("en", ["Lede."], { oversight: EN_OVERSIGHT }))).toEqual([]);
  });

  it("names the lede and each section whose counts differ, with both counts and the drift", () => {
    const zh = report("zh", ["导语。"], { functions: ["一是甲。"], oversight: ZH_OVERSIGHT });
    const en = report("en", ["Lede.", "An extra lede paragraph."], { functions: ["First, a."], oversight: [EN_OVERSIGHT[0]!, EN_OVERSIGHT[2]!, EN_OVERSIGHT[3]!] });
    expect(findParagraphMismatches(zh, en)).toEqual([
      { sectionId: undefined, zhCount: 1, enCount: 2, driftIndex: 1 },
      { sectionId: "oversight", zhCount: 4, enCount: 3, driftIndex: 1 },
    ]);
  });

  it("leaves sections missing from one language to the section-id check", () => {
    expect(findParagraphMismatches(report("zh", ["导语。"], { first: ["甲。"] }), report("en", ["Lede."], { other: ["A.", "B."] }))).toEqual([]);
  });
});

describe("findDriftIndex", () => {
  it("points at a missing list item: 二是 faces Third", () => {
    expect(findDriftIndex(ZH_OVERSIGHT, [EN_OVERSIGHT[0]!, EN_OVERSIGHT[2]!, EN_OVERSIGHT[3]!])).toBe(1);
  });

  it("points at an English paragraph split in two: 二是 faces a paragraph with no ordinal", () => {
    expect(findDriftIndex(ZH_OVERSIGHT.slice(0, 2), ["First, accepting oversight.", "It also did more.", "Second, strengthening oversight."])).toBe(1);
  });

  it("points at the first pair whose numbers have nothing in common", () => {
    const zh = ["全区有10个街道。", "投入资金2000万元。", "聘请率达到100%。"];
    const en = ["The district has 10 subdistricts.", "100% have engaged legal advisers."];
    expect(findDriftIndex(zh, en)).toBe(1);
  });

  it("falls back to the paragraph after the shorter list when no signal disagrees", () => {
    expect(findDriftIndex(["甲。", "乙。", "丙。"], ["A.", "B."])).toBe(2);
    expect(findDriftIndex(["甲。"], ["A.", "B.", "C."])).toBe(1);
    expect(findDriftIndex([], ["A."])).toBe(0);
  });
});

describe("signals that survive translation", () => {
  it("reads Chinese list ordinals at the start of a paragraph only", () => {
    expect(["一是深化改革。", "五是创新。", "十二是其他。", "第三,加强。", "其二、完善。"].map(chineseOrdinal)).toEqual([1, 5, 12, 3, 2]);
    expect(["近年来,一是……", "第一批试点。", "统一是关键。"].map(chineseOrdinal)).toEqual([undefined, undefined, undefined]);
  });

  it("reads English list ordinals at the start of a paragraph only", () => {
    expect(["First, deepening reform.", "Secondly: more.", "Sixth, protecting.", " Tenth; last."].map(englishOrdinal)).toEqual([1, 2, 6, 10]);
    expect(["First Secretary Wang said.", "Second-hand goods.", "The first step."].map(englishOrdinal)).toEqual([undefined, undefined, undefined]);
  });

  it("reads numbers as written and scaled by 万, 亿, million and billion", () => {
    expect([...numbersIn("2000万元,300亿元,100%,1.5亿")]).toEqual([2000, 20_000_000, 300, 30_000_000_000, 100, 1.5, 150_000_000]);
    expect([...numbersIn("RMB 20 million, 30 billion yuan, 1,200 staff")]).toEqual([20, 20_000_000, 30, 30_000_000_000, 1200]);
  });

  it("accepts translations whose numbers are written differently", () => {
    expect(paragraphsCorrespond("青岛比亚迪公司收到了2000万元产业配套资金。", "BYD Qingdao received RMB 20 million in funds.")).toBe(true);
    expect(paragraphsCorrespond("将7个领域纳入综合执法范围。", "Seven fields were brought under comprehensive enforcement.")).toBe(true);
  });

  it("rejects pairs with different ordinals, an ordinal on one side only, or no number in common", () => {
    expect(paragraphsCorrespond("二是加强行政监督。", "Third, improving public oversight.")).toBe(false);
    expect(paragraphsCorrespond("二是加强行政监督。", "The district drew up a plan.")).toBe(false);
    expect(paragraphsCorrespond("聘请率达到100%。", "It has 28 members.")).toBe(false);
  });

  it("every paragraph pair of the published report corresponds (no false drift)", () => {
    const { reports } = loadAllReports();
    for (const { languages } of reports) {
      if (!languages.en) continue;
      const aligned = alignReport(languages.zh, languages.en);
      for (const pair of [...aligned.lede, ...aligned.sections.flatMap((s) => s.pairs)]) {
        expect(paragraphsCorrespond(pair.zh.text, pair.en.text), `${pair.zh.text.slice(0, 20)} / ${pair.en.text.slice(0, 40)}`).toBe(true);
      }
    }
  });
});

describe("the drift message editors see", () => {
  it("quotes a dozen characters of Chinese and six words of English", () => {
    expect(excerpt("二是加强行政监督和专门监督。制定行政执法监督工作计划", "zh")).toBe("二是加强行政监督和专门监…");
    expect(excerpt("Third, improving mechanisms for public oversight and oversight by the media.", "en")).toBe("Third, improving mechanisms for public oversight…");
    expect(excerpt("短句。", "zh")).toBe("短句。");
  });

  it("says 'nothing' and points at the English heading when the English simply stops", () => {
    const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "align-")), "sample-report");
    fs.mkdirSync(folder);
    const front = (title: string) => `---\ntitle: "${title}"\nsummary: "S."\ndate: "2026-11-20"\nsource: "S"\ncategory: "rule-of-law"\n---\n\n`;
    fs.writeFileSync(path.join(folder, "zh.md"), `${front("测试")}导语。\n\n## 第一部分 {#first}\n\n甲。\n\n乙。\n\n丙。\n`);
    fs.writeFileSync(path.join(folder, "en.md"), `${front("Test")}Lede.\n\nMore lede.\n\n## Part one {#first}\n\nA.\n\nB.\n`);
    const { problems } = loadAllReports(path.dirname(folder), "public");
    const file = `${displayPath(folder)}/en.md`;
    fs.rmSync(path.dirname(folder), { recursive: true });
    expect(problems.map(formatProblem)).toEqual([
      `${file}:11: the lede has 2 English paragraphs but 1 Chinese one; they drift at paragraph 2 (zh: nothing / en: "More lede."); give each Chinese paragraph exactly one English paragraph`,
      `${file}:13: section "first" has 2 English paragraphs but 3 Chinese ones; they drift at paragraph 3 (zh: "丙。" / en: nothing); give each Chinese paragraph exactly one English paragraph`,
    ]);
  });
});
