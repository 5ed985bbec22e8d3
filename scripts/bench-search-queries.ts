/**
 * `npm run bench:search-queries -- [reports] [queries] [rounds] [zh|en]` (defaults 2,000, 2,000, 5, both languages):
 * CPU time per search, in process, without a server: what the query, count and
 * snippets cost (lib/search/site-search.ts `searchSite`), the part of a search
 * request that grows with the archive. Varied queries, as bench:content's
 * (every two-character Chinese word and English word of four letters or more
 * from the Chengyang report, pages 1 and 2, mixed): every query in a round is
 * different and a round is longer than the recent results kept per process,
 * so none is answered from memory. Synthetic reports and their content cache
 * live in the system's temp folder under the number of reports and are kept
 * between runs (a code change under lib/search still rebuilds the index and
 * re-parses: both are keyed on that code). Prints a hash of every answer, so
 * two versions of the code can be checked to answer alike.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeSyntheticReports } from "./synthetic-reports";

const [reports = 2000, queries = 2000, rounds = 5] = process.argv.slice(2, 5).map(Number);
const onlyLang = process.argv[5];
const root = path.join(os.tmpdir(), `yangguang-bench-search-queries-${reports}`);
const contentDir = path.join(root, "content");
if (!fs.existsSync(path.join(contentDir, ".complete"))) {
  fs.rmSync(contentDir, { recursive: true, force: true });
  writeSyntheticReports(contentDir, reports);
  fs.writeFileSync(path.join(contentDir, ".complete"), "");
}
const env = process.env as Record<string, string>;
env.NODE_ENV = "production";
env.CONTENT_DIR = contentDir;
env.CONTENT_CACHE_DIR = path.join(root, "cache");

// Loaded after the environment is set: the content root and cache are read from it (top-level await is not available here).
async function main(): Promise<void> {
  const { searchSite, ensureSearchIndex } = await import("@/lib/search/site-search");
  const { parseSearchQuery } = await import("@/lib/search/search-query");

  function words(lang: "zh" | "en"): string[] {
    const text = fs.readFileSync(path.join("content/reports/chengyang-rule-of-law", `${lang}.md`), "utf8");
    const found = new Set<string>();
    if (lang === "zh") for (const run of text.match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i + 1 < run.length; i++) found.add(run.slice(i, i + 2));
    else for (const word of text.match(/[A-Za-z]{4,}/g) ?? []) found.add(word.toLowerCase());
    return [...found];
  }

  // Chinese and English alternately, each word on pages 1 and 2: the same list on every run.
  const zh = words("zh").flatMap((w) => [1, 2].map((page) => ({ lang: "zh" as const, word: w, page })));
  const en = words("en").flatMap((w) => [1, 2].map((page) => ({ lang: "en" as const, word: w, page })));
  const all = Array.from({ length: Math.max(zh.length, en.length) }, (_, i) => [zh[i], en[i]]).flat().filter((q): q is NonNullable<typeof q> => q !== undefined && (!onlyLang || q.lang === onlyLang));
  const measured = all.slice(0, queries);
  const warmUp = all.slice(queries, queries + 300);

  let started = performance.now();
  const { built } = ensureSearchIndex();
  console.log(`${reports} reports, index ${built ? "built" : "reused"} in ${Math.round(performance.now() - started)} ms; ${measured.length} queries × ${rounds} rounds`);

  for (const q of warmUp) searchSite(q.lang, parseSearchQuery(q.word), q.page);

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
  const cpuPerQuery: number[] = [];
  const cpuZh: number[] = [];
  const cpuEn: number[] = [];
  let digest = "";
  for (let round = 0; round < rounds; round++) {
    const hash = crypto.createHash("sha1");
    const wall: number[] = [];
    const byLang = { zh: { us: 0, n: 0 }, en: { us: 0, n: 0 } };
    for (const q of measured) {
      started = performance.now();
      const cpu = process.cpuUsage();
      const results = searchSite(q.lang, parseSearchQuery(q.word), q.page);
      const used = process.cpuUsage(cpu);
      wall.push(performance.now() - started);
      byLang[q.lang].us += used.user + used.system;
      byLang[q.lang].n++;
      if (round === 0) hash.update(JSON.stringify(results));
    }
    const perQuery = (byLang.zh.us + byLang.en.us) / 1000 / measured.length;
    cpuPerQuery.push(perQuery);
    cpuZh.push(byLang.zh.us / 1000 / Math.max(1, byLang.zh.n));
    cpuEn.push(byLang.en.us / 1000 / Math.max(1, byLang.en.n));
    if (round === 0) digest = hash.digest("hex").slice(0, 16);
    console.log(
      `round ${round + 1}: CPU ${perQuery.toFixed(3)} ms/query (zh ${cpuZh.at(-1)!.toFixed(3)}, en ${cpuEn.at(-1)!.toFixed(3)}), wall p50 ${percentile(wall, 50).toFixed(3)} ms, p99 ${percentile(wall, 99).toFixed(3)} ms`,
    );
  }
  console.log(`median CPU per query: ${median(cpuPerQuery).toFixed(3)} ms (zh ${median(cpuZh).toFixed(3)}, en ${median(cpuEn).toFixed(3)}); answers' hash ${digest}`);
}

void main();
