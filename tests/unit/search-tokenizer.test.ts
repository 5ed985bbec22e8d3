import { describe, expect, it } from "vitest";
import { parseSearchQuery, MAX_QUERY_CHARS } from "@/lib/search/search-query";
import { buildSnippet, matchRanges } from "@/lib/search/snippet";
import { indexTerms, normalizeText, tokenize } from "@/lib/search/tokenize";

const terms = (text: string) => tokenize(text).map((t) => t.term);

describe("search tokenizer", () => {
  it("splits Chinese into overlapping two-character words, so 法治, 城阳 and 调解 are terms", () => {
    expect(terms("城阳区法治")).toEqual(["城阳", "阳区", "区法", "法治"]);
    expect(terms("人民调解工作")).toContain("调解");
    expect(terms("法")).toEqual(["法"]);
  });

  it("stems English so word forms meet", () => {
    expect(terms("enforce")).toEqual(terms("enforcement"));
    expect(terms("Enforced")).toEqual(terms("enforcing"));
    expect(terms("mediation")).toEqual(terms("mediations"));
    expect(terms("government's")).toEqual(terms("government"));
  });

  it("keeps mixed Chinese and English apart, each by its own rule", () => {
    expect(terms("推进Rule of Law建设")).toEqual(["推进", "rule", "of", "law", "建设"]);
    expect(terms("“1+1”制度")).toEqual(["1", "1", "制度"]);
  });

  it("keeps numbers as written, with or without Chinese around them", () => {
    expect(terms("2026年11月")).toEqual(["2026", "年", "11", "月"]);
    expect(terms("12345热线")).toEqual(["12345", "热线"]);
  });

  it("reads full-width letters and digits as their ordinary forms", () => {
    expect(terms("ＡＢＣ１２３")).toEqual(terms("abc123"));
    expect(terms("２０２６年")).toEqual(["2026", "年"]);
    expect(terms("，。；")).toEqual([]);
  });

  it("normalizes as NFKC and lower case do, ASCII and common Chinese characters included", () => {
    for (const text of ["Law ENFORCEMENT 2026", "城阳区法治政府", "ＡＢＣ１２３，。", "⼀二三", "ﬁnal…", "推进Rule of Law建设", "İstanbul", "ǅ", ""]) {
      expect(normalizeText(text), text).toBe(text.normalize("NFKC").toLowerCase());
    }
  });

  it("makes index text of space-separated terms only (no quotes or operators)", () => {
    expect(indexTerms('法治 "OR" NEAR(a b) -x *')).toMatch(/^[\p{L}\p{N} ]+$/u);
  });
});

describe("search query", () => {
  it("is empty for nothing, blanks or a missing parameter", () => {
    for (const raw of [undefined, "", "   ", [], ["", "x"]]) expect(parseSearchQuery(raw).terms).toEqual([]);
  });

  it("uses the first of repeated parameters", () => {
    expect(parseSearchQuery(["调解", "法治"]).text).toBe("调解");
  });

  it("cuts a 10 KB query to its first characters and says so", () => {
    const query = parseSearchQuery("法治".repeat(5000));
    expect(query.truncated).toBe(true);
    expect(Array.from(query.text).length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    expect(query.terms.length).toBeGreaterThan(0);
  });

  it("removes control characters, bidi overrides and unpaired surrogates, and says so", () => {
    const query = parseSearchQuery("法\u0000治\u202e\ud800 调解\u0007");
    expect(query.cleaned).toBe(true);
    expect(query.text).toBe("法 治 调解");
    expect(parseSearchQuery("法治").cleaned).toBe(false);
  });
});

describe("search snippet", () => {
  const text = "一是规范和加强人民调解工作。二是完善行政复议。Law enforcement was strengthened across the district.";

  it("marks the Chinese word where it occurs", () => {
    const parts = buildSnippet(text, parseSearchQuery("调解").terms);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(["调解"]);
  });

  it("marks the English word form found by its stem", () => {
    const parts = buildSnippet(text, parseSearchQuery("enforce").terms);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(["enforcement"]);
  });

  it("marks the same words in ASCII text as in text with other characters (apostrophes, digits, stems)", () => {
    const ascii = "Enforcement: the court's rules, enforced in 2026; don't ENFORCE-ments.";
    const query = parseSearchQuery("enforce court's 2026 don't").terms;
    const marks = (text: string) => matchRanges(text, query).map(([a, b]) => text.slice(a, b));
    expect(marks(ascii)).toEqual(["Enforcement", "court's", "enforced", "2026", "don't", "ENFORCE"]);
    expect(marks(`${ascii}“”`)).toEqual(marks(ascii));
    expect(matchRanges(ascii, parseSearchQuery("法治").terms)).toEqual([]);
  });

  it("joins adjacent two-character matches into one mark", () => {
    const parts = buildSnippet("推进法治政府建设", parseSearchQuery("法治政府").terms);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(["法治政府"]);
  });

  it("starts an English snippet at a word", () => {
    const long = `${"Administrative functions were performed. ".repeat(5)}Law enforcement improved.`;
    const parts = buildSnippet(long, parseSearchQuery("enforcement").terms, 60);
    expect(parts[1]!.text).toMatch(/^[A-Z]?[a-z]+ /);
    expect(parts[1]!.text.startsWith(" ")).toBe(false);
    const before = long.slice(0, long.indexOf(parts[1]!.text));
    expect(before.endsWith(" ")).toBe(true);
  });

  it("shows a window around a late match, with ellipses where it was cut", () => {
    const long = `${"前文。".repeat(100)}这里有调解。${"后文。".repeat(100)}`;
    const parts = buildSnippet(long, parseSearchQuery("调解").terms, 40);
    expect(parts[0]!.text).toBe("…");
    expect(parts.at(-1)!.text).toBe("…");
    expect(parts.some((p) => p.match && p.text === "调解")).toBe(true);
  });

  it("finds a first match thousands of characters in, and marks every match inside the window near the start", () => {
    const late = `${"Administrative functions were performed. ".repeat(120)}Law enforcement improved.`;
    expect(buildSnippet(late, parseSearchQuery("enforce").terms).filter((p) => p.match).map((p) => p.text)).toEqual(["enforcement"]);
    const early = `调解在先,调解在后。${"后文。".repeat(1000)}调解`;
    const parts = buildSnippet(early, parseSearchQuery("调解").terms, 20);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(["调解", "调解"]);
    expect(parts.at(-1)!.text).toBe("…");
  });

  it("finds word forms whose stem is not their start, full-width words, and text that normalizing shortens", () => {
    const filler = "Administrative functions were performed. ".repeat(80);
    const marked = (text: string, query: string) => buildSnippet(text, parseSearchQuery(query).terms).filter((p) => p.match).map((p) => p.text);
    expect(marked(`${filler}It is possible.`, "possibility")).toEqual(["possible"]);
    expect(marked(`${filler}Ｌａｗ ＥＮＦＯＲＣＥＭＥＮＴ improved.`, "enforce")).toEqual(["ＥＮＦＯＲＣＥＭＥＮＴ"]);
    expect(marked(`The ﬁnal ﬁgures. ${filler}Law enforcement improved.`, "enforce")).toEqual(["enforcement"]);
  });
});
