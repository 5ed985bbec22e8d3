/**
 * Text as the word rules see it: NFKC (full-width ＡＢＣ１ and half-width ｶﾅ
 * forms become their usual forms), lower case, and with every space,
 * punctuation mark, symbol and invisible format character (zero-width space,
 * joiners, BOM, soft hyphen) dropped, so "违 规", "违.规", "违\u200B规" and
 * "ＶＩＯ-ＬＡＴＥ" all read as written without them.
 *
 * `origin[i]` is the index in the original string of normalized character i
 * (so a match can be shown in place), and `gapBefore[i]` says whether something
 * was dropped just before it: the matcher uses it to keep Latin entries to
 * whole words ("ass" does not match "class", but does match "a s s").
 */
export interface NormalizedText {
  /** Normalized code points, one per character. */
  chars: number[];
  origin: number[];
  gapBefore: boolean[];
}

/** Dropped between characters: whitespace, punctuation, symbols, invisible formatting, control characters. */
const SKIPPED = /[\p{White_Space}\p{P}\p{S}\p{Cf}\p{Cc}\p{Mn}]/u;

/** Per code point, remembered: a Unicode-property regex per character costs more than the matching itself. */
const skippedCache = new Map<string, boolean>();
function isSkipped(piece: string): boolean {
  let skipped = skippedCache.get(piece);
  if (skipped === undefined) {
    skipped = SKIPPED.test(piece);
    if (skippedCache.size < 100_000) skippedCache.set(piece, skipped);
  }
  return skipped;
}

const CLUSTER = /[^]\p{M}*(?:[\uFF9E\uFF9F]\p{M}*)*/gu;

export function normalizeForMatching(text: string): NormalizedText {
  const chars: number[] = [];
  const origin: number[] = [];
  const gapBefore: boolean[] = [];
  let gap = false;
  // A character with the marks that follow it (combining marks, half-width ﾞ ﾟ), so NFKC can compose
  // them (ｶﾞ → ガ) while positions still map back; one cluster may give several characters (㈱ → (株)).
  for (const cluster of text.matchAll(CLUSTER)) {
    const index = cluster.index;
    for (const piece of cluster[0].normalize("NFKC").toLowerCase()) {
      if (isSkipped(piece)) {
        gap = true;
        continue;
      }
      chars.push(piece.codePointAt(0)!);
      origin.push(index);
      gapBefore.push(gap);
      gap = false;
    }
  }
  return { chars, origin, gapBefore };
}

/** An entry as the matcher compares it: the same normalization, as code points (empty when nothing is left). */
export function normalizeEntry(word: string): number[] {
  return normalizeForMatching(word).chars;
}

/** Letters and digits of scripts that separate words with spaces: their entries match whole words only. */
export function isWordCharacter(codePoint: number): boolean {
  let word = wordCache.get(codePoint);
  if (word === undefined) {
    word = WORD_CHARACTER.test(String.fromCodePoint(codePoint));
    if (wordCache.size < 100_000) wordCache.set(codePoint, word);
  }
  return word;
}
const WORD_CHARACTER = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Nd}]/u;
const wordCache = new Map<number, boolean>();
