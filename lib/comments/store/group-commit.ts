import { sql, type CompiledQuery, type Kysely, type QueryResult, type Transaction } from "kysely";
import type { RateTake } from "./group-rates";
import type { CommentsDatabase } from "./schema";
import { failedStatement, type FlightOptions } from "./store-dialect";

type Work<T, C> = (trx: Transaction<CommentsDatabase>, group: C) => Promise<T>;

/**
 * A write whose first statement needs no answer from the database to be
 * built: `statement` (or a refusal thrown instead of it), then `finish`
 * with its answer (which may send more).
 */
export interface PlannedWrite<T> {
  statement: CompiledQuery;
  finish(trx: Transaction<CommentsDatabase>, answer: QueryResult<unknown>): Promise<T>;
  /**
   * `finish` sends no statement, whatever the answer: the flight may then
   * carry the group's COMMIT (GroupCommitOptions.flightCommits).
   */
  final?: boolean;
}

/** Plans a write against what the group read (its rate limits); called in the group's order. */
export type Plan<T, C> = (group: C) => PlannedWrite<T>;

/** How a write joins a group. */
export interface WriteOptions {
  /**
   * Named locks the write needs (duplicate checks, rate limits): taken for
   * the whole group in one statement, sorted, before any write of the group
   * runs, instead of a statement per write. Taken in one global order, they
   * cannot deadlock with another group's (on this instance or another).
   */
  locks?: readonly string[];
  /**
   * Given for writes that, whenever they throw one of these refusals, have
   * written nothing: such a write runs without a savepoint (two statements,
   * on PostgreSQL two round trips, fewer). If it throws anything else (a
   * database error aborts a PostgreSQL transaction), the group is rolled back
   * and its other writes run again in the next group; none was acknowledged.
   */
  cleanRefusal?: (error: unknown) => boolean;
  /**
   * The write takes no row locks (only the named locks above): it may commit
   * in any lane, beside other groups. Anything that locks rows (likes,
   * replies, moderation) stays in the first lane, so two groups of one
   * process never wait for each other's rows in a cycle.
   */
  anyLane?: boolean;
  /** The write's rate-limit step: read for the whole group by `GroupHooks.open` (group-rates.ts). */
  rate?: RateTake;
}

/** What a group does around its writes, in its transaction. */
export interface GroupHooks<C> {
  /** The statements that read what the group's writes decide on: sent right behind the one that takes the group's named locks, in one flight. */
  reads(writes: readonly WriteOptions[]): CompiledQuery[];
  /** Their answers, in order, made into what each write is passed. */
  open(answers: readonly QueryResult<unknown>[], writes: readonly WriteOptions[]): C;
  /** After its last write, before COMMIT: writes what the writes left to it. */
  close(trx: Transaction<CommentsDatabase>, group: C): Promise<void>;
  /** True when `close` will write nothing, whatever the answers to the writes planned so far. */
  quiet(group: C): boolean;
}

interface Job<C> {
  work: Work<unknown, C>;
  /** Planned writes (with `cleanRefusal`) next to each other in a group send their statements in one flight. */
  plan?: Plan<unknown, C>;
  options: WriteOptions;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  attempts: number;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface GroupCommitOptions<C> {
  /** Most writes committed together. */
  maxGroup: number;
  /** Groups committing side by side (SQLite: 1, it has one writer; PostgreSQL: a few connections of the pool). */
  lanes: number;
  /** The transaction's first statement, if any: takes the named locks until it ends (store-dialect.ts `groupLocks`). */
  locks(lockNames: readonly string[]): CompiledQuery | undefined;
  /** Sends statements in order without waiting for each answer (store-dialect.ts `inOneFlight`). */
  inOneFlight(trx: Transaction<CommentsDatabase>, statements: readonly CompiledQuery[], options?: FlightOptions): Promise<QueryResult<unknown>[]>;
  /** A flight may carry the transaction's COMMIT (store-dialect.ts `flightCommits`). */
  flightCommits: boolean;
  /** After a group committed and is on disk (store-dialect.ts `announceChanges`). */
  committed(): void;
  /** Deadlocks and serialization failures: the write runs again (in the next group), up to maxAttempts in all. */
  isRetryable(error: unknown): boolean;
  maxAttempts: number;
  hooks: GroupHooks<C>;
  /** Resolves once the COMMIT is on disk (store-dialect.ts `durable`): no write is reported done before. */
  durable(): Promise<void>;
}

/** Thrown out of the transaction to roll a group back when a write without a savepoint failed. */
class GroupAborted extends Error {}

/**
 * Group commit: writes that arrive while a commit is under way wait for it,
 * then go in together in one transaction, so a burst of posts and likes costs
 * one commit (one fsync of the log) per group instead of one each. No timer:
 * a lone write waits one turn of the event loop, and the group is whatever
 * queued during the previous commit and that turn. Every caller hears back
 * only after the COMMIT has returned and is on disk (`durable`: SQLite's log
 * synced off the event loop, PostgreSQL synchronous_commit on). If the COMMIT
 * or the sync fails, every write of the group fails.
 *
 * A write runs in a savepoint of its own (one that throws is rolled back
 * alone, its locks too), unless it declares `cleanRefusal` (WriteOptions).
 * The group's named locks are taken first, in one statement, then its
 * hooks read what the writes decide on (their rate limits, read once for the
 * group: sent in the same flight as the locks, so on PostgreSQL BEGIN, the
 * locks and the read cost one round trip) and write what they leave (the
 * rate events, in one statement).
 *
 * Lanes: the first lane commits any write; writes marked `anyLane` (new
 * top-level comments: named locks only) may also commit in the other lanes,
 * each its own transaction on its own connection, so on PostgreSQL a burst is
 * not held to one connection's round trips.
 */
export class GroupCommit<C> {
  private queue: Job<C>[] = [];
  private readonly busy: boolean[];

  constructor(
    private readonly db: Kysely<CommentsDatabase>,
    private readonly options: GroupCommitOptions<C>,
  ) {
    this.busy = Array.from({ length: Math.max(1, options.lanes) }, () => false);
  }

  run<T>(work: Work<T, C>, options: WriteOptions = {}, plan?: Plan<T, C>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, options, ...(plan ? { plan } : {}), resolve: resolve as (value: unknown) => void, reject, attempts: 0 });
      this.wake();
    });
  }

  /**
   * A planned write (PlannedWrite). Its statement goes in one flight with
   * those of the planned writes next to it in the group (on PostgreSQL one
   * round trip for them all instead of one each; the server still runs them
   * in the group's order, each seeing the rows of those before it), then each
   * finishes in order. Only for writes with `cleanRefusal`.
   */
  runPlanned<T>(plan: Plan<T, C>, options: WriteOptions): Promise<T> {
    const alone: Work<T, C> = async (trx, group) => {
      const write = plan(group);
      const [answer] = await this.options.inOneFlight(trx, [write.statement]);
      return write.finish(trx, answer!);
    };
    return this.run(alone, options, plan);
  }

  private wake(): void {
    this.busy.forEach((busy, lane) => {
      if (!busy && this.queue.some((job) => this.fits(job, lane))) void this.drain(lane);
    });
  }

  private fits(job: Job<C>, lane: number): boolean {
    return lane === 0 || job.options.anyLane === true;
  }

  private take(lane: number): Job<C>[] {
    const group: Job<C>[] = [];
    const rest: Job<C>[] = [];
    for (const job of this.queue) (group.length < this.options.maxGroup && this.fits(job, lane) ? group : rest).push(job);
    this.queue = rest;
    return group;
  }

  private async drain(lane: number): Promise<void> {
    this.busy[lane] = true;
    try {
      for (;;) {
        // One turn of the event loop first: requests that arrived meanwhile (better-sqlite3
        // commits synchronously, so none could be read during the last commit) get to queue.
        await new Promise((resolve) => setImmediate(resolve));
        const group = this.take(lane);
        if (group.length === 0) break;
        await this.commit(group);
      }
    } finally {
      this.busy[lane] = false;
    }
    // Writes requeued by this lane's last group may fit another lane that has gone idle.
    this.wake();
  }

  private async commit(group: Job<C>[]): Promise<void> {
    const outcomes = new Map<Job<C>, Outcome>();
    let failed: Job<C> | undefined;
    /** Records the error of a write without a savepoint; true when it is no clean refusal, so the group must be rolled back. */
    const failing = (job: Job<C>, error: unknown): boolean => {
      outcomes.set(job, { ok: false, error });
      if (job.options.cleanRefusal!(error)) return false;
      failed = job;
      return true;
    };
    for (const job of group) job.attempts++;
    /** The group's COMMIT went with its last flight: nothing may roll it back any more. */
    let committed = false;
    try {
      await this.db.transaction().execute(async (trx) => {
        const writes = group.map((job) => job.options);
        // The locks, then the reads they make complete, in one round trip: each statement's snapshot is
        // taken when it starts, so the reads see whatever was committed before the locks were granted.
        const lock = this.options.locks([...new Set(group.flatMap((job) => job.options.locks ?? []))]);
        const reads = this.options.hooks.reads(writes);
        const planned = (job: Job<C> | undefined) => job?.plan !== undefined && job.options.cleanRefusal !== undefined;
        // Nothing to read, and planned writes first: the locks need no answer before they are planned,
        // so they lead the writes' own flight (the server still takes them before it runs any write).
        let lead = lock && reads.length === 0 && planned(group[0]) ? [lock] : [];
        let context: C;
        if (lead.length === 0) {
          const answers = await this.options.inOneFlight(trx, [...(lock ? [lock] : []), ...reads]);
          context = this.options.hooks.open(lock ? answers.slice(1) : answers, writes);
        } else {
          context = this.options.hooks.open([], writes);
        }
        for (let i = 0; i < group.length; ) {
          const job = group[i]!;
          if (planned(job)) {
            let end = i;
            while (end < group.length && planned(group[end])) end++;
            committed = await this.flight(trx, context, group.slice(i, end), outcomes, failing, lead, end === group.length);
            lead = [];
            i = end;
            continue;
          }
          i++;
          if (job.options.cleanRefusal) {
            try {
              outcomes.set(job, { ok: true, value: await job.work(trx, context) });
            } catch (error) {
              if (failing(job, error)) throw new GroupAborted();
            }
            continue;
          }
          await sql`savepoint group_write`.execute(trx);
          try {
            const value = await job.work(trx, context);
            await sql`release savepoint group_write`.execute(trx);
            outcomes.set(job, { ok: true, value });
          } catch (error) {
            await sql`rollback to savepoint group_write`.execute(trx);
            await sql`release savepoint group_write`.execute(trx);
            outcomes.set(job, { ok: false, error });
          }
        }
        // A committed flight was `quiet`: close has nothing to write.
        if (!committed) await this.options.hooks.close(trx, context);
      });
    } catch (error) {
      if (error instanceof GroupAborted && failed) {
        // Rolled back: the failed write hears its own error; the others (nothing of them is stored,
        // none was answered) go first into the next group, without counting an attempt.
        const others = group.filter((job) => job !== failed);
        for (const job of others) job.attempts--;
        this.queue.unshift(...others);
        this.settle(failed, outcomes.get(failed)!);
        return;
      }
      // BEGIN, the locks, the hooks or COMMIT failed (or a rollback to a savepoint did): nothing of the group is stored.
      for (const job of group) this.settle(job, { ok: false, error });
      return;
    }
    // Committed: the lane takes the next group now, while this one's COMMIT goes to disk (on SQLite an
    // fdatasync off the event loop; a sync started after this COMMIT covers it, so the next group's own
    // sync never needs this one's), and this group's writers hear back once it is there.
    void this.options.durable().then(
      () => {
        this.options.committed();
        for (const job of group) this.settle(job, outcomes.get(job)!);
      },
      // Stored, perhaps, but not surely on disk: none is reported done.
      (error: unknown) => {
        for (const job of group) this.settle(job, { ok: false, error });
      },
    ).finally(() => this.wake());
  }

  /**
   * Planned writes side by side: planned in order, their statements in one
   * flight (behind `lead`, statements whose answers nobody needs: the
   * group's locks), finished in order. When the flight ends the group
   * (`last`), the dialect can carry COMMIT, every write's `finish` sends
   * nothing and the group's close will write nothing, the COMMIT goes in the
   * same flight: on PostgreSQL a group of new comments is then one round trip
   * (BEGIN, locks, inserts, COMMIT) when it reads nothing first, and two when
   * it does. Returns whether it committed the group.
   */
  private async flight(
    trx: Transaction<CommentsDatabase>,
    context: C,
    jobs: readonly Job<C>[],
    outcomes: Map<Job<C>, Outcome>,
    failing: (job: Job<C>, error: unknown) => boolean,
    lead: readonly CompiledQuery[],
    last: boolean,
  ): Promise<boolean> {
    const planned: { job: Job<C>; write: PlannedWrite<unknown> }[] = [];
    for (const job of jobs) {
      try {
        planned.push({ job, write: job.plan!(context) });
      } catch (error) {
        if (failing(job, error)) throw new GroupAborted();
      }
    }
    const commit = last && planned.length > 0 && this.options.flightCommits && planned.every(({ write }) => write.final === true) && this.options.hooks.quiet(context);
    let answers: QueryResult<unknown>[];
    try {
      answers = (await this.options.inOneFlight(trx, [...lead, ...planned.map((entry) => entry.write.statement)], { commit })).slice(lead.length);
    } catch (error) {
      const at = failedStatement(error);
      // Not a planned statement's own error (the connection went, the locks or the COMMIT failed): the group fails as a whole.
      if (at === undefined || at < lead.length) throw error;
      failing(planned[at - lead.length]!.job, error);
      throw new GroupAborted();
    }
    for (const [i, { job, write }] of planned.entries()) {
      try {
        outcomes.set(job, { ok: true, value: await write.finish(trx, answers[i]!) });
      } catch (error) {
        if (!commit) {
          if (failing(job, error)) throw new GroupAborted();
          continue;
        }
        // Committed already: the others stay stored and are answered; this one hears its error, never retried (its row may be in).
        outcomes.set(job, { ok: false, error });
        job.attempts = Infinity;
      }
    }
    return commit;
  }

  private settle(job: Job<C>, outcome: Outcome): void {
    if (outcome.ok) job.resolve(outcome.value);
    else if (job.attempts < this.options.maxAttempts && this.options.isRetryable(outcome.error)) this.queue.push(job);
    else job.reject(outcome.error);
  }
}
