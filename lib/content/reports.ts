import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Lang } from "@/lib/i18n/languages";
import { ContentError, type ContentProblem } from "./content-problem";
import { displayPath, getContentRoot, getPublicRoot } from "./content-root";
import { loadGlossary, type Glossary } from "./glossary";
import { loadReportFolder } from "./load-report";
import { cacheKey, readCached, writeCached } from "./parse-cache";
import type { LocalizedReport, LocalizedReportSummary, Report, ReportSummary } from "./report-types";

type Loaded<T> = { reports: T[]; problems: ContentProblem[]; warnings: ContentProblem[] };

/**
 * Reads every report folder under the content root, collecting every problem
 * and every warning (a glossary term not rendered as the glossary says).
 * `keep` maps each report as it is read (e.g. to its summary), so a caller
 * that needs only summaries never holds every body at once.
 */
export function loadAllReports(root?: string, publicRoot?: string): Loaded<Report>;
export function loadAllReports<T>(root: string, publicRoot: string, keep: (report: Report) => T): Loaded<T>;
export function loadAllReports<T>(root: string = getContentRoot(), publicRoot: string = getPublicRoot(), keep?: (report: Report) => T): Loaded<T | Report> {
  if (!fs.existsSync(root)) {
    return { reports: [], warnings: [], problems: [{ file: displayPath(root), message: "the content folder does not exist", fix: "create it with one folder per report, or set CONTENT_DIR to the right folder" }] };
  }
  const reports: (T | Report)[] = [];
  const { glossary, problems: glossaryProblems } = glossaryBeside(root);
  const problems: ContentProblem[] = [...glossaryProblems];
  const warnings: ContentProblem[] = [];
  for (const entry of reportFolderEntries(root)) {
    const { report, problems: entryProblems, warnings: entryWarnings } = loadEntry(root, entry, publicRoot, glossary);
    problems.push(...entryProblems);
    warnings.push(...entryWarnings);
    if (report) reports.push(keep ? keep(report) : report);
  }
  return { reports, problems, warnings };
}

/** The glossary beside the reports folder (content/glossary.yml); its misses are warnings. */
export function glossaryBeside(root: string): ReturnType<typeof loadGlossary> {
  return loadGlossary(path.join(path.dirname(root), "glossary.yml"));
}

/** One entry of the reports folder: a report folder, or a stray file (a problem unless it is the README). */
export function loadEntry(root: string, entry: { name: string; isDirectory(): boolean }, publicRoot: string, glossary?: Glossary): { report?: Report; problems: ContentProblem[]; warnings: ContentProblem[] } {
  if (entry.isDirectory()) return loadReportFolder(path.join(root, entry.name), publicRoot, glossary);
  if (entry.name === "README.md") return { problems: [], warnings: [] };
  return { problems: [{ file: displayPath(path.join(root, entry.name)), message: "a file directly in the reports folder", fix: "put each report in a folder of its own: <slug>/zh.md and <slug>/en.md" }], warnings: [] };
}

/** The report folders (and stray files) in the order every check reports them. */
export function reportFolderEntries(root: string): fs.Dirent[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith("."))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A report without its bodies: what lists, sitemaps and routing need. */
export function summarize(report: Report): ReportSummary {
  const localized = (content: LocalizedReport): LocalizedReportSummary => ({ meta: content.meta, sections: content.sections.map(({ id, title }) => ({ id, title })) });
  const languages: ReportSummary["languages"] = { zh: localized(report.languages.zh) };
  if (report.languages.en) languages.en = localized(report.languages.en);
  return { slug: report.slug, languages };
}

/** Drafts are previewed in development and never published by a production build. */
export function showsDrafts(): boolean {
  return process.env.NODE_ENV !== "production";
}

/**
 * Every report readers may see, newest first, as summaries. Refuses to publish
 * anything while any content problem remains, so a mistake fails the build.
 */
export function getReports(): ReportSummary[] {
  return publishedIndex().reports;
}

/** Identifies the published content: equal versions mean equal reports. */
export function contentVersion(): string {
  return publishedIndex().version;
}

/** A published report's summary, by slug. */
export function getReportSummary(slug: string): ReportSummary | undefined {
  return publishedIndex().bySlug.get(slug);
}

/** The whole report (bodies included), or undefined when no published report has this slug. */
export function getReport(slug: string): Report | undefined {
  const index = publishedIndex();
  if (!index.bySlug.has(slug)) return undefined;
  // In development a file may have changed since; the parser's own cache re-reads only changed files.
  const cached = showsDrafts() ? undefined : recentReports.get(slug);
  if (cached && cached.root === index.root) {
    recentReports.delete(slug);
    recentReports.set(slug, cached);
    return cached.report;
  }
  const { report } = loadReportFolder(path.join(index.root, slug), getPublicRoot());
  if (!report) return undefined;
  recentReports.set(slug, { root: index.root, report });
  if (recentReports.size > RECENT_REPORTS) recentReports.delete(recentReports.keys().next().value!);
  return report;
}

/** Bodies kept in memory: enough for a page's metadata and body, bounded whatever the archive's size. */
const RECENT_REPORTS = 64;
const recentReports = new Map<string, { root: string; report: Report }>();

interface PublishedIndex {
  root: string;
  /** Changes whenever any published text changes: keys what is derived from the content (the search index). */
  version: string;
  reports: ReportSummary[];
  bySlug: Map<string, ReportSummary>;
}
/**
 * Held on globalThis: Next bundles the proxy, each route and instrumentation
 * separately, each with its own copy of this module; one process should read
 * and hold the index once, not once per bundle.
 */
const shared = ((globalThis as { [key: symbol]: { index?: PublishedIndex } })[Symbol.for("yangguang.content.publishedIndex")] ??= {});

/**
 * In a production build the content cannot change, so the folder is read once
 * per process: every page asks for the reports, and re-reading the folder per
 * page made the build grow with the square of the number of reports. The
 * summaries are also stored in the content cache under a hash of every file,
 * so each build worker and server reads one small file instead of parsing
 * thousands. In development the folder is read on each call.
 */
function publishedIndex(): PublishedIndex {
  const root = getContentRoot();
  if (shared.index && shared.index.root === root && !showsDrafts()) return shared.index;
  const key = (!showsDrafts() && builtIndexKey(root)) || folderKey(root);
  const summaries = loadSummaries(root, key);
  const published = summaries
    .filter((report) => showsDrafts() || !report.languages.zh.meta.draft)
    .sort((a, b) => publishedAt(b).localeCompare(publishedAt(a)) || a.slug.localeCompare(b.slug));
  const version = `${key ?? `uncached-${process.pid}-${Date.now()}`}-${showsDrafts() ? "drafts" : "published"}`;
  const index = { root, version, reports: published, bySlug: new Map(published.map((report) => [report.slug, report])) };
  if (!showsDrafts()) shared.index = index;
  return index;
}

function loadSummaries(root: string, key: string | undefined): ReportSummary[] {
  const cached = key ? readCached<ReportSummary[]>("summaries", key) : undefined;
  if (cached) return cached;
  const { reports, problems } = loadAllReports(root, getPublicRoot(), summarize);
  if (problems.length > 0) throw new ContentError(problems);
  if (key) writeCached("summaries", key, reports);
  return reports;
}

/**
 * The key content:check stored the summaries under, handed to the build by
 * next.config.ts (CONTENT_INDEX, inlined into the build's server code): build
 * workers and servers then find the summaries without hashing every file
 * (280 MB of text at 10,000 reports) before their first page.
 */
function builtIndexKey(root: string): string | undefined {
  const baked = process.env.CONTENT_INDEX;
  if (!baked) return undefined;
  try {
    const { root: builtRoot, key } = JSON.parse(baked) as { root?: unknown; key?: unknown };
    return builtRoot === root && typeof key === "string" && /^[0-9a-f]{40}$/.test(key) ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stores the summaries of a folder that passed content:check where build
 * workers and servers look first; returns what next.config.ts hands the build
 * as CONTENT_INDEX (undefined when the folder cannot be cached: it has images).
 */
export function storeCheckedSummaries(root: string, summaries: ReportSummary[]): string | undefined {
  const key = folderKey(root);
  if (!key) return undefined;
  writeCached("summaries", key, summaries);
  return JSON.stringify({ root, key });
}

/** Hash of every file's name and text (undefined when some file holds an image, whose existence is not in the text). */
function folderKey(root: string): string | undefined {
  if (!fs.existsSync(root)) return undefined;
  const hash = crypto.createHash("sha1");
  for (const entry of reportFolderEntries(root)) {
    hash.update(`\0${entry.name}`);
    if (!entry.isDirectory()) continue;
    for (const name of fs.readdirSync(path.join(root, entry.name)).sort()) {
      const text = fs.readFileSync(path.join(root, entry.name, name));
      if (text.includes("![")) return undefined;
      hash.update(`\0${name}\0`).update(text);
    }
  }
  return cacheKey("summaries", root, getPublicRoot(), hash.digest("hex"));
}

/**
 * The text to show at `/<lang>/reports/<slug>`: the translation when there is
 * one, otherwise the Chinese text, marked as a fallback so the page can say so.
 */
export function getReportInLanguage<C extends LocalizedReportSummary>(report: { languages: Partial<Record<Lang, C>> & { zh: C } }, lang: Lang): { content: C; isFallback: boolean } {
  const translated = report.languages[lang];
  return translated ? { content: translated, isFallback: false } : { content: report.languages.zh, isFallback: true };
}

export function availableLanguages(report: ReportSummary): Lang[] {
  return (Object.keys(report.languages) as Lang[]).filter((lang) => report.languages[lang]);
}

function publishedAt(report: ReportSummary): string {
  return report.languages.zh.meta.date;
}
