import { describe, expect, it } from "vitest";
import { parseSearchQuery } from "@/lib/search/search-query";
import { buildSnippet, buildSnippetFrom } from "@/lib/search/snippet";
import { normalizedText, snippetText } from "@/lib/search/snippet-text";
import { normalizeText } from "@/lib/search/tokenize";

const marked = (text: string, query: string) =>
  buildSnippetFrom(snippetText(text), parseSearchQuery(query).terms)
    .filter((p) => p.match)
    .map((p) => p.text);

describe("snippet text (made when the index is built)", () => {
  it("flattens whitespace runs, line breaks included, to one space and trims", () => {
    expect(snippetText("  一是规范\n\n  调解工作。\tLaw  enforcement \n").flat).toBe("一是规范 调解工作。 Law enforcement");
  });

  it("says how the normalized text is had: lower case, NFKC of the same length, or not at all", () => {
    expect(snippetText("Law Enforcement improved.").normalizedBy).toBe("lowercase");
    expect(snippetText("推进法治，ＡＢＣ建设").normalizedBy).toBe("nfkc");
    expect(snippetText("The ﬁnal figures…").normalizedBy).toBe("none");
  });

  it("makes exactly normalizeText of the flat text, or nothing when positions would not carry over", () => {
    for (const text of ["Law Enforcement improved.", "推进法治，ＡＢＣ建设", "Ｌａｗ ＥＮＦＯＲＣＥＭＥＮＴ", "⼀二三"]) {
      const prepared = snippetText(text);
      expect(normalizedText(prepared), text).toBe(normalizeText(prepared.flat));
    }
    expect(normalizedText(snippetText("The ﬁnal figures…"))).toBeUndefined();
  });

  it("looks for Chinese words in the text as it is only where normalizing leaves its Chinese characters alone", () => {
    expect(snippetText("推进法治，建设（二〇二六）ＡＢＣ").cjkAsIs).toBe(true);
    // ⼀ (a Kangxi radical) is 一 once normalized: 一二 is in the index, so the snippet must find it too.
    expect(snippetText("前文⼀二后文").cjkAsIs).toBe(false);
    expect(marked("前文⼀二后文", "一二")).toEqual(["⼀二"]);
  });

  it("gives the snippets the whole text gives, for Chinese, English, mixed and full-width text", () => {
    const filler = "Administrative functions were performed. ".repeat(40);
    const cases: [string, string][] = [
      ["一是规范和加强人民调解工作。二是完善行政复议。Law enforcement was strengthened.", "调解"],
      ["一是规范和加强人民调解工作。二是完善行政复议。Law enforcement was strengthened.", "enforce"],
      [`${"前文。".repeat(300)}推进Rule of Law建设，法治政府`, "法治 law"],
      [`${filler}Ｌａｗ ＥＮＦＯＲＣＥＭＥＮＴ improved.`, "enforce"],
      [`The ﬁnal ﬁgures. ${filler}Law enforcement improved.`, "enforce"],
      ["１２３４５热线  和 12345 热线", "12345"],
    ];
    for (const [text, query] of cases) expect(buildSnippetFrom(snippetText(text), parseSearchQuery(query).terms), query).toEqual(buildSnippet(text, parseSearchQuery(query).terms));
  });
});
