import { normalizeEntry } from "./normalize-for-matching";
import { MAX_WORD_RULE_LENGTH, type WordRule } from "./word-rule";

export interface WordListProblem {
  /** 1-based line number in the file. */
  line: number;
  reason: string;
}

export interface ParsedWordList {
  rules: WordRule[];
  problems: WordListProblem[];
}

/**
 * A word list file: one entry per line; `词语` rejects, `词语<TAB>hold` holds
 * (`<TAB>reject` may be written out). Blank lines and lines starting with `#`
 * are ignored. A word listed twice keeps its last line. Bad lines are reported
 * with their numbers and left out; the rest is still usable.
 */
export function parseWordList(text: string): ParsedWordList {
  const byWord = new Map<string, WordRule>();
  const problems: WordListProblem[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const fields = raw.split("\t").map((field) => field.trim());
    if (fields.length > 2) return problems.push({ line, reason: "more than one tab: expected `word` or `word<TAB>hold`" });
    const [word, action = "reject"] = fields as [string, string?];
    const checked = checkWordRule(word, action);
    if (typeof checked === "string") return problems.push({ line, reason: checked });
    byWord.set(checked.word, checked);
  });
  return { rules: [...byWord.values()], problems };
}

/** A rule from untrusted input (a file line, a console form), or the reason it cannot be one. */
export function checkWordRule(word: unknown, action: unknown): WordRule | string {
  if (typeof word !== "string" || word.trim() === "") return "the word is empty";
  const trimmed = word.trim();
  if ([...trimmed].length > MAX_WORD_RULE_LENGTH) return `the word is longer than ${MAX_WORD_RULE_LENGTH} characters`;
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return "the word contains control characters";
  if (normalizeEntry(trimmed).length === 0) return "the word has no letters or digits (only spaces, punctuation or symbols, which matching ignores)";
  if (action !== "reject" && action !== "hold") return `unknown action ${JSON.stringify(action)}: expected "hold" or nothing (reject)`;
  return { word: trimmed, action };
}

/** The file format back: rejecting entries as bare words, holding ones with `<TAB>hold`. */
export function formatWordList(rules: readonly WordRule[]): string {
  return rules.map((rule) => (rule.action === "hold" ? `${rule.word}\thold` : rule.word)).join("\n") + (rules.length > 0 ? "\n" : "");
}
