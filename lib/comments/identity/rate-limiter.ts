import type { CommentStore } from "../store/comment-store";

/** At most `limit` events per `windowMs`; a limit of 0 is no limit. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A column of `comments` that a post's own row is counted by (its reader, its address pseudonym, its report). */
export type CountedColumn = "reader_id" | "ip_hash" | "slug";

/**
 * The stored comments that count as a key's events: every non-official row
 * whose `column` is `value`, pending, held and hidden ones too (a deleted one
 * leaves a rate event under `rowKey` for its window: deleted-post-counts.ts).
 * A post that stores its row writes no rate event of its own for the key.
 */
export interface CountedRows {
  column: CountedColumn;
  value: string;
}

/** One key and the rules it is held to (a reader, an address and a report each have their own). */
export interface RateCheck {
  key: string;
  rules: readonly RateRule[];
  /** Posts: the comments rows that count too, besides the key's events. */
  rows?: CountedRows;
}

/** The key a counted row is read under, and its stand-ins are kept under (a deleted row's event, a probe's). */
export function rowKey({ column, value }: CountedRows): string {
  return `row:${column}:${value}`;
}

/** The same rules for several keys. */
export function sameRules(keys: readonly string[], rules: readonly RateRule[]): RateCheck[] {
  return keys.map((key) => ({ key, rules }));
}

/** Active checks only, one per key (a key named twice keeps every rule given for it, and the first rows named). */
export function activeChecks(checks: readonly RateCheck[]): RateCheck[] {
  const byKey = new Map<string, RateCheck>();
  for (const check of checks) {
    const rules = activeRules(check.rules);
    if (rules.length === 0) continue;
    const known = byKey.get(check.key);
    const rows = known?.rows ?? check.rows;
    byKey.set(check.key, { key: check.key, rules: [...(known?.rules ?? []), ...rules], ...(rows ? { rows } : {}) });
  }
  return [...byKey.values()];
}

/** How far back events matter for any of these checks. */
export function longestCheckWindow(checks: readonly RateCheck[]): number {
  return Math.max(0, ...checks.map((check) => longestWindow(check.rules)));
}

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
 * `rules` applies to every key, or is a function giving each key its own.
 */
export function decideRate(
  times: ReadonlyMap<string, readonly number[]>,
  rules: readonly RateRule[] | ((key: string) => readonly RateRule[]),
  now: number,
): RateDecision {
  let retryAt = 0;
  for (const [key, keyTimes] of times) {
    const sorted = [...keyTimes].sort((a, b) => a - b);
    for (const rule of activeRules(typeof rules === "function" ? rules(key) : rules)) {
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
    return takeTogether(this.store, this.checks(keys), now);
  }

  /** This limiter's checks for these keys, to be taken together with other limiters' (`takeTogether`). */
  checks(keys: readonly string[]): RateCheck[] {
    return sameRules(
      keys.map((key) => `${this.bucket}:${key}`),
      this.rules,
    );
  }

  /**
   * The check whose events are stored comments rows (posts: the row is the
   * event), keyed by those rows (`rowKey`), so the rows, a deleted row's
   * event and the events of posts that stored nothing are one key: one lock,
   * one lookup each.
   */
  countingRows(rows: CountedRows): RateCheck[] {
    return this.rules.length === 0 ? [] : [{ key: rowKey(rows), rules: this.rules, rows }];
  }
}

/** Takes several limiters' checks in one atomic step: one event for every key, or none. */
export async function takeTogether(store: Pick<CommentStore, "hitRateLimit">, checks: readonly RateCheck[], now: number = Date.now()): Promise<RateDecision> {
  const active = activeChecks(checks);
  if (active.length === 0) return { allowed: true };
  return store.hitRateLimit(active, now);
}
