import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** A statement as the writer thread runs it. */
export interface WriterStatement {
  sql: string;
  parameters: readonly unknown[];
}

/** One statement's answer: a reader's rows, or what a write changed. */
export type WriterAnswer = { rows: unknown[] } | { changes: number; lastInsertRowid: number | bigint };

/** What the thread did with one batch: the answers of the statements it ran, and the error that stopped it. */
export interface WriterReply {
  answers: WriterAnswer[];
  /** Index of the statement that failed (the batch's length: its COMMIT). */
  failed?: number;
  error?: Error;
  /** The batch asked for COMMIT and the transaction is over: committed, or rolled back after a failure. */
  ended?: boolean;
}

/**
 * The thread: its own connection to the file, on which every write of this
 * process runs (sqlite-dialect.ts). Batches run in the order they arrive,
 * each statement after the one before; the first error stops a batch. A batch
 * marked `commit` ends with COMMIT, or, after an error, with ROLLBACK (as
 * PostgreSQL does with a pipelined COMMIT). Plain CommonJS run with `eval`, so
 * it starts the same from the server entry (tsx) and from Next's bundle.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
// Each COMMIT syncs the log before it returns: an answer from this thread means on disk.
db.pragma("synchronous = FULL");
db.pragma("foreign_keys = ON");
if (workerData.noAutoCheckpoint) db.pragma("wal_autocheckpoint = 0");
const prepared = new Map();
function run(sql, parameters) {
  let statement = prepared.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (prepared.size >= 500) prepared.clear();
    prepared.set(sql, statement);
  }
  if (statement.reader) return { rows: statement.all(parameters) };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { changes, lastInsertRowid };
}
function described(error) {
  return { message: String((error && error.message) || error), code: error && error.code, name: (error && error.name) || "Error" };
}
let beginError;
parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    parentPort.close();
    return;
  }
  // A statement of a transaction whose BEGIN failed (the file's write lock stayed taken): never run it on its own.
  if (message.inTransaction && !db.inTransaction) {
    parentPort.postMessage({ id: message.id, answers: [], failed: 0, error: beginError || described(new Error("no transaction is open")), ended: message.commit || undefined });
    return;
  }
  const answers = [];
  const statements = message.statements;
  for (let i = 0; i <= statements.length; i++) {
    if (i === statements.length && !message.commit) break;
    try {
      answers.push(i === statements.length ? run("COMMIT", []) : run(statements[i].sql, statements[i].parameters));
    } catch (error) {
      if (message.begins) beginError = described(error);
      let ended;
      if (message.commit) {
        if (db.inTransaction) db.exec("ROLLBACK");
        ended = true;
      }
      parentPort.postMessage({ id: message.id, answers: answers.slice(0, i), failed: i, error: described(error), ended });
      return;
    }
  }
  if (message.commit) answers.pop();
  parentPort.postMessage({ id: message.id, answers, ended: message.commit || undefined });
});
`;

interface Pending {
  resolve(reply: WriterReply): void;
  reject(error: unknown): void;
}

/**
 * The writer thread of one store (sqlite-dialect.ts): better-sqlite3 runs a
 * statement synchronously, and an insert into the comments table (its nine
 * indexes) took 65-85 µs, a group's COMMIT 0.6-1 ms; on the event loop that
 * was 40 % of its time under a stream of posts, during which no request was
 * read and no answer sent. On this thread it runs beside them.
 *
 * A thread that dies (it should not) fails the batches it held; the next
 * batch starts a new one.
 */
export class SqliteWriter {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly noAutoCheckpoint: boolean,
  ) {}

  /**
   * Runs the statements in order on the thread (then COMMIT, with `commit`);
   * resolves with what it did, errors included. `inTransaction`: they belong
   * to a transaction, and fail if its BEGIN (`begins`) failed.
   */
  send(statements: readonly WriterStatement[], options: { commit?: boolean; inTransaction?: boolean; begins?: boolean } = {}): Promise<WriterReply> {
    if (this.closed) return Promise.reject(new Error("the comments database is closed"));
    const worker = this.started();
    const id = this.next++;
    return new Promise<WriterReply>((resolve, reject) => {
      // Held while it has work: a script (the CLI) that awaits a write must not exit under it.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, statements: statements.map(({ sql, parameters }) => ({ sql, parameters })), commit: options.commit === true, inTransaction: options.inTransaction === true, begins: options.begins === true });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const require = createRequire(import.meta.url);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.file, driver: require.resolve("better-sqlite3"), noAutoCheckpoint: this.noAutoCheckpoint } });
    worker.on("message", (message: { id: number; answers: WriterAnswer[]; failed?: number; error?: { message: string; code?: string; name: string }; ended?: boolean }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      const error = message.error && Object.assign(new Error(message.error.message), { name: message.error.name, ...(message.error.code ? { code: message.error.code } : {}) });
      pending.resolve({ answers: message.answers, ...(message.failed !== undefined ? { failed: message.failed } : {}), ...(error ? { error } : {}), ...(message.ended ? { ended: true } : {}) });
    });
    const lost = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`the comments writer thread stopped (exit code ${code})`)));
    // Idle, never what keeps the process alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      worker.once("exit", () => resolve());
      worker.postMessage("close");
    });
  }
}
