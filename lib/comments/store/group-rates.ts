import { decideRate, longestCheckWindow, rowKey, type CountedColumn, type CountedRows, type RateCheck, type RateDecision } from "../identity/rate-limiter";

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

/** What a group must read before its writes decide. */
export interface GroupRateRead {
  /** Event keys: every key any write names, and the row key (`rowKey`) of every check counting rows (a deleted row's event). */
  keys: string[];
  /** The `comments` values counted, per column (`CountedRows`); absent when no check counts rows. */
  rows?: Record<CountedColumn, string[]>;
  /** The earliest moment any rule looks back to. */
  after: number;
}

/** What a group must read before its writes decide: every key any of them names, since the earliest moment any rule looks back to. */
export function groupRateRead(takes: readonly RateTake[]): GroupRateRead | undefined {
  const checks = takes.flatMap((take) => take.checks);
  const keys = [...new Set(checks.flatMap((check) => (check.rows ? [check.key, rowKey(check.rows)] : [check.key])))];
  if (keys.length === 0) return undefined;
  const after = Math.min(...takes.map((take) => take.now - longestCheckWindow(take.checks)));
  if (!checks.some((check) => check.rows)) return { keys, after };
  const rows: Record<CountedColumn, string[]> = { reader_id: [], ip_hash: [], slug: [] };
  for (const check of checks) if (check.rows && !rows[check.rows.column].includes(check.rows.value)) rows[check.rows.column].push(check.rows.value);
  return { keys, rows, after };
}

/**
 * The rate limits of one write group (group-commit.ts): the keys' recent
 * events are read once for the whole group (under the group's named locks,
 * so no other transaction adds any meanwhile), each write decides against
 * them plus the events of the writes before it in the group, and the group
 * records every allowed write's events in one statement before its COMMIT.
 * So a post's limits cost no statement of its own. The decision is
 * decideRate's, exactly as when each write read and wrote its own events.
 *
 * A check counting rows (`RateCheck.rows`: posts) also counts the stored
 * comments read under its row key; a write that stored such a row keeps its
 * moment for the writes after it in the group but writes no event for the
 * key (`stored`): its row is the event from then on.
 */
export class GroupRates {
  private readonly times = new Map<string, number[]>();
  private readonly recorded: RateEventRow[] = [];

  /** `rows`: the keys' events and the counted comments, each under its row key. */
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
   * for a write rolled back to its savepoint; `stored` drops the events of
   * the checks whose rows the write stored (`covers`), keeping their moment.
   */
  take({ checks, now }: RateTake): { decision: RateDecision; undo(): void; stored(covers: (rows: CountedRows) => boolean): void } {
    const window = longestCheckWindow(checks);
    const keys = [...new Set(checks.map((check) => check.key))];
    const byKey = new Map(checks.map((check) => [check.key, check]));
    // A check counting rows sees, and adds its moment to, its row key too: two checks of one address under
    // different rotating keys (a group spanning 00:00 UTC) still count each other's posts of the group.
    const memo = (key: string) => {
      const rows = byKey.get(key)?.rows;
      return rows ? rowKey(rows) : key;
    };
    const seen = (key: string) => (memo(key) === key ? (this.times.get(key) ?? []) : [...(this.times.get(key) ?? []), ...(this.times.get(memo(key)) ?? [])]);
    const decision = decideRate(new Map(keys.map((key) => [key, seen(key)])), (key) => byKey.get(key)?.rules ?? [], now);
    const nothing = { decision, undo: () => {}, stored: () => {} };
    if (!decision.allowed || window === 0) return nothing;
    const rows = keys.map((key) => ({ key, at: now, expiresAt: now + window }));
    for (const row of rows) {
      this.timesOf(memo(row.key)).push(row.at);
      this.recorded.push(row);
    }
    const unrecord = (row: RateEventRow) => {
      const i = this.recorded.indexOf(row);
      if (i !== -1) this.recorded.splice(i, 1);
    };
    return {
      decision,
      undo: () => {
        for (const row of rows) {
          unrecord(row);
          const times = this.timesOf(memo(row.key));
          times.splice(times.lastIndexOf(row.at), 1);
        }
      },
      stored: (covers) => {
        for (const row of rows) {
          const counted = byKey.get(row.key)?.rows;
          if (counted && covers(counted)) unrecord(row);
        }
      },
    };
  }

  /** The events to write before the group commits. */
  get events(): readonly RateEventRow[] {
    return this.recorded;
  }
}
