import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadAllReports } from "@/lib/content/reports";

const SECTION_IDS = ["functions", "decision-making", "enforcement", "oversight", "dispute-resolution", "staff-capability", "leadership"];
const SOURCE = path.resolve("../shared/source/chengyang-rule-of-law.zh.txt");

const { reports, problems } = loadAllReports();
const report = reports.find((r) => r.slug === "chengyang-rule-of-law");

describe("the Chengyang report", () => {
  it("parses without problems", () => {
    expect(problems).toEqual([]);
    expect(report).toBeDefined();
  });

  it("has the seven sections, with the same ids in both languages", () => {
    expect(report!.languages.zh.sections.map((s) => s.id)).toEqual(SECTION_IDS);
    expect(report!.languages.en!.sections.map((s) => s.id)).toEqual(SECTION_IDS);
  });

  it("carries the byline and a publication date in its metadata", () => {
    expect(report!.languages.zh.meta).toMatchObject({ source: "青岛财经日报", reporter: "刘瑞东", correspondent: "陈心悦", category: "rule-of-law" });
    expect(report!.languages.en!.meta).toMatchObject({ source: "Qingdao Finance Daily", reporter: "Liu Ruidong", correspondent: "Chen Xinyue" });
    expect(report!.languages.zh.meta.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("translates every paragraph: each section has as many English paragraphs as Chinese ones", () => {
    const zh = report!.languages.zh;
    const en = report!.languages.en!;
    expect(en.lede.blocks.length).toBe(zh.lede.blocks.length);
    zh.sections.forEach((section, i) => expect([section.id, en.sections[i]!.blocks.length]).toEqual([section.id, section.blocks.length]));
  });

  // The source text lives in ../shared beside the checkout (as in CI); without it there is nothing to compare.
  it.skipIf(!fs.existsSync(SOURCE))("keeps every sentence of the published article, exactly", () => {
    const lines = fs.readFileSync(SOURCE, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
    const titleIndex = 1;
    const bylineIndex = lines.findIndex((l) => l.startsWith("青岛财经日报/青岛财经网讯"));
    const zh = report!.languages.zh;
    expect(lines[titleIndex]).toBe(zh.meta.title);
    const body = [zh.lede.text, ...zh.sections.flatMap((s) => [s.title, s.text])].join("\n");
    const sentences = lines.slice(titleIndex + 1, bylineIndex).flatMap((l) => l.split(/(?<=。)/)).map((s) => s.trim()).filter(Boolean);
    expect(sentences.length).toBeGreaterThan(50);
    const missing = sentences.filter((s) => !body.includes(s));
    expect(missing).toEqual([]);
  });
});
