import { sql, type Kysely, type Transaction } from "kysely";
import type { RateTake } from "./group-rates";
import type { CommentsDatabase } from "./schema";

type Work<T, C> = (trx: Transaction<CommentsDatabase>, group: C) => Promise<T>;

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
  /** After the group's named locks, before its first write: reads what its writes decide on; passed to each write. */
  open(trx: Transaction<CommentsDatabase>, writes: readonly WriteOptions[]): Promise<C>;
  /** After its last write, before COMMIT: writes what the writes left to it. */
  close(trx: Transaction<CommentsDatabase>, group: C): Promise<void>;
}

interface Job<C> {
  work: Work<unknown, C>;
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
  /** The transaction's first statement: takes the named locks until it ends (store-dialect.ts `beginGroup`). */
  begin(trx: Transaction<CommentsDatabase>, lockNames: readonly string[]): Promise<void>;
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
 * group) and write what they leave (the rate events, in one statement).
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

  run<T>(work: Work<T, C>, options: WriteOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, options, resolve: resolve as (value: unknown) => void, reject, attempts: 0 });
      this.wake();
    });
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
    const outcomes: Outcome[] = [];
    let failed: Job<C> | undefined;
    for (const job of group) job.attempts++;
    try {
      await this.db.transaction().execute(async (trx) => {
        const locks = [...new Set(group.flatMap((job) => job.options.locks ?? []))];
        await this.options.begin(trx, locks);
        const context = await this.options.hooks.open(trx, group.map((job) => job.options));
        for (const job of group) {
          const clean = job.options.cleanRefusal;
          if (clean) {
            try {
              outcomes.push({ ok: true, value: await job.work(trx, context) });
            } catch (error) {
              outcomes.push({ ok: false, error });
              if (!clean(error)) {
                failed = job;
                throw new GroupAborted();
              }
            }
            continue;
          }
          await sql`savepoint group_write`.execute(trx);
          try {
            const value = await job.work(trx, context);
            await sql`release savepoint group_write`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            await sql`rollback to savepoint group_write`.execute(trx);
            await sql`release savepoint group_write`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
        await this.options.hooks.close(trx, context);
      });
      await this.options.durable();
      this.options.committed();
    } catch (error) {
      if (error instanceof GroupAborted && failed) {
        // Rolled back: the failed write hears its own error; the others (nothing of them is stored,
        // none was answered) go first into the next group, without counting an attempt.
        const others = group.filter((job) => job !== failed);
        for (const job of others) job.attempts--;
        this.queue.unshift(...others);
        this.settle(failed, outcomes[outcomes.length - 1]!);
        return;
      }
      // BEGIN, the locks, the hooks, COMMIT or the sync failed (or a rollback to a savepoint did): nothing of the group is stored.
      for (const job of group) this.settle(job, { ok: false, error });
      return;
    }
    group.forEach((job, i) => this.settle(job, outcomes[i]!));
  }

  private settle(job: Job<C>, outcome: Outcome): void {
    if (outcome.ok) job.resolve(outcome.value);
    else if (job.attempts < this.options.maxAttempts && this.options.isRetryable(outcome.error)) this.queue.push(job);
    else job.reject(outcome.error);
  }
}
