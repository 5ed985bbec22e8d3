import type { CommentStore } from "./comment-store";

/** At most `limit` events per `windowMs`; a limit of 0 is no limit. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The rules that limit anything (a limit of 0 turns a rule off). */
export function activeRules(rules: readonly RateRule[]): RateRule[] {
  return rules.filter((rule) => rule.limit > 0);
}

/** How far back events matter for these rules. */
export function longestWindow(rules: readonly RateRule[]): number {
  return Math.max(0, ...activeRules(rules).map((rule) => rule.windowMs));
}

/**
 * The sliding-window decision, shared by every store: given the recent event
 * times of each key (any order), may one more event happen at `now`? When not,
 * the retry time is when the oldest event that keeps a window full leaves it.
 */
export function decideRate(times: ReadonlyMap<string, readonly number[]>, rules: readonly RateRule[], now: number): RateDecision {
  let retryAt = 0;
  for (const keyTimes of times.values()) {
    const sorted = [...keyTimes].sort((a, b) => a - b);
    for (const rule of activeRules(rules)) {
      const inWindow = sorted.filter((t) => t > now - rule.windowMs);
      if (inWindow.length >= rule.limit) {
        retryAt = Math.max(retryAt, inWindow[inWindow.length - rule.limit]! + rule.windowMs);
      }
    }
  }
  if (retryAt > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now) / 1000)) };
  return { allowed: true };
}

/**
 * One kind of limited action (posting, liking) for the readers of every app
 * instance: the events are counted in the comment store, so two `next start`
 * processes behind one proxy share the limits. An event is counted against every
 * key given (the reader's cookie id and, when known, the IP hash) and only when
 * every key is within every rule.
 */
export class RateLimiter {
  private readonly rules: RateRule[];

  constructor(
    private readonly store: Pick<CommentStore, "hitRateLimit">,
    /** Keeps the kinds apart in the shared table: `comment`, `like`. */
    private readonly bucket: string,
    rules: readonly RateRule[],
  ) {
    this.rules = activeRules(rules);
  }

  /** Records one event for all keys when allowed; otherwise records nothing and says when to retry. */
  async take(keys: readonly string[], now: number = Date.now()): Promise<RateDecision> {
    if (this.rules.length === 0 || keys.length === 0) return { allowed: true };
    return this.store.hitRateLimit(
      keys.map((key) => `${this.bucket}:${key}`),
      this.rules,
      now,
    );
  }
}
