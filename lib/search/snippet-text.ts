import { isCjkChar, normalizeText } from "./tokenize";

/**
 * A section's text as snippets read it. Made once per section when the index
 * is built (and stored there), not per hit per query: sections run to
 * thousands of characters, and flattening and normalizing each hit's whole
 * section (with the garbage it made) was a fifth to a third of a search's CPU
 * time, most of it for English.
 *
 * The normalized text itself is not stored: read back from SQLite it costs
 * more than making it (a Chinese section is three bytes a character there),
 * and it would double the index. Instead the index records how it can be
 * had cheaply, or whether it is needed at all.
 */
export interface SnippetText {
  /** Whitespace runs as one space, trimmed: what a snippet shows. */
  flat: string;
  /**
   * How `normalizeText(flat)`, where words are looked for, is made:
   * - "lowercase": it is `flat.toLowerCase()` (most English: no compatibility characters), far cheaper than NFKC;
   * - "nfkc": `normalizeText(flat)`, the same length as `flat` (positions carry over);
   * - "none": normalizing changes the length (a few compatibility characters such as … or ﬁ), so
   *   positions do not carry over and the whole of `flat` is scanned run by run.
   */
  normalizedBy: "lowercase" | "nfkc" | "none";
  /**
   * Chinese terms are found at the same places in `flat` as in its normalized
   * form (every Chinese character is its own normal form: nearly always), so
   * a query of Chinese words needs no normalized text at all.
   */
  cjkAsIs: boolean;
}

export function snippetText(text: string): SnippetText {
  const flat = text.replace(/\s+/gu, " ").trim();
  const normalized = normalizeText(flat);
  if (normalized.length !== flat.length) return { flat, normalizedBy: "none", cjkAsIs: false };
  return { flat, normalizedBy: normalized === flat.toLowerCase() ? "lowercase" : "nfkc", cjkAsIs: sameCjkUnits(flat, normalized) };
}

/** `normalizeText(text.flat)`, made the cheapest way the index recorded; undefined when positions would not carry over. */
export function normalizedText(text: SnippetText): string | undefined {
  if (text.normalizedBy === "none") return undefined;
  return text.normalizedBy === "lowercase" ? text.flat.toLowerCase() : normalizeText(text.flat);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Whether two strings of equal length differ only where neither holds a
 * Chinese character or half of one: then a term made of Chinese characters
 * occurs at the same places in both.
 */
function sameCjkUnits(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && (isCjkChar(x) || isCjkChar(y) || SURROGATE.test(x) || SURROGATE.test(y))) return false;
  }
  return true;
}
