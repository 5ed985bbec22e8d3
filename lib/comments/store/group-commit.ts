import { sql, type Kysely, type Transaction } from "kysely";
import type { CommentsDatabase } from "./schema";

type Work<T> = (trx: Transaction<CommentsDatabase>) => Promise<T>;

interface Job {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  attempts: number;
}

export interface GroupCommitOptions {
  /** Most writes committed together. */
  maxGroup: number;
  /** Deadlocks and serialization failures: the write runs again (in the next group), up to maxAttempts in all. */
  isRetryable(error: unknown): boolean;
  maxAttempts: number;
}

/**
 * Group commit: writes that arrive while a commit is under way wait for it,
 * then go in together, each in a savepoint of one transaction, so a burst of
 * posts and likes costs one commit (one fsync of the log) per group instead of
 * one each. No timer: a lone write waits one turn of the event loop, and the
 * group is whatever queued during the previous commit and that turn. A write whose work
 * throws is rolled back to its savepoint alone (its locks too); the others
 * stay. Every caller hears back only after the COMMIT has returned, so a
 * success is on disk exactly as before (SQLite synchronous=FULL, PostgreSQL
 * synchronous_commit on). If the COMMIT fails, every write of the group fails.
 *
 * One group at a time per store: writes of one process already take turns
 * (SQLite's write lock; on PostgreSQL they contend for the same report and
 * reader locks), and one committer cannot deadlock with itself.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private busy = false;

  constructor(
    private readonly db: Kysely<CommentsDatabase>,
    private readonly options: GroupCommitOptions,
  ) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject, attempts: 0 });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.queue.length > 0) {
        // One turn of the event loop first: requests that arrived meanwhile (better-sqlite3
        // commits synchronously, so none could be read during the last commit) get to queue.
        await new Promise((resolve) => setImmediate(resolve));
        await this.commit(this.queue.splice(0, this.options.maxGroup));
      }
    } finally {
      this.busy = false;
    }
  }

  private async commit(group: Job[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const job of group) {
          job.attempts++;
          await sql`savepoint group_write`.execute(trx);
          try {
            const value = await job.work(trx);
            await sql`release savepoint group_write`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            await sql`rollback to savepoint group_write`.execute(trx);
            await sql`release savepoint group_write`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // BEGIN or COMMIT failed (or a rollback to a savepoint did): nothing of the group is stored.
      for (const job of group) this.settle(job, { ok: false, error });
      return;
    }
    group.forEach((job, i) => this.settle(job, outcomes[i]!));
  }

  private settle(job: Job, outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): void {
    if (outcome.ok) job.resolve(outcome.value);
    else if (job.attempts < this.options.maxAttempts && this.options.isRetryable(outcome.error)) this.queue.push(job);
    else job.reject(outcome.error);
  }
}
