import { tokenize, type Token } from "./tokenize";

/** Longest query searched: a long sentence; anything longer is cut there and the reader told. */
export const MAX_QUERY_CHARS = 100;
/** Distinct terms a query may use; a pasted paragraph is cut to its first ones. */
export const MAX_QUERY_TERMS = 16;

export interface SearchQuery {
  /** What the reader typed, cleaned: shown back on the page and in the box. */
  text: string;
  /** Distinct index terms, all of which a result must contain. */
  terms: Token[];
  /** The query was longer than MAX_QUERY_CHARS (or had more terms than MAX_QUERY_TERMS) and was cut. */
  truncated: boolean;
  /** Control characters, unpaired surrogates or undecodable bytes were removed. */
  cleaned: boolean;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\uFFFD]/gu;

/**
 * The `q` parameter as the page receives it (absent, once, several times)
 * into a query: first value only, well-formed, without control or format
 * characters, whitespace collapsed, at most MAX_QUERY_CHARS characters.
 * Never throws: every input gives a query, possibly empty.
 */
export function parseSearchQuery(raw: string | string[] | undefined): SearchQuery {
  const first = Array.isArray(raw) ? raw[0] : raw;
  const input = typeof first === "string" ? first : "";
  // Only look at a bounded prefix, whatever was sent.
  const head = input.slice(0, MAX_QUERY_CHARS * 4);
  const wellFormed = head.replace(LONE_SURROGATE, "\uFFFD");
  const stripped = wellFormed.replace(CONTROL, " ");
  const cleaned = stripped !== head;
  const collapsed = stripped.replace(/\s+/gu, " ").trim();
  const chars = Array.from(collapsed);
  let truncated = chars.length > MAX_QUERY_CHARS || input.length > head.length;
  const text = chars.slice(0, MAX_QUERY_CHARS).join("").trim();
  const distinct = new Map<string, Token>();
  for (const token of tokenize(text)) if (!distinct.has(token.term)) distinct.set(token.term, token);
  if (distinct.size > MAX_QUERY_TERMS) truncated = true;
  return { text, terms: [...distinct.values()].slice(0, MAX_QUERY_TERMS), truncated, cleaned };
}
