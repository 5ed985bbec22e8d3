import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/** At most one checkpoint starts in this long, however fast commits come. */
const MIN_INTERVAL_MS = 200;

/** The file's queue of statements in this process (sqlite-dialect.ts): a checkpoint takes a turn like a write. */
export interface Turns {
  take(): Promise<void>;
  give(): void;
}

/**
 * The worker: its own connection to the file, which writes nothing and only
 * checkpoints, PASSIVE (it never waits for the writer or readers, and they
 * never wait for it). Plain CommonJS run with `eval`, so it starts the same
 * from the server entry (tsx) and from Next's bundle.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [result] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ done: true, log: result.log, checkpointed: result.checkpointed });
  } catch (error) {
    parentPort.postMessage({ done: true, error: String((error && error.message) || error) });
  }
});
parentPort.postMessage({ ready: true });
`;

/** What the last checkpoint left: frames in the log, and how many of them are in the database file. */
export interface CheckpointResult {
  log: number;
  checkpointed: number;
}

/**
 * Checkpoints a database's write-ahead log on a worker thread, for every
 * connection of this process to that file.
 *
 * SQLite checkpoints inside the COMMIT that takes the log past 1,000 pages:
 * it copies the log into the database and syncs both, on the thread that
 * committed. On the event loop that was 14-19 ms every few write groups
 * under a stream of posts (1.4 s of every 8), during which no request was
 * read and no answer sent: the p99 of posts and of any list served meanwhile.
 * Once the worker has its connection, this process's connections stop
 * checkpointing on commit (wal_autocheckpoint = 0) and each commit nudges the
 * worker instead. Until then, or if the worker fails, SQLite checkpoints as
 * before. Other processes (the CLI) keep SQLite's default.
 *
 * The worker checkpoints while holding the file's turn in this process, as a
 * write group would: writes of this process wait for it (asynchronously;
 * cached lists never wait), so the checkpoint copies the whole log and the
 * next write starts the log afresh. Checkpoints that ran beside the writes
 * never caught up with them, and the log grew past 100 MB in a minute of posts.
 *
 * Durability is SQLite's own: the checkpointer syncs the log before copying
 * and the database after; an interrupted checkpoint is redone from the log.
 */
export class SqliteCheckpointer {
  private static readonly byFile = new Map<string, SqliteCheckpointer>();

  private worker: Worker | undefined;
  private ready = false;
  private failed = false;
  private running = false;
  /** This checkpointer holds the file's turn (a checkpoint was asked of the worker). */
  private holding = false;
  private again = false;
  private lastStarted = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly connections = new Set<Database.Database>();
  private waiters: ((result: CheckpointResult | undefined) => void)[] = [];
  /** What the last checkpoint reported (tests, diagnostics). */
  last: CheckpointResult | undefined;

  private constructor(
    private readonly file: string,
    private readonly turns: Turns,
  ) {}

  /** The checkpointer of a database file, shared by this process's connections to it (which share `turns`). */
  static of(file: string, turns: Turns): SqliteCheckpointer {
    const key = path.resolve(file);
    let checkpointer = SqliteCheckpointer.byFile.get(key);
    if (!checkpointer) SqliteCheckpointer.byFile.set(key, (checkpointer = new SqliteCheckpointer(key, turns)));
    return checkpointer;
  }

  /** A connection of this process that writes: it checkpoints on commit only while the worker is not up. */
  attach(database: Database.Database): void {
    this.connections.add(database);
    if (this.ready) database.pragma("wal_autocheckpoint = 0");
  }

  /** Before the connection closes. The last one stops the worker. */
  detach(database: Database.Database): void {
    if (!this.connections.delete(database)) return;
    if (this.connections.size > 0) return;
    SqliteCheckpointer.byFile.delete(this.file);
    clearTimeout(this.timer);
    this.worker?.postMessage("close");
    this.worker = undefined;
    if (this.running) this.finish(undefined);
    this.settle(undefined);
  }

  /** A commit happened: checkpoint soon (at most one running, at most one start per MIN_INTERVAL_MS). */
  nudge(): void {
    if (this.failed || this.connections.size === 0) return;
    if (!this.worker) {
      this.start();
      return;
    }
    if (!this.ready || this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const wait = this.lastStarted + MIN_INTERVAL_MS - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.nudge();
      }, wait);
      this.timer.unref();
      return;
    }
    this.run();
  }

  /** Takes the file's turn, then has the worker checkpoint; the answer gives the turn back. */
  private run(): void {
    const worker = this.worker!;
    this.running = true;
    this.lastStarted = Date.now();
    void this.turns.take().then(() => {
      // Closed or failed meanwhile (that ended this run): the turn goes straight back.
      if (worker !== this.worker) return this.turns.give();
      this.holding = true;
      worker.postMessage("checkpoint");
    });
  }

  /** A checkpoint ended (or can no longer end): the turn goes back and waiting callers hear. */
  private finish(result: CheckpointResult | undefined, error?: string): void {
    if (this.holding) {
      this.holding = false;
      this.turns.give();
    }
    this.running = false;
    if (error) console.warn(`comments database: a checkpoint failed (${error}); the next commit tries again`);
    else this.last = result;
    this.settle(result);
  }

  /** Checkpoints now (after one running ends); undefined when the worker is not running. For tests. */
  async checkpoint(): Promise<CheckpointResult | undefined> {
    if (this.failed || !this.worker) return undefined;
    const result = new Promise<CheckpointResult | undefined>((resolve) => this.waiters.push(resolve));
    if (this.ready && !this.running) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.run();
    } else this.again = true;
    return result;
  }

  /** Whether commits of this process's connections leave checkpoints to the worker. */
  get active(): boolean {
    return this.ready && !this.failed;
  }

  private start(): void {
    let driver: string;
    try {
      driver = (typeof require === "function" ? require : createRequire(import.meta.url)).resolve("better-sqlite3");
    } catch {
      this.fail("better-sqlite3 cannot be found from here");
      return;
    }
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.file, driver } });
    this.worker = worker;
    // Never keeps the process alive; a checkpoint cut off by exit is redone from the log by the next one.
    worker.unref();
    worker.on("message", (message: { ready?: true; done?: true; log?: number; checkpointed?: number; error?: string }) => {
      if (worker !== this.worker) return;
      if (message.ready) {
        this.ready = true;
        for (const database of this.connections) setAutocheckpoint(database, 0);
        this.nudge();
        return;
      }
      this.finish(message.error ? undefined : { log: message.log!, checkpointed: message.checkpointed! }, message.error);
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
    worker.on("error", (error) => {
      if (worker === this.worker) this.fail(error.message);
    });
    worker.on("exit", () => {
      if (worker === this.worker) this.fail("the checkpoint worker stopped");
    });
  }

  /** Back to SQLite's own checkpoints on commit, for good. */
  private fail(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.ready = false;
    this.worker = undefined;
    console.warn(`comments database: checkpoints run on commit again (${reason})`);
    for (const database of this.connections) setAutocheckpoint(database, 1000);
    if (this.running) this.finish(undefined);
    this.settle(undefined);
  }

  private settle(result: CheckpointResult | undefined): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(result);
  }
}

function setAutocheckpoint(database: Database.Database, pages: number): void {
  if (database.open) database.pragma(`wal_autocheckpoint = ${pages}`);
}
