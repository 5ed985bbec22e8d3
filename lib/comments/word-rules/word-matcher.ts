import { isWordCharacter, normalizeEntry, normalizeForMatching } from "./normalize-for-matching";
import type { WordRule, WordRuleAction } from "./word-rule";

export interface WordMatch {
  rule: WordRule;
  /** Where the match starts and ends in the original text (UTF-16 indexes, end exclusive). */
  start: number;
  end: number;
}

export interface WordVerdict {
  /** "reject" if any rejecting entry matched, else "hold" if a holding one did, else null. */
  action: WordRuleAction | null;
  matches: WordMatch[];
}

interface Pattern {
  rule: WordRule;
  length: number;
  /** Starts or ends with a Latin/Cyrillic/Greek letter or digit: that end must sit at a word boundary. */
  boundedStart: boolean;
  boundedEnd: boolean;
}

/**
 * Aho–Corasick over normalized code points: one pass over a comment finds
 * every entry, however many there are (a loop of regexes costs one pass per
 * entry; scripts/bench-word-rules.ts measures both). Our own automaton rather
 * than a package: it is ~60 lines, works on code points with our
 * normalization's position map and boundary flags, and adds no dependency.
 */
export class WordMatcher {
  /** Per state: code point → next state. */
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Patterns ending at this state (its own), and the nearest state along fail links that has some. */
  private readonly own: number[][] = [[]];
  private readonly outLink: number[] = [-1];
  private readonly patterns: Pattern[] = [];
  readonly size: number;

  constructor(rules: readonly WordRule[]) {
    for (const rule of rules) {
      const chars = normalizeEntry(rule.word);
      if (chars.length === 0) continue;
      let state = 0;
      for (const c of chars) {
        let to = this.next[state]!.get(c);
        if (to === undefined) {
          to = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.own.push([]);
          this.outLink.push(-1);
          this.next[state]!.set(c, to);
        }
        state = to;
      }
      this.own[state]!.push(this.patterns.length);
      this.patterns.push({ rule, length: chars.length, boundedStart: isWordCharacter(chars[0]!), boundedEnd: isWordCharacter(chars[chars.length - 1]!) });
    }
    this.size = this.patterns.length;
    // Breadth first: a state's fail link is the longest proper suffix that is also a prefix.
    const queue: number[] = [...this.next[0]!.values()];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [c, to] of this.next[state]!) {
        let f = this.fail[state]!;
        while (f !== 0 && !this.next[f]!.has(c)) f = this.fail[f]!;
        const target = this.next[f]!.get(c);
        this.fail[to] = target !== undefined && target !== to ? target : 0;
        const failTo = this.fail[to]!;
        this.outLink[to] = this.own[failTo]!.length > 0 ? failTo : this.outLink[failTo]!;
        queue.push(to);
      }
    }
  }

  /** Every entry found in `text` (after normalization), and what they decide together. */
  check(text: string): WordVerdict {
    const matches: WordMatch[] = [];
    if (this.size === 0) return { action: null, matches };
    const { chars, origin, gapBefore } = normalizeForMatching(text);
    const isBoundary = (i: number) =>
      // Between normalized characters i-1 and i: the text's edge, something dropped, or a non-word character beside.
      i <= 0 || i >= chars.length || gapBefore[i]! || !isWordCharacter(chars[i - 1]!) || !isWordCharacter(chars[i]!);
    let state = 0;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      let to = this.next[state]!.get(c);
      while (to === undefined && state !== 0) {
        state = this.fail[state]!;
        to = this.next[state]!.get(c);
      }
      state = to ?? 0;
      for (let s = this.own[state]!.length > 0 ? state : this.outLink[state]!; s > 0; s = this.outLink[s]!) {
        for (const p of this.own[s]!) {
          const pattern = this.patterns[p]!;
          const first = i - pattern.length + 1;
          if (pattern.boundedStart && !isBoundary(first)) continue;
          if (pattern.boundedEnd && !isBoundary(i + 1)) continue;
          const last = origin[i]!;
          matches.push({ rule: pattern.rule, start: origin[first]!, end: last + (text.codePointAt(last)! > 0xffff ? 2 : 1) });
        }
      }
    }
    const action = matches.some((m) => m.rule.action === "reject") ? "reject" : matches.length > 0 ? "hold" : null;
    return { action, matches };
  }
}
