import { describe, expect, it } from "vitest";
import { readFrontMatter } from "@/lib/content/read-front-matter";

const BODY = "\n\n导语。\n";

describe("front matter is YAML data, never code", () => {
  it("reads YAML fields, keeping unquoted dates as text", () => {
    const { block, problem } = readFrontMatter(`---\ntitle: "标题"\ndate: 2026-02-30\n---${BODY}`, "zh.md");
    expect(problem).toBeUndefined();
    expect(block!.data).toEqual({ title: "标题", date: "2026-02-30" });
    expect(block!.content.trim()).toBe("导语。");
  });

  it("refuses every opening line but a plain ---, without running anything", () => {
    (globalThis as Record<string, unknown>).__frontMatterRan = false;
    for (const opening of ["---js", "---javascript", "---json", "---yaml", "--- coffee", "----"]) {
      const { block, problem } = readFrontMatter(`${opening}\n{ title: (globalThis.__frontMatterRan = true, "x") }\n---${BODY}`, "zh.md");
      expect(block).toBeUndefined();
      expect(problem).toMatchObject({ file: "zh.md", line: 1 });
      expect(problem!.message).toContain(`opens with "${opening}"`);
    }
    expect((globalThis as Record<string, unknown>).__frontMatterRan).toBe(false);
  });

  it("refuses code after two byte-order marks as after none", () => {
    const { block, problem } = readFrontMatter(`\uFEFF\uFEFF---js\n{ title: "x" }\n---${BODY}`, "zh.md");
    expect(block).toBeUndefined();
    expect(problem!.message).toContain('opens with "---js"');
  });

  it("accepts a byte-order mark and trailing spaces after ---", () => {
    expect(readFrontMatter(`\uFEFF---  \ntitle: x\n---${BODY}`, "zh.md").block?.data).toEqual({ title: "x" });
  });

  it("refuses YAML's custom types and a front matter that is not fields", () => {
    expect(readFrontMatter(`---\nx: !!js/function "function () {}"\n---${BODY}`, "zh.md").problem?.message).toMatch(/not valid YAML/);
    expect(readFrontMatter(`---\n- a\n- b\n---${BODY}`, "zh.md").problem?.message).toBe("the front matter is not a list of fields");
  });
});
