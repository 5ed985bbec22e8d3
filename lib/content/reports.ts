import fs from "node:fs";
import path from "node:path";
import type { Lang } from "@/lib/i18n/languages";
import { ContentError, type ContentProblem } from "./content-problem";
import { displayPath, getContentRoot, getPublicRoot } from "./content-root";
import { loadGlossary } from "./glossary";
import { loadReportFolder } from "./load-report";
import type { LocalizedReport, Report } from "./report-types";

/** Reads every report folder under the content root, collecting every problem. */
export function loadAllReports(
  root: string = getContentRoot(),
  publicRoot: string = getPublicRoot(),
): { reports: Report[]; problems: ContentProblem[]; warnings: ContentProblem[] } {
  if (!fs.existsSync(root)) {
    return { reports: [], warnings: [], problems: [{ file: displayPath(root), message: "the content folder does not exist", fix: "create it with one folder per report, or set CONTENT_DIR to the right folder" }] };
  }
  const reports: Report[] = [];
  // The translation glossary sits beside the reports folder (content/glossary.yml); its misses are warnings.
  const { glossary, problems: glossaryProblems } = loadGlossary(path.join(path.dirname(root), "glossary.yml"));
  const problems: ContentProblem[] = [...glossaryProblems];
  const warnings: ContentProblem[] = [];
  const folders = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith("."))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of folders) {
    if (!entry.isDirectory()) {
      if (entry.name !== "README.md") {
        problems.push({ file: displayPath(path.join(root, entry.name)), message: "a file directly in the reports folder", fix: "put each report in a folder of its own: <slug>/zh.md and <slug>/en.md" });
      }
      continue;
    }
    const { report, problems: folderProblems, warnings: folderWarnings } = loadReportFolder(path.join(root, entry.name), publicRoot, glossary);
    problems.push(...folderProblems);
    warnings.push(...folderWarnings);
    if (report) reports.push(report);
  }
  return { reports, problems, warnings };
}

/** Drafts are previewed in development and never published by a production build. */
export function showsDrafts(): boolean {
  return process.env.NODE_ENV !== "production";
}

/**
 * Every report readers may see, newest first. Refuses to publish anything
 * while any content problem remains, so a mistake fails the build.
 */
export function getReports(): Report[] {
  return publishedIndex().reports;
}

export function getReport(slug: string): Report | undefined {
  return publishedIndex().bySlug.get(slug);
}

interface PublishedIndex {
  root: string;
  reports: Report[];
  bySlug: Map<string, Report>;
}
let productionIndex: PublishedIndex | undefined;

/**
 * In a production build the content cannot change, so the folder is read once
 * per process: every page asks for the reports, and re-reading the folder per
 * page made the build grow with the square of the number of reports. In
 * development it is read on each call (files are re-parsed only when changed).
 */
function publishedIndex(): PublishedIndex {
  const root = getContentRoot();
  if (productionIndex && productionIndex.root === root && !showsDrafts()) return productionIndex;
  const { reports, problems } = loadAllReports(root);
  if (problems.length > 0) throw new ContentError(problems);
  const published = reports
    .filter((report) => showsDrafts() || !report.languages.zh.meta.draft)
    .sort((a, b) => publishedAt(b).localeCompare(publishedAt(a)) || a.slug.localeCompare(b.slug));
  const index = { root, reports: published, bySlug: new Map(published.map((report) => [report.slug, report])) };
  if (!showsDrafts()) productionIndex = index;
  return index;
}

/**
 * The text to show at `/<lang>/reports/<slug>`: the translation when there is
 * one, otherwise the Chinese text, marked as a fallback so the page can say so.
 */
export function getReportInLanguage(report: Report, lang: Lang): { content: LocalizedReport; isFallback: boolean } {
  const translated = report.languages[lang];
  return translated ? { content: translated, isFallback: false } : { content: report.languages.zh, isFallback: true };
}

export function availableLanguages(report: Report): Lang[] {
  return (Object.keys(report.languages) as Lang[]).filter((lang) => report.languages[lang]);
}

function publishedAt(report: Report): string {
  return report.languages.zh.meta.date;
}
