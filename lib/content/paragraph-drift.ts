import { chineseOrdinal, englishOrdinal } from "./align-paragraphs";
import { chineseFigures, englishFigures, figureKey, type Figure } from "./figures";

/**
 * With equal paragraph counts, a dropped paragraph and a split one cancel out;
 * these signals catch the pair where the languages stop corresponding.
 */
export interface PairTexts {
  zh: string;
  en: string;
}

/** A pair with its figures read once, for the drift and figure checks to share. */
export interface PairFacts extends PairTexts {
  zhFigures: Figure[];
  zhKeys: Set<string>;
  enKeys: Set<string>;
}

export function pairFacts(zh: string, en: string): PairFacts {
  const zhFigures = chineseFigures(zh);
  return { zh, en, zhFigures, zhKeys: new Set(zhFigures.map(figureKey)), enKeys: new Set(englishFigures(en).map(figureKey)) };
}

/** Translations in one report run at a steady length ratio; a pair this far from it is suspect. */
export const LENGTH_RATIO_TOLERANCE = 1.75;
/** Below this many Chinese characters the ratio says little. */
export const MIN_RATIO_LENGTH = 30;

/** The report's own English-to-Chinese length ratio: the median over its long-enough pairs. */
export function lengthNorm(pairs: readonly PairTexts[]): number | undefined {
  const ratios = pairs.filter((p) => p.zh.length >= MIN_RATIO_LENGTH).map((p) => p.en.length / p.zh.length).sort((a, b) => a - b);
  if (ratios.length < 3) return undefined;
  const mid = ratios.length >> 1;
  return ratios.length % 2 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
}

/**
 * Why pair `i` of a part does not correspond, or undefined when it does:
 * different list ordinals (二是 / "Third,"), figures that all turn up in a
 * neighbouring English paragraph instead, or a length ratio far outside the
 * report's norm. A figure that is merely wrong is the figure check's to report.
 */
export function driftReason(pairs: readonly PairFacts[], i: number, norm: number | undefined): string | undefined {
  const { zh, en, zhKeys, enKeys } = pairs[i]!;
  const zhOrdinal = chineseOrdinal(zh);
  const enOrdinal = englishOrdinal(en);
  if (zhOrdinal !== enOrdinal) {
    const said = (n: number | undefined) => (n === undefined ? "no ordinal" : `item ${n}`);
    return `the Chinese opens with ${said(zhOrdinal)} and the English with ${said(enOrdinal)}`;
  }
  if (zhKeys.size > 0) {
    if (![...zhKeys].some((k) => enKeys.has(k))) {
      for (const j of [i - 1, i + 1]) {
        const neighbour = pairs[j];
        if (neighbour && [...zhKeys].every((k) => neighbour.enKeys.has(k))) {
          return `the Chinese paragraph's figures are in English paragraph ${j + 1} instead`;
        }
      }
    }
  }
  if (norm !== undefined && zh.length >= MIN_RATIO_LENGTH) {
    const ratio = en.length / zh.length;
    if (ratio > norm * LENGTH_RATIO_TOLERANCE || ratio < norm / LENGTH_RATIO_TOLERANCE) {
      return `the English is ${ratio.toFixed(1)} times as long as the Chinese, where this report's norm is ${norm.toFixed(1)}`;
    }
  }
  return undefined;
}
