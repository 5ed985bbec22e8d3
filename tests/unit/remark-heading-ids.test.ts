import type { Heading, Root } from "mdast";
import { remark } from "remark";
import { VFile } from "vfile";
import { describe, expect, it } from "vitest";
import { headingId, remarkHeadingIds } from "@/lib/content/remark-heading-ids";

function run(markdown: string) {
  const processor = remark().use(remarkHeadingIds);
  const file = new VFile(markdown);
  const tree = processor.runSync(processor.parse(file), file) as Root;
  const headings = tree.children.filter((n): n is Heading => n.type === "heading");
  return { headings, messages: file.messages.map((m) => `${m.line}: ${m.reason} → ${m.note}`) };
}

describe("remarkHeadingIds", () => {
  it("takes an explicit {#id} off the heading text and records it", () => {
    const { headings, messages } = run("## 行政权力制约监督科学有效 {#oversight}\n");
    expect(messages).toEqual([]);
    expect(headings[0]!.children).toEqual([expect.objectContaining({ type: "text", value: "行政权力制约监督科学有效" })]);
    expect(headingId(headings[0]!)).toBe("oversight");
    expect(headings[0]!.data).toMatchObject({ hProperties: { id: "oversight" } });
  });

  it("keeps inline formatting before the id", () => {
    const { headings } = run("## Checks on *power* {#oversight}\n");
    expect(headings[0]!.children.map((c) => c.type)).toEqual(["text", "emphasis"]);
    expect(headingId(headings[0]!)).toBe("oversight");
  });

  it("requires an id on every ## heading, and says how to write one", () => {
    const { messages } = run("Lede.\n\n## 推进依法科学民主决策\n");
    expect(messages).toEqual(["3: heading \"推进依法科学民主决策\" has no id → write ## 推进依法科学民主决策 {#section-id}, with an id in lowercase ASCII words joined by hyphens"]);
  });

  it("leaves ### headings without ids alone", () => {
    expect(run("### A smaller heading\n").messages).toEqual([]);
  });

  it("rejects ids that are not kebab-case, suggesting one", () => {
    expect(run("## Oversight {#Oversight Work}\n").messages).toEqual(['1: heading id "Oversight Work" is not lowercase ASCII kebab-case → write ## Oversight {#oversight-work}']);
  });

  it("rejects a duplicate id", () => {
    expect(run("## A {#same}\n\n## B {#same}\n").messages).toEqual(['3: duplicate heading id "same" (heading "A" already has it) → give each heading an id of its own']);
  });
});

describe("reserved ids", () => {
  it("refuses ids that would clash with the site's own URLs", () => {
    expect(run("## 评论 {#comments}\n").messages).toEqual(['1: heading id "comments" is reserved by the site → choose another id, e.g. ## 评论 {#comments-section}']);
  });
});
