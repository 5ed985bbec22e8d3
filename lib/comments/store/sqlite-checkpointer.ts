import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/** At most one checkpoint starts in this long, however fast commits come. */
const MIN_INTERVAL_MS = 200;

/**
 * Log frames (pages; 4 KB each) past which a checkpoint's second pass holds
 * the file's turn to finish the log, so the next write starts it afresh.
 * Below it, first passes alone keep copying the log as it grows.
 */
export const HOLD_AT_FRAMES = 4_096;

/** The file's queue of statements in this process (sqlite-dialect.ts): a checkpoint's second pass takes a turn like a write. */
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

/** What a checkpoint reported: frames in the log, and how many of them are now in the database file. */
interface CheckpointResult {
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
 * Each checkpoint has two passes, both PASSIVE (they never wait for the
 * writer or for readers). The first runs beside the writes and copies the
 * bulk of the log (20-40 ms under a stream of posts). Once the log is
 * HOLD_AT_FRAMES long, the second copies what was committed meanwhile while
 * holding the file's turn in this process, as a write group would: writes of
 * this process wait for it (asynchronously; cached reads never wait), so it
 * copies the whole log and the next write starts the log afresh. Checkpoints
 * run only beside the writes never caught up with them (the log grew past
 * 100 MB in a minute of posts); held whole, they held up every write for
 * 20-40 ms five times a second.
 *
 * Durability is SQLite's own: the checkpointer syncs the log before copying
 * and the database after; an interrupted checkpoint is redone from the log.
 */
export class SqliteCheckpointer {
  private static readonly byFile = new Map<string, SqliteCheckpointer>();

  private worker: Worker | undefined;
  private ready = false;
  private failed = false;
  /** A checkpoint (either pass) is under way. */
  private running = false;
  private again = false;
  /** The second pass holds the file's turn. */
  private holding = false;
  private lastStarted = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly connections = new Set<Database.Database>();

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
    this.release();
  }

  /** A commit happened: checkpoint soon (one at a time, at most one start per MIN_INTERVAL_MS). */
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
    this.running = true;
    this.lastStarted = Date.now();
    this.worker.postMessage("checkpoint");
  }

  /**
   * The first pass ended. The second, under the file's turn, once the log is
   * HOLD_AT_FRAMES long (frames committed after the first pass began are not
   * in its figures, so it runs even when the first pass copied every frame it
   * saw). A shorter log is left to grow: holding the turn five times a second
   * held every write up for 8-19 ms each time. The last writes still reach
   * the database file: a pass starts after every commit (or again after the
   * one under way).
   */
  private firstPassDone(worker: Worker, result: CheckpointResult): void {
    if (result.log < HOLD_AT_FRAMES) {
      // Past half way, the next pass starts with the next commit: over MIN_INTERVAL_MS a fast stream of
      // writes took the log from under HOLD_AT_FRAMES to more than twice that before the second pass.
      if (result.log >= HOLD_AT_FRAMES / 2) this.lastStarted = 0;
      return this.done();
    }
    void this.turns.take().then(() => {
      // Closed or failed meanwhile (that ended this checkpoint): the turn goes straight back.
      if (worker !== this.worker) return this.turns.give();
      this.holding = true;
      worker.postMessage("checkpoint");
    });
  }

  private done(): void {
    this.release();
    if (this.again) {
      this.again = false;
      this.nudge();
    }
  }

  /** The turn goes back, if held; no checkpoint is under way any more. */
  private release(): void {
    if (this.holding) {
      this.holding = false;
      this.turns.give();
    }
    this.running = false;
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
      if (message.error) {
        console.warn(`comments database: a checkpoint failed (${message.error}); the next commit tries again`);
        return this.done();
      }
      if (this.holding) return this.done();
      this.firstPassDone(worker, { log: message.log!, checkpointed: message.checkpointed! });
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
    this.release();
  }
}

function setAutocheckpoint(database: Database.Database, pages: number): void {
  if (database.open) database.pragma(`wal_autocheckpoint = ${pages}`);
}
