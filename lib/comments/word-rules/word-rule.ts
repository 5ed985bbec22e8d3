/**
 * A word rule (敏感词): a word or phrase that either rejects a comment (the
 * reader is told the text is not allowed, never which word) or holds it for a
 * moderator's review.
 */
export type WordRuleAction = "reject" | "hold";
export const WORD_RULE_ACTIONS: readonly WordRuleAction[] = ["reject", "hold"];

export interface WordRule {
  /** As entered (trimmed); matched after normalization (normalize-for-matching.ts). */
  word: string;
  action: WordRuleAction;
}

/** Longest entry accepted: a phrase, not a paragraph. */
export const MAX_WORD_RULE_LENGTH = 100;
