import { stemmer } from "stemmer";

/**
 * One tokenizer for indexing and for queries, so both agree:
 * - text is NFKC-normalized (full-width ＡＢＣ１２３ become ABC123, ﹐ becomes ,) and lower-cased;
 * - Chinese (and other CJK) runs become overlapping two-character words (bigrams):
 *   城阳区法治 → 城阳 阳区 区法 法治, so any two-character word such as 法治, 城阳
 *   or 调解 is found without a dictionary; a single character stays itself;
 * - Latin words are stemmed (Porter), so enforce, enforced and enforcement
 *   meet at "enforc"; numbers stay as written (2026, 12345).
 */
const CJK = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}";
const LATIN = `(?:(?![${CJK}])[\\p{L}\\p{N}])`;
/** A CJK run (group 1) or a word of other letters and digits, with an apostrophe ending such as 's (group 2). */
export const TERM_RUNS = new RegExp(`([${CJK}]+)|(${LATIN}+(?:['’]${LATIN}+)?)`, "gu");
const CJK_CHAR = new RegExp(`^[${CJK}]$`, "u");
/** The word starting exactly at `lastIndex` (sticky), as TERM_RUNS reads words. */
export const WORD_AT = new RegExp(`${LATIN}+(?:['’]${LATIN}+)?`, "uy");
/** A character that words are made of (a word cannot start right after one). */
export const WORD_CHAR = new RegExp(`^${LATIN}$`, "u");

const stems = new Map<string, string>();

/** The form a Latin word is indexed under; memoized (a language has far fewer words than a corpus has tokens). */
export function stem(word: string): string {
  let result = stems.get(word);
  if (result === undefined) {
    result = /^\d+$/.test(word) ? word : stemmer(word.replace(/['’]s$/, "").replace(/['’]/g, ""));
    if (stems.size < 200_000) stems.set(word, result);
  }
  return result;
}

const ASCII = /^[\x00-\x7F]*$/;
/** CJK Unified Ideographs: no decomposition, no composition, no case. */
const PLAIN_HAN = /^[\u4E00-\u9FFF]*$/;

/**
 * NFKC, lower-cased. NFKC leaves ASCII and the common Chinese characters as
 * they are, and a snippet normalizes each word and Chinese run near its match
 * on its own: most of them skip the normalizer's call (a tenth of a search's time).
 */
export function normalizeText(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  if (PLAIN_HAN.test(text)) return text;
  return text.normalize("NFKC").toLowerCase();
}

export interface Token {
  term: string;
  kind: "cjk" | "word";
}

/** Calls `emit` with every index term of `text`, in order (repeats included). */
function eachTerm(text: string, emit: (term: string, kind: Token["kind"]) => void): void {
  for (const match of normalizeText(text).matchAll(TERM_RUNS)) {
    if (match[1]) {
      const run = match[1];
      // Most Chinese text has no characters outside the BMP: index by code unit then.
      const chars = /[\uD800-\uDFFF]/.test(run) ? Array.from(run) : run;
      if (chars.length === 1) emit(chars[0]!, "cjk");
      for (let i = 0; i + 1 < chars.length; i++) emit(chars[i]! + chars[i + 1]!, "cjk");
    } else if (match[2]) {
      emit(stem(match[2]), "word");
    }
  }
}

/** Every index term of `text`, in order (repeats included). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  eachTerm(text, (term, kind) => tokens.push({ term, kind }));
  return tokens;
}

/** Index terms joined by spaces: what the full-text table stores and matches. */
export function indexTerms(text: string): string {
  let out = "";
  eachTerm(text, (term) => {
    out += out ? ` ${term}` : term;
  });
  return out;
}

/** Whether a character is one that is indexed by bigrams. */
export function isCjkChar(char: string): boolean {
  return CJK_CHAR.test(char);
}
