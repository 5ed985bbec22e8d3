import { describe, expect, it } from "vitest";
import { normalizeForMatching } from "@/lib/comments/word-rules/normalize-for-matching";
import { checkWordRule, formatWordList, parseWordList } from "@/lib/comments/word-rules/parse-word-list";
import { WordMatcher } from "@/lib/comments/word-rules/word-matcher";
import { WordRuleCache } from "@/lib/comments/word-rules/word-rule-cache";
import type { WordRule } from "@/lib/comments/word-rules/word-rule";

const text = (s: string) => String.fromCodePoint(...normalizeForMatching(s).chars);

describe("normalization for word rules", () => {
  it("folds full-width and half-width forms and case", () => {
    expect(text("ＳＰＡＭ１２３")).toBe("spam123");
    expect(text("ｶﾞｲﾄﾞ")).toBe("ガイド");
    expect(text("SpAm")).toBe("spam");
  });

  it("drops spaces, punctuation, symbols and zero-width characters between characters", () => {
    expect(text("违 规")).toBe("违规");
    expect(text("违.规")).toBe("违规");
    expect(text("违\u200b规")).toBe("违规");
    expect(text("违\u200d\u2060\ufeff规")).toBe("违规");
    expect(text("违，规！")).toBe("违规");
    expect(text("违★规")).toBe("违规");
    expect(text("违\u3000规")).toBe("违规");
  });

  it("maps every normalized character back to where it was", () => {
    const n = normalizeForMatching("a 违\u200b规 b");
    expect(n.origin).toEqual([0, 2, 4, 6]);
    expect(n.gapBefore).toEqual([false, true, true, true]);
  });
});

describe("word matcher", () => {
  const rules: WordRule[] = [
    { word: "违规词", action: "reject" },
    { word: "广告", action: "hold" },
    { word: "spam", action: "reject" },
    { word: "buy now", action: "hold" },
  ];
  const matcher = new WordMatcher(rules);

  it("finds an entry through full-width, case, spaces, punctuation and zero-width characters", () => {
    for (const written of ["这是违规词", "这是 违 规 词", "违.规.词", "违\u200b规\u200c词", "ＳＰＡＭ", "S p A m!", "s\u200bp\u200ba\u200bm"]) {
      expect(matcher.check(written).action, written).toBe("reject");
    }
  });

  it("reports where the match is in the original text", () => {
    const found = matcher.check("前面 违 规 词 后面");
    expect(found.matches).toHaveLength(1);
    expect("前面 违 规 词 后面".slice(found.matches[0]!.start, found.matches[0]!.end)).toBe("违 规 词");
  });

  it("rejects over holding when both match, holds when only a holding entry matches, passes clean text", () => {
    expect(matcher.check("广告 违规词").action).toBe("reject");
    expect(matcher.check("看广告").action).toBe("hold");
    expect(matcher.check("BUY-NOW!!").action).toBe("hold");
    expect(matcher.check("城阳区法治建设报告").action).toBeNull();
  });

  it("keeps Latin entries to whole words: no match inside a longer word", () => {
    const ass = new WordMatcher([{ word: "ass", action: "reject" }]);
    expect(ass.check("a classic class assignment").action).toBeNull();
    expect(ass.check("you ass").action).toBe("reject");
    expect(ass.check("a.s.s").action).toBe("reject");
    expect(ass.check("说ass说").action).toBe("reject");
    // "buy now" spans two words; not inside "buynowhere".
    expect(matcher.check("buynowhere").action).toBeNull();
  });

  it("finds overlapping entries and entries inside other entries", () => {
    const m = new WordMatcher([
      { word: "he", action: "hold" },
      { word: "她们", action: "hold" },
      { word: "我们她们", action: "reject" },
      { word: "们她", action: "hold" },
    ]);
    const found = m.check("我们她们").matches.map((x) => x.rule.word).sort();
    expect(found).toEqual(["们她", "她们", "我们她们"].sort());
  });

  it("finds a character outside the Basic Multilingual Plane and reports its full extent", () => {
    const m = new WordMatcher([{ word: "𠀋字", action: "reject" }]);
    const found = m.check("有𠀋 字");
    expect(found.action).toBe("reject");
    expect("有𠀋 字".slice(found.matches[0]!.start, found.matches[0]!.end)).toBe("𠀋 字");
  });

  it("ignores entries with nothing to match", () => {
    expect(new WordMatcher([{ word: "!!!", action: "reject" }]).check("!!!").action).toBeNull();
  });
});

describe("word list files", () => {
  it("reads rejecting and holding entries, skips blanks and comments, and names bad lines", () => {
    const parsed = parseWordList("\uFEFF# 敏感词表\n违规词\n\n广告\thold\nspam\treject\n坏行\tdelete\n\t\n过长" + "字".repeat(200) + "\na\tb\tc\n广告\thold\n");
    expect(parsed.rules).toEqual([
      { word: "违规词", action: "reject" },
      { word: "广告", action: "hold" },
      { word: "spam", action: "reject" },
    ]);
    expect(parsed.problems.map((p) => p.line)).toEqual([6, 8, 9]); // line 7 holds only a tab: blank
    expect(parsed.problems[0]!.reason).toMatch(/unknown action/);
  });

  it("writes the same format back", () => {
    const rules: WordRule[] = [{ word: "违规词", action: "reject" }, { word: "广告", action: "hold" }];
    expect(formatWordList(rules)).toBe("违规词\n广告\thold\n");
    expect(parseWordList(formatWordList(rules)).rules).toEqual(rules);
  });

  it("refuses words made only of what matching ignores", () => {
    expect(checkWordRule("  ...  ", "reject")).toMatch(/no letters/);
    expect(checkWordRule("", "reject")).toMatch(/empty/);
  });
});

describe("word rule cache", () => {
  it("rebuilds only when the version moves, and asks at most once per interval", async () => {
    let version = 1;
    let rules: WordRule[] = [{ word: "旧词", action: "reject" }];
    let versionChecks = 0;
    let listReads = 0;
    let now = 0;
    const cache = new WordRuleCache(
      {
        wordRulesVersion: async () => (versionChecks++, version),
        listWordRules: async () => (listReads++, rules),
      },
      2000,
      () => now,
    );
    expect((await cache.current()).check("旧词").action).toBe("reject");
    rules = [{ word: "新词", action: "hold" }];
    version = 2;
    now = 1000;
    expect((await cache.current()).check("新词").action).toBeNull(); // within the interval: not asked
    now = 2500;
    expect((await cache.current()).check("新词").action).toBe("hold");
    now = 5000;
    await cache.current();
    expect({ versionChecks, listReads }).toEqual({ versionChecks: 3, listReads: 2 });
  });
});
