import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import fs from "node:fs";
import type { ContentProblem } from "../content-problem";
import { displayPath } from "../content-root";
import type { ReportSummary } from "../report-types";
import { glossaryBeside, loadAllReports, loadEntry, reportFolderEntries, summarize } from "../reports";
import type { CheckJob, CheckedEntry } from "./check-reports-worker";

export interface CheckedReports {
  reports: ReportSummary[];
  problems: ContentProblem[];
  warnings: ContentProblem[];
}

/** Below this many report folders, starting workers costs more than it saves. */
const PARALLEL_FROM = 100;

/**
 * What `loadAllReports(root, publicRoot, summarize)` returns, with the same
 * problems and warnings in the same order, but the report folders divided
 * among worker threads (one per core): a cold check is parsing Markdown, and
 * one core parsed 10,000 reports in about two minutes.
 */
export async function checkAllReports(root: string, publicRoot: string, threads = os.availableParallelism()): Promise<CheckedReports> {
  if (!fs.existsSync(root)) return loadAllReports(root, publicRoot, summarize);
  const entries = reportFolderEntries(root);
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const workers = Math.min(threads, Math.floor(folders.length / (PARALLEL_FROM / 2)));
  if (workers < 2) return loadAllReports(root, publicRoot, summarize);

  // Interleaved shares keep the workers equally busy whatever the folders' sizes by name.
  const shares = Array.from({ length: workers }, (_, w) => folders.filter((_, i) => i % workers === w));
  const results = await Promise.all(shares.map((share) => runWorker({ root, publicRoot, folders: share })));
  const byName = new Map<string, CheckedEntry>();
  for (const result of results) for (const entry of result) byName.set(entry.name, entry);

  const { problems: glossaryProblems } = glossaryBeside(root);
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

function runWorker(job: CheckJob): Promise<CheckedEntry[]> {
  return new Promise((resolve, reject) => {
    // Node 20 does not run `--import tsx` in workers: the worker registers tsx's require hook itself.
    const entry = path.join(__dirname, "check-reports-worker.ts");
    const worker = new Worker(`require("tsx/cjs"); require(${JSON.stringify(entry)});`, { eval: true, workerData: job });
    let result: CheckedEntry[] | undefined;
    worker.once("message", (message: CheckedEntry[]) => (result = message));
    worker.once("error", reject);
    worker.once("exit", (code) => (result ? resolve(result) : reject(new Error(`content check worker stopped (exit code ${code})`))));
  });
}
