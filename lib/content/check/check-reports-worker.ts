/**
 * A worker thread of `checkAllReports`: checks its share of the report
 * folders exactly as `loadAllReports` would, and posts back each folder's
 * problems, warnings and summary.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { ContentProblem } from "../content-problem";
import type { Glossary } from "../glossary";
import type { ReportSummary } from "../report-types";
import { glossaryBeside, loadEntry, summarize } from "../reports";

export interface CheckJob {
  root: string;
  publicRoot: string;
  folders: string[];
}

export interface CheckedEntry {
  name: string;
  summary?: ReportSummary;
  problems: ContentProblem[];
  warnings: ContentProblem[];
}

/** One report folder, as loadAllReports checks it, with its summary. */
export function checkFolder(root: string, name: string, publicRoot: string, glossary: Glossary | undefined): CheckedEntry {
  const { report, problems, warnings } = loadEntry(root, { name, isDirectory: () => true }, publicRoot, glossary);
  return { name, problems, warnings, ...(report ? { summary: summarize(report) } : {}) };
}

if (parentPort && workerData?.folders) {
  const { root, publicRoot, folders } = workerData as CheckJob;
  const { glossary } = glossaryBeside(root);
  parentPort.postMessage(folders.map((name) => checkFolder(root, name, publicRoot, glossary)));
}
