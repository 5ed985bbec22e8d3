import { describe, expect, it } from "vitest";
import { parseFrontMatter } from "@/lib/content/front-matter";

const base = { title: "标题", summary: "摘要", date: "2026-11-26", source: "来源", category: "rule-of-law" };

function parse(extra: Record<string, unknown>) {
  const data = { ...base, ...extra };
  const raw = `\n${Object.entries(data).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join("\n")}\n`;
  return parseFrontMatter({ data, raw, file: "reports/x/zh.md", slug: "x", lang: "zh" });
}

describe("front matter `comments`", () => {
  it("closes comments with comments: false, and leaves them open when absent or true", () => {
    expect(parse({ comments: false }).meta?.comments).toBe(false);
    expect(parse({}).meta?.comments).toBeUndefined();
    expect(parse({ comments: true }).meta?.comments).toBeUndefined();
  });

  it("refuses anything but true or false, naming the field and the fix", () => {
    const { meta, problems } = parse({ comments: "no" });
    expect(meta).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ message: '"comments" must be true or false, not "no"', fix: expect.stringContaining("comments: false") })]);
  });
});
