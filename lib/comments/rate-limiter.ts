/** At most `limit` events per `windowMs`; a limit of 0 is no limit. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Above this many keys, stale ones are swept; above it still, the oldest are dropped. */
const MAX_KEYS = 100_000;

/**
 * Sliding-window limits kept in this process's memory (one `next start` serves
 * the site; a multi-process deployment would move this into the store). An
 * event is counted against every key given (the reader's cookie id and, when
 * known, the IP hash) and only when every key is within every rule.
 */
export class RateLimiter {
  private readonly rules: RateRule[];
  private readonly longestWindow: number;
  private readonly events = new Map<string, number[]>();

  constructor(rules: readonly RateRule[]) {
    this.rules = rules.filter((rule) => rule.limit > 0);
    this.longestWindow = Math.max(0, ...this.rules.map((rule) => rule.windowMs));
  }

  /** Records one event for all keys when allowed; otherwise records nothing and says when to retry. */
  take(keys: readonly string[], now: number = Date.now()): RateDecision {
    if (this.rules.length === 0) return { allowed: true };
    let retryAt = 0;
    for (const key of keys) {
      const times = this.recent(key, now);
      for (const rule of this.rules) {
        const inWindow = times.filter((t) => t > now - rule.windowMs);
        if (inWindow.length >= rule.limit) {
          // The window has room again once the oldest event that keeps it full has left it.
          retryAt = Math.max(retryAt, inWindow[inWindow.length - rule.limit]! + rule.windowMs);
        }
      }
    }
    if (retryAt > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now) / 1000)) };
    for (const key of keys) {
      const times = this.recent(key, now);
      times.push(now);
      this.events.delete(key); // re-insert: Map order is then least recently used first
      this.events.set(key, times);
    }
    if (this.events.size > MAX_KEYS) this.sweep(now);
    return { allowed: true };
  }

  private recent(key: string, now: number): number[] {
    const times = this.events.get(key) ?? [];
    const maxKept = Math.max(...this.rules.map((rule) => rule.limit));
    const fresh = times.filter((t) => t > now - this.longestWindow);
    return fresh.length > maxKept ? fresh.slice(-maxKept) : fresh;
  }

  private sweep(now: number): void {
    for (const [key, times] of this.events) {
      if (times.every((t) => t <= now - this.longestWindow)) this.events.delete(key);
    }
    for (const key of this.events.keys()) {
      if (this.events.size <= MAX_KEYS) break;
      this.events.delete(key);
    }
  }
}
