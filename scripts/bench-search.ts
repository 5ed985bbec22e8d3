/**
 * `npm run bench:search [-- 1000]`: why the search index is SQLite FTS5. Indexes
 * the same documents (N synthetic reports, default 1,000: lede and sections in
 * both languages, our tokenizer's terms) in MiniSearch (in memory) and in
 * SQLite FTS5 (a file, through better-sqlite3), in one process each, and prints
 * build time, memory (heap growth, or file size and heap growth), and query
 * time (p50/p99 over 200 queries, first 20 results and the count).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeSyntheticReports } from "./synthetic-reports";

const n = Number(process.argv[2] ?? 1000);
const engine = process.argv[3];
const QUERIES: [string, string][] = [["zh", "法治"], ["zh", "调解"], ["zh", "城阳"], ["en", "enforce"], ["en", "mediation"], ["zh", "法治政府"], ["en", "dispute resolution"], ["zh", "不存在"]];

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

async function measure(engineName: string, root: string, cache: string): Promise<void> {
  process.env.CONTENT_DIR = root;
  process.env.CONTENT_CACHE_DIR = cache;
  (process.env as Record<string, string>).NODE_ENV = "production";
  const { getReport, getReports } = await import("../lib/content/reports");
  const { searchDocuments } = await import("../lib/search/search-documents");
  const { parseSearchQuery } = await import("../lib/search/search-query");
  const { indexTerms } = await import("../lib/search/tokenize");
  const reports = getReports().map((summary) => getReport(summary.slug)!);
  const documents = (["zh", "en"] as const).map((lang) => ({ lang, documents: reports.flatMap((report) => searchDocuments(report, lang)) }));
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  let search: (lang: "zh" | "en", terms: string[]) => number;
  let size = "";
  if (engineName === "minisearch") {
    const MiniSearch = (await import("minisearch")).default;
    const indexes = Object.fromEntries(
      documents.map(({ lang, documents: docs }) => {
        const index = new MiniSearch({ fields: ["title", "body"], tokenize: (text) => (text ? text.split(" ") : []), processTerm: (term) => term });
        index.addAll(docs.map((doc, id) => ({ id, title: indexTerms(`${doc.reportTitle} ${doc.sectionTitle ?? ""}`), body: indexTerms(doc.text) })));
        return [lang, index];
      }),
    );
    search = (lang, terms) => indexes[lang]!.search(terms.join(" "), { combineWith: "AND" }).slice(0, 20).length;
  } else {
    const { openSearchIndex, writeSearchIndex } = await import("../lib/search/search-index");
    const file = path.join(cache, "bench.sqlite");
    writeSearchIndex(file, documents);
    const index = openSearchIndex(file);
    size = `${(fs.statSync(file).size / 1e6).toFixed(1)} MB file, `;
    search = (lang, terms) => index.search(lang, terms, 0, 20).hits.length;
  }
  const buildMs = performance.now() - started;
  global.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  const times: number[] = [];
  for (let round = 0; round < 25; round++) {
    for (const [lang, text] of QUERIES) {
      const terms = parseSearchQuery(text).terms.map((t) => t.term);
      const t0 = performance.now();
      search(lang as "zh" | "en", terms);
      times.push(performance.now() - t0);
    }
  }
  console.log(`| ${engineName} | ${n} | ${(buildMs / 1000).toFixed(1)} s | ${size}${heapMb.toFixed(0)} MB heap | ${percentile(times, 50).toFixed(2)} ms | ${percentile(times, 99).toFixed(2)} ms |`);
}

if (engine) {
  void measure(engine, process.argv[4]!, process.argv[5]!);
} else {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-search-"));
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "bench-search-cache-"));
  try {
    writeSyntheticReports(root, n);
    console.log(`\nsearch engines on the same ${n} reports (our tokenizer's terms; each engine in a fresh process)\n`);
    console.log("| engine | reports | build | memory | query p50 | query p99 |");
    console.log("|---|---:|---:|---:|---:|---:|");
    for (const name of ["minisearch", "sqlite-fts5"]) {
      const run = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=8192", "--import", "tsx", "scripts/bench-search.ts", String(n), name, root, cache], { stdio: ["ignore", "inherit", "inherit"] });
      if (run.status !== 0) console.log(`| ${name} | ${n} | failed (exit ${run.status}) | | | |`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  }
}
