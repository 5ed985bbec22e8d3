import { decideRate, longestCheckWindow, type RateCheck, type RateDecision } from "../identity/rate-limiter";

/** The rate-limit step one write asks for: its checks (active ones) at its moment. */
export interface RateTake {
  checks: readonly RateCheck[];
  now: number;
}

export interface RateEventRow {
  key: string;
  at: number;
  expiresAt: number;
}

/** What a group must read before its writes decide: every key any of them names, since the earliest moment any rule looks back to. */
export function groupRateRead(takes: readonly RateTake[]): { keys: string[]; after: number } | undefined {
  const keys = [...new Set(takes.flatMap((take) => take.checks.map((check) => check.key)))];
  if (keys.length === 0) return undefined;
  return { keys, after: Math.min(...takes.map((take) => take.now - longestCheckWindow(take.checks))) };
}

/**
 * The rate limits of one write group (group-commit.ts): the keys' recent
 * events are read once for the whole group (under the group's named locks,
 * so no other transaction adds any meanwhile), each write decides against
 * them plus the events of the writes before it in the group, and the group
 * records every allowed write's events in one statement before its COMMIT.
 * So a post's limits cost no statement of its own. The decision is
 * decideRate's, exactly as when each write read and wrote its own events.
 */
export class GroupRates {
  private readonly times = new Map<string, number[]>();
  private readonly recorded: RateEventRow[] = [];

  constructor(rows: Iterable<{ key: string; at: number | string }>) {
    for (const row of rows) this.timesOf(row.key).push(Number(row.at));
  }

  private timesOf(key: string): number[] {
    let times = this.times.get(key);
    if (!times) this.times.set(key, (times = []));
    return times;
  }

  /**
   * Decides one write's step and, when allowed, records its events for every
   * key (seen by the writes after it in the group). `undo` takes them back,
   * for a write rolled back to its savepoint.
   */
  take({ checks, now }: RateTake): { decision: RateDecision; undo(): void } {
    const window = longestCheckWindow(checks);
    const keys = [...new Set(checks.map((check) => check.key))];
    const rulesOf = new Map(checks.map((check) => [check.key, check.rules]));
    const decision = decideRate(new Map(keys.map((key) => [key, this.times.get(key) ?? []])), (key) => rulesOf.get(key) ?? [], now);
    if (!decision.allowed || window === 0) return { decision, undo: () => {} };
    const rows = keys.map((key) => ({ key, at: now, expiresAt: now + window }));
    for (const row of rows) {
      this.timesOf(row.key).push(row.at);
      this.recorded.push(row);
    }
    return {
      decision,
      undo: () => {
        for (const row of rows) {
          this.recorded.splice(this.recorded.indexOf(row), 1);
          const times = this.timesOf(row.key);
          times.splice(times.lastIndexOf(row.at), 1);
        }
      },
    };
  }

  /** The events to write before the group commits. */
  get events(): readonly RateEventRow[] {
    return this.recorded;
  }
}
