import { describe, expect, it } from "vitest";
import { driftReason as driftOf, lengthNorm, pairFacts, type PairTexts } from "@/lib/content/paragraph-drift";

const driftReason = (pairs: PairTexts[], i: number, norm: number | undefined) => driftOf(pairs.map((p) => pairFacts(p.zh, p.en)), i, norm);

const zhLong = (n: number) => "城阳区推进法治政府建设示范创建,".repeat(n);
const enLong = (n: number) => "Chengyang is building a model of law-based government. ".repeat(n);

describe("drift between paragraphs when the counts agree", () => {
  it("takes the report's own English-to-Chinese length ratio as the norm", () => {
    const pairs = [1, 2, 3].map((n) => ({ zh: zhLong(2 * n), en: enLong(2 * n) }));
    expect(lengthNorm(pairs)).toBeCloseTo(enLong(2).length / zhLong(2).length, 5);
    expect(lengthNorm(pairs.slice(0, 2))).toBeUndefined();
  });

  it("accepts pairs that correspond", () => {
    const pairs = [
      { zh: `一是${zhLong(3)}`, en: `First, ${enLong(3)}` },
      { zh: `二是整合10多处场所。${zhLong(3)}`, en: `Second, more than 10 sites were merged. ${enLong(3)}` },
    ];
    const norm = lengthNorm([...pairs, ...pairs]);
    expect(pairs.map((_, i) => driftReason(pairs, i, norm))).toEqual([undefined, undefined]);
  });

  it("names a pair whose ordinals differ", () => {
    const pairs = [{ zh: "三是完善社会监督。", en: "It also strengthened oversight." }];
    expect(driftReason(pairs, 0, undefined)).toBe("the Chinese opens with item 3 and the English with no ordinal");
  });

  it("names a pair whose figures sit in the next English paragraph, and leaves a merely wrong figure to the figure check", () => {
    const shifted = [
      { zh: "整合10多处场所。", en: "The centre opened." },
      { zh: "市场年交易额300亿元。", en: "It merged more than 10 sites." },
    ];
    expect(driftReason(shifted, 0, undefined)).toBe("the Chinese paragraph's figures are in English paragraph 2 instead");
    const wrong = [{ zh: "市场年交易额300亿元。", en: "A market turning over 40 billion yuan a year." }];
    expect(driftReason(wrong, 0, undefined)).toBeUndefined();
  });

  it("names a pair far longer or shorter than the report's norm (half of a split paragraph)", () => {
    const pairs = [
      { zh: zhLong(4), en: enLong(4) },
      { zh: zhLong(4), en: enLong(2) },
      { zh: zhLong(4), en: enLong(4) },
      { zh: zhLong(4), en: enLong(4) },
    ];
    const norm = lengthNorm(pairs);
    expect(driftReason(pairs, 0, norm)).toBeUndefined();
    expect(driftReason(pairs, 1, norm)).toMatch(/^the English is 1\.7 times as long as the Chinese, where this report's norm is 3\.4$/);
    // Short paragraphs say too little to judge by length.
    expect(driftReason([{ zh: "导语。", en: enLong(5) }], 0, norm)).toBeUndefined();
  });
});
