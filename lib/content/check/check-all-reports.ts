import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import fs from "node:fs";
import type { ContentProblem } from "../content-problem";
import { displayPath } from "../content-root";
import type { ReportSummary } from "../report-types";
import { glossaryBeside, loadAllReports, loadEntry, reportFolderEntries, summarize } from "../reports";
import { checkFolder, type CheckJob, type CheckedEntry } from "./check-reports-worker";

export interface CheckedReports {
  reports: ReportSummary[];
  problems: ContentProblem[];
  warnings: ContentProblem[];
}

/** Folders checked here first, to see whether they are in the content cache (about 1 ms each) or need parsing (about 10). */
const SAMPLE = 16;
/** What starting the workers costs (loading TypeScript and the Markdown packages in each), in ms: parallel only when it saves more. */
const WORKER_START_MS = 1500;

export interface CheckOptions {
  /** Worker threads at most (default: one per core). */
  threads?: number;
  /** Time the first folders to decide whether workers pay (default); false always uses them when there are two or more threads. */
  sample?: boolean;
}

/**
 * What `loadAllReports(root, publicRoot, summarize)` returns, with the same
 * problems and warnings in the same order, but when the folders need parsing
 * (a cold cache: a fresh machine, a parser change) they are divided among
 * worker threads, one per core: one core parsed 10,000 reports in about two
 * minutes. A warm run, which only reads the cache, stays on this thread.
 */
export async function checkAllReports(root: string, publicRoot: string, options: CheckOptions = {}): Promise<CheckedReports> {
  const threads = options.threads ?? os.availableParallelism();
  if (!fs.existsSync(root) || threads < 2) return loadAllReports(root, publicRoot, summarize);
  const entries = reportFolderEntries(root);
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const { glossary, problems: glossaryProblems } = glossaryBeside(root);

  const byName = new Map<string, CheckedEntry>();
  let next = 0;
  if (options.sample !== false) {
    const started = performance.now();
    for (; next < Math.min(SAMPLE, folders.length); next++) byName.set(folders[next]!, checkFolder(root, folders[next]!, publicRoot, glossary));
    const perFolder = (performance.now() - started) / Math.max(1, next);
    const rest = folders.length - next;
    if (rest * perFolder * (1 - 1 / threads) < WORKER_START_MS) {
      for (; next < folders.length; next++) byName.set(folders[next]!, checkFolder(root, folders[next]!, publicRoot, glossary));
    }
  }
  const remaining = folders.slice(next);
  if (remaining.length > 0) {
    const workers = Math.min(threads, remaining.length);
    // Interleaved shares keep the workers equally busy whatever the folders' sizes by name.
    const shares = Array.from({ length: workers }, (_, w) => remaining.filter((_, i) => i % workers === w));
    const results = await Promise.all(shares.map((share) => runWorker({ root, publicRoot, folders: share })));
    for (const result of results) for (const entry of result) byName.set(entry.name, entry);
  }

  const checked: CheckedReports = { reports: [], problems: [...glossaryProblems], warnings: [] };
  for (const entry of entries) {
    const result = entry.isDirectory() ? byName.get(entry.name) : { name: entry.name, ...loadEntry(root, entry, publicRoot) };
    if (!result) throw new Error(`content check: no result for ${displayPath(path.join(root, entry.name))}`);
    checked.problems.push(...result.problems);
    checked.warnings.push(...result.warnings);
    if ("summary" in result && result.summary) checked.reports.push(result.summary);
  }
  return checked;
}

/**
 * The ES-module packages the checks import. A worker loads them with Node's own
 * `require` before it registers tsx: tsx would compile them to CommonJS, where
 * every call micromark makes to another package goes through a getter (14 % of
 * a cold check in a profile); loaded first, they stay native and tsx's
 * compiled files find them in the module cache.
 */
const NATIVE_PACKAGES = ["remark", "remark-html", "hast-util-sanitize", "mdast-util-to-string", "unist-util-visit", "vfile"];

function runWorker(job: CheckJob): Promise<CheckedEntry[]> {
  return new Promise((resolve, reject) => {
    // Node 20 does not run `--import tsx` in workers: the worker registers tsx's require hook itself.
    const entry = path.join(__dirname, "check-reports-worker.ts");
    const code = `const load = require("node:module").createRequire(${JSON.stringify(entry)});
for (const name of ${JSON.stringify(NATIVE_PACKAGES)}) try { load(name); } catch {} // a Node that cannot require ES modules: tsx compiles them, as before
load("tsx/cjs");
load(${JSON.stringify(entry)});`;
    const worker = new Worker(code, { eval: true, workerData: job });
    let result: CheckedEntry[] | undefined;
    worker.once("message", (message: CheckedEntry[]) => (result = message));
    worker.once("error", reject);
    worker.once("exit", (code) => (result ? resolve(result) : reject(new Error(`content check worker stopped (exit code ${code})`))));
  });
}
