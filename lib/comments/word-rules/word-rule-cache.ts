import { WordMatcher } from "./word-matcher";
import type { WordRule } from "./word-rule";

/** How long a process trusts its matcher before asking the database whether the list changed. */
export const WORD_RULES_RECHECK_MS = 2_000;

export interface WordRuleSource {
  /** A number that changes whenever the list changes (one tiny query). */
  wordRulesVersion(): Promise<number>;
  listWordRules(): Promise<WordRule[]>;
}

/**
 * The word rules of this process, built into a matcher once and rebuilt when
 * the database's version number moves: checked at most every
 * WORD_RULES_RECHECK_MS, so an edit in the console applies on every instance
 * within seconds without reading the list on every post.
 */
export class WordRuleCache {
  private matcher: WordMatcher = new WordMatcher([]);
  private version: number | undefined;
  private checkedAt = -Infinity;
  private refreshing: Promise<WordMatcher> | undefined;

  constructor(
    private readonly source: WordRuleSource,
    private readonly recheckMs = WORD_RULES_RECHECK_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  async current(): Promise<WordMatcher> {
    if (this.clock() - this.checkedAt < this.recheckMs) return this.matcher;
    // Concurrent posts share one check.
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** After an edit through this process: the next post asks at once (other processes within the recheck time). */
  invalidate(): void {
    this.checkedAt = -Infinity;
  }

  private async refresh(): Promise<WordMatcher> {
    const version = await this.source.wordRulesVersion();
    if (version !== this.version) {
      this.matcher = new WordMatcher(await this.source.listWordRules());
      this.version = version;
    }
    this.checkedAt = this.clock();
    return this.matcher;
  }
}
