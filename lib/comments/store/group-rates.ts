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
  const keys = new Set<string>();
  const counted = { reader_id: new Set<string>(), ip_hash: new Set<string>(), slug: new Set<string>() };
  let after = Infinity;
  let countsRows = false;
  for (const take of takes) {
    after = Math.min(after, take.now - longestCheckWindow(take.checks));
    for (const check of take.checks) {
      keys.add(check.key);
      if (!check.rows) continue;
      countsRows = true;
      keys.add(rowKey(check.rows));
      counted[check.rows.column].add(check.rows.value);
    }
  }
  if (keys.size === 0) return undefined;
  if (!countsRows) return { keys: [...keys], after };
  return { keys: [...keys], rows: { reader_id: [...counted.reader_id], ip_hash: [...counted.ip_hash], slug: [...counted.slug] }, after };
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

  /** The moments a check counts: its key's, and its row key's when it counts rows under another key. */
  private seen(check: RateCheck): number[] {
    const own = this.times.get(check.key) ?? [];
    const rows = check.rows && rowKey(check.rows);
    return !rows || rows === check.key ? own : [...own, ...(this.times.get(rows) ?? [])];
  }

  /**
   * Decides one write's step and, when allowed, records its events for every
   * key (seen by the writes after it in the group). `undo` takes them back,
   * for a write rolled back to its savepoint; `stored` drops the events of
   * the checks whose rows the write stored (`covers`), keeping their moment.
   */
  take({ checks, now }: RateTake): RateStep {
    const window = longestCheckWindow(checks);
    // One check per key (activeChecks merged them already for the store; kept for any caller).
    const byKey = new Map<string, RateCheck>();
    for (const check of checks) if (!byKey.has(check.key)) byKey.set(check.key, check);
    const times = new Map<string, number[]>();
    for (const check of byKey.values()) times.set(check.key, this.seen(check));
    const decision = decideRate(times, (key) => byKey.get(key)?.rules ?? [], now);
    if (!decision.allowed || window === 0) return new RateStep(decision, this, []);
    const taken: TakenEvent[] = [];
    for (const check of byKey.values()) {
      // A check counting rows adds its moment under its row key: two checks of one row under different keys count each other.
      const event = { row: { key: check.key, at: now, expiresAt: now + window }, memo: check.rows ? rowKey(check.rows) : check.key, rows: check.rows };
      this.timesOf(event.memo).push(now);
      this.recorded.push(event.row);
      taken.push(event);
    }
    return new RateStep(decision, this, taken);
  }

  /** Takes one event back from what the group writes (and, with `moment`, from what it counts). */
  drop(event: TakenEvent, moment: boolean): void {
    const i = this.recorded.indexOf(event.row);
    if (i !== -1) this.recorded.splice(i, 1);
    if (!moment) return;
    const times = this.timesOf(event.memo);
    times.splice(times.lastIndexOf(event.row.at), 1);
  }

  /** The events to write before the group commits. */
  get events(): readonly RateEventRow[] {
    return this.recorded;
  }
}

interface TakenEvent {
  row: RateEventRow;
  /** Where its moment is counted in the group. */
  memo: string;
  rows: CountedRows | undefined;
}

/** One write's step in a group: its decision, and what it may take back. */
export class RateStep {
  constructor(
    readonly decision: RateDecision,
    private readonly rates: GroupRates,
    private readonly taken: readonly TakenEvent[],
  ) {}

  /** For a write rolled back to its savepoint: its events and moments go. */
  undo(): void {
    for (const event of this.taken) this.rates.drop(event, true);
  }

  /** For a write that stored the rows `covers` accepts: their events are not written (the rows count), their moments stay. */
  stored(covers: (rows: CountedRows) => boolean): void {
    for (const event of this.taken) if (event.rows && covers(event.rows)) this.rates.drop(event, false);
  }

  /**
   * For a write whose own statement writes its events exactly when it stores
   * no row: takes them out of what the group writes (their moments stay) and
   * returns them, so the group's close has nothing left to write for it.
   * Only when the row would cover every one of them (`covers`); otherwise
   * nothing changes and it returns undefined.
   */
  handOver(covers: (rows: CountedRows) => boolean): readonly RateEventRow[] | undefined {
    if (!this.taken.every((event) => event.rows !== undefined && covers(event.rows))) return undefined;
    for (const event of this.taken) this.rates.drop(event, false);
    return this.taken.map((event) => event.row);
  }
}
