import { normalizedText, snippetText, type SnippetText } from "./snippet-text";
import { normalizeText, stem, TERM_RUNS, WORD_AT, WORD_CHAR, type Token } from "./tokenize";

export interface SnippetPart {
  text: string;
  /** Part of a match: rendered as <mark>. */
  match: boolean;
}

const ASCII = /^[\x00-\x7F]*$/;
/** TERM_RUNS' words as they are in ASCII text (letters and digits, an apostrophe ending): a plain regex, several times faster than Unicode classes. */
const ASCII_WORDS = /[A-Za-z0-9]+(?:'[A-Za-z0-9]+)?/g;

/** Where the query's terms occur in `text`, as merged [start, end) ranges of the original string. */
export function matchRanges(text: string, terms: Token[]): [number, number][] {
  const cjk = terms.filter((t) => t.kind === "cjk").map((t) => t.term);
  const words = new Set(terms.filter((t) => t.kind === "word").map((t) => t.term));
  const ranges: [number, number][] = [];
  // English text near a match is mostly ASCII: it has no Chinese runs, and its words are read by the plain regex.
  const ascii = ASCII.test(text);
  if (ascii && words.size === 0) return [];
  for (const match of text.matchAll(ascii ? ASCII_WORDS : TERM_RUNS)) {
    const start = match.index!;
    if (ascii) {
      if (words.has(stem(normalizeText(match[0])))) ranges.push([start, start + match[0].length]);
    } else if (match[1]) {
      const run = match[1];
      const normalized = normalizeText(run);
      for (const term of cjk) {
        for (let at = normalized.indexOf(term); at !== -1; at = normalized.indexOf(term, at + 1)) {
          // NFKC keeps CJK text's length except for rare compatibility ideographs: then mark the run.
          ranges.push(normalized.length === run.length ? [start + at, start + at + term.length] : [start, start + run.length]);
        }
      }
    } else if (match[2] && words.size > 0 && words.has(stem(normalizeText(match[2])))) {
      ranges.push([start, start + match[2].length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/**
 * Where the first match starts: Chinese terms by searching the normalized
 * text (native, whatever its length), words by reading words only until one
 * matches. Sections run to thousands of characters, and stemming each word
 * of twenty of them made snippets most of a search's time.
 */
function firstMatchAt(text: SnippetText, terms: Token[]): number | undefined {
  const cjk = terms.filter((t) => t.kind === "cjk").map((t) => t.term);
  const words = new Set(terms.filter((t) => t.kind === "word").map((t) => t.term));
  // Positions carry over only when normalizing kept the length (it nearly always does); else scan the whole.
  if (text.normalizedBy === "none") return matchRanges(text.flat, terms)[0]?.[0];
  // Normalized only when needed: a query of Chinese words usually looks in the text as it is.
  const normalized = words.size > 0 || !text.cjkAsIs ? normalizedText(text)! : undefined;
  const cjkIn = text.cjkAsIs ? text.flat : normalized!;
  let best: number | undefined;
  for (const term of cjk) {
    const at = cjkIn.indexOf(term);
    if (at !== -1 && (best === undefined || at < best)) best = at;
  }
  if (normalized === undefined) return best;
  for (const term of words) {
    // A stem keeps the start of its words (enforc: enforce, enforcement; possibl: possibility), give or take its last three letters.
    const prefix = term.slice(0, Math.max(1, term.length - 3));
    for (let at = normalized.indexOf(prefix); at !== -1 && (best === undefined || at < best); at = normalized.indexOf(prefix, at + 1)) {
      if (at > 0 && WORD_CHAR.test(normalized[at - 1]!)) continue;
      WORD_AT.lastIndex = at;
      const word = WORD_AT.exec(normalized)?.[0];
      if (word && stem(word) === term) {
        best = at;
        break;
      }
    }
  }
  return best;
}

/**
 * About `length` characters of `text` around its first match, split into
 * plain and matching parts (the page renders matches as <mark>, everything
 * as text). Ellipses show where the text was cut.
 */
export function buildSnippet(text: string, terms: Token[], length = 110): SnippetPart[] {
  return buildSnippetFrom(snippetText(text), terms, length);
}

/** buildSnippet of a text already flattened and normalized (by snippetText, when the index was built). */
export function buildSnippetFrom(text: SnippetText, terms: Token[], length = 110): SnippetPart[] {
  const { flat } = text;
  // Only matches from the first to the snippet's end are shown: only that stretch is scanned word by word.
  const first = firstMatchAt(text, terms);
  const ranges = first === undefined ? [] : matchRanges(flat.slice(first, first + length + 60), terms).map(([a, b]): [number, number] => [a + first, b + first]);
  let start = ranges.length > 0 ? Math.max(0, ranges[0]![0] - Math.floor(length / 4)) : 0;
  let end = Math.min(flat.length, start + length);
  if (end - start < length) start = Math.max(0, end - length);
  // Start English at a word, not inside one ("…ions, decision-making" reads badly).
  if (start > 0 && /[A-Za-z]/.test(flat[start - 1]!) && /[A-Za-z]/.test(flat[start]!)) {
    const space = flat.indexOf(" ", start);
    if (space !== -1 && space < start + 15 && space + 1 < (ranges[0]?.[0] ?? Infinity)) start = space + 1;
  }
  // Never cut a surrogate pair in half.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(flat[start]!)) start--;
  if (end < flat.length && /[\uDC00-\uDFFF]/.test(flat[end]!)) end++;
  const parts: SnippetPart[] = [];
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= start || from >= end) continue;
    const a = Math.max(from, start);
    const b = Math.min(to, end);
    if (a > at) parts.push({ text: flat.slice(at, a), match: false });
    parts.push({ text: flat.slice(a, b), match: true });
    at = b;
  }
  if (at < end) parts.push({ text: flat.slice(at, end), match: false });
  if (start > 0) parts.unshift({ text: "…", match: false });
  if (end < flat.length) parts.push({ text: "…", match: false });
  return parts;
}
