import { describe, expect, it } from "vitest";
import { glossaryMisses, parseGlossary } from "@/lib/content/glossary";

describe("translation glossary", () => {
  const { glossary } = parseGlossary('获得感: sense of fulfilment\n信访: [letters and visits, "petitions"]\n', "content/glossary.yml");

  it("finds terms whose English pair uses none of the renderings, ignoring case and apostrophe style", () => {
    expect(glossary!.entries.map((e) => e.term)).toEqual(["获得感", "信访"]);
    expect(glossaryMisses(glossary!, "更多的获得感", "a greater Sense of Fulfilment")).toEqual([]);
    expect(glossaryMisses(glossary!, "更多的获得感和信访", "a greater sense of gain; petitions").map((e) => e.term)).toEqual(["获得感"]);
    expect(glossaryMisses(glossary!, "没有术语", "nothing")).toEqual([]);
  });

  it("reports a broken glossary with its file and line", () => {
    expect(parseGlossary("获得感: sense of fulfilment\n信访:\n", "content/glossary.yml").problems).toEqual([
      { file: "content/glossary.yml", line: 2, message: 'glossary term "信访" has no English rendering', fix: 'write 信访: "English rendering" (or a list of accepted renderings)' },
    ]);
    expect(parseGlossary("获得感: [unclosed\n", "content/glossary.yml").problems[0]).toMatchObject({ file: "content/glossary.yml", message: expect.stringMatching(/^the glossary is not valid YAML/) });
    expect(parseGlossary("- a list\n", "content/glossary.yml").problems[0]!.message).toBe("the glossary is not a list of terms");
  });
});
