/**
 * `npm run bench:content`: how the site grows with the number of reports.
 * For each N (default 10, 100, 1,000 and 10,000; or the sizes given:
 * `npm run bench:content -- 10 100`) it generates N synthetic reports (the
 * Chengyang report's text, both languages, every 7th Chinese only), then:
 * - content:check, cold (empty content cache) and warm (median of 3 fresh processes);
 * - next build (one run), the static files it wrote and the search index's build time and size;
 * - on `next start`: first-request and cached latency of pages not built
 *   (old articles, or section pages when every article is built), home HTML bytes;
 * - search p50/p99 with wrk (10 connections, 10 s) for a Chinese and an English query,
 *   through the page and through /api/search (the query without the page),
 *   and the server's memory after it. The server keeps recent results (lib/search/site-search.ts),
 *   so those repeated queries are answered from memory after the first: the same two
 *   are also measured with varied queries, every request a different word or page
 *   (thousands, more than the server keeps), which always search the index.
 * Each size uses its own content and cache folders, removed afterwards.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { siteServerArgs } from "../tests/next-server";
import { writeSyntheticReports } from "./synthetic-reports";

const SIZES = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
const counts = SIZES.length > 0 ? SIZES : [10, 100, 1000, 10_000];
const PORT = Number(process.env.BENCH_PORT ?? 3540);
const DIST = ".next-bench";
const NEXT = "node_modules/next/dist/bin/next";

function timed(command: string[], env: Record<string, string>): { ms: number; ok: boolean; output: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, command, { env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" }, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { ms: performance.now() - started, ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.(html|body|rsc)$/.test(f) && !f.includes(".segments")).length;
}

async function startServer(env: Record<string, string>): Promise<{ pid: number; stop: () => void }> {
  // Through the site's server entry, as `npm start` serves it (the API, /api/ping included, is answered there).
  const child = spawn(process.execPath, siteServerArgs(PORT), {
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // gone
    }
  };
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/ping`)).ok) return { pid: child.pid!, stop };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error("next start did not answer");
}

async function latency(url: string): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

/** wrk's latency distribution: p50 and p99 in ms. */
function wrk(url: string, script?: string): { p50: number; p99: number; rps: number; errors: string } {
  const result = spawnSync("wrk", ["-t2", "-c10", "-d10s", "--latency", ...(script ? ["-s", script] : []), url], { encoding: "utf8" });
  const toMs = (value: string) => {
    const match = /([\d.]+)(us|ms|s)/.exec(value);
    if (!match) return NaN;
    return Number(match[1]) * (match[2] === "us" ? 0.001 : match[2] === "s" ? 1000 : 1);
  };
  const line = (label: string) => new RegExp(`${label}\\s+([\\d.]+(?:us|ms|s))`).exec(result.stdout)?.[1] ?? "";
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(result.stdout)?.[1];
  const socket = /Socket errors: (.*)/.exec(result.stdout)?.[1];
  return { p50: toMs(line("50%")), p99: toMs(line("99%")), rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(result.stdout)?.[1]), errors: [non2xx && `${non2xx} non-2xx`, socket].filter(Boolean).join(", ") || "0" };
}

/**
 * A wrk script requesting `paths` in turn, each of its two threads every other
 * one, so no path repeats before all have been asked: with more paths than the
 * server keeps results for, every request searches the index.
 */
function variedScript(file: string, paths: string[]): string {
  const list = paths.map((p) => JSON.stringify(p)).join(",\n");
  fs.writeFileSync(
    file,
    `local paths = {\n${list}\n}\nlocal threads = 0\nfunction setup(thread) thread:set("id", threads); threads = threads + 1 end\nlocal i = 0\nfunction request()\n  local path = paths[((i * 2 + id) % #paths) + 1]\n  i = i + 1\n  return wrk.format("GET", path)\nend\n`,
  );
  return file;
}

/** Words a reader might look for, from the reports' own text: every two-character Chinese word and every English word of four letters or more, each on pages 1 and 2. */
function variedQueries(lang: "zh" | "en", api: boolean): string[] {
  const text = fs.readFileSync(path.join("content/reports/chengyang-rule-of-law", `${lang}.md`), "utf8");
  const words = new Set<string>();
  if (lang === "zh") for (const run of text.match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i + 1 < run.length; i++) words.add(run.slice(i, i + 2));
  else for (const word of text.match(/[A-Za-z]{4,}/g) ?? []) words.add(word.toLowerCase());
  return [...words].flatMap((word) => [1, 2].map((page) => `${api ? `/api/search?lang=${lang}&` : `/${lang}/search?`}q=${encodeURIComponent(word)}${page > 1 ? `&page=${page}` : ""}`));
}

function rssMb(pid: number): number {
  // The server is the process group leader's child ("next-server"); sum the group.
  let kb = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const pgid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgid !== pid) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${entry}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // exited
    }
  }
  return Math.round(kb / 1024);
}

interface Row {
  n: number;
  checkCold: number;
  checkWarm: number;
  build: number;
  files: number;
  index: string;
  firstP50: number;
  firstP99: number;
  cachedP50: number;
  cachedP99: number;
  probes: string;
  serverFirst: number;
  homeBytes: number;
  searchZh: ReturnType<typeof wrk>;
  searchEn: ReturnType<typeof wrk>;
  apiZh: ReturnType<typeof wrk>;
  apiEn: ReturnType<typeof wrk>;
  /** Varied queries (see variedQueries): never answered from the server's recent results. */
  variedZh: ReturnType<typeof wrk>;
  variedEn: ReturnType<typeof wrk>;
  variedApiZh: ReturnType<typeof wrk>;
  variedApiEn: ReturnType<typeof wrk>;
  variedCount: { zh: number; en: number };
  rss: number;
}

async function main() {
  const rows: Row[] = [];
  for (const n of counts) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `bench-content-${n}-`));
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), `bench-content-cache-${n}-`));
    const env = { CONTENT_DIR: root, CONTENT_CACHE_DIR: cache, NEXT_DIST_DIR: DIST, SITE_URL: `http://127.0.0.1:${PORT}`, COMMENTS_DB: path.join(cache, "comments.db") };
    let server: { pid: number; stop: () => void } | undefined;
    try {
      const reports = writeSyntheticReports(root, n);
      const cold = timed(["--import", "tsx", "scripts/content-check.ts"], env);
      if (!cold.ok) throw new Error(cold.output);
      const warm = [0, 1, 2].map(() => timed(["--import", "tsx", "scripts/content-check.ts"], env));
      fs.rmSync(cache, { recursive: true, force: true }); // the build starts cold too, as after an edit of every file
      console.error(`N=${n}: content:check cold ${seconds(cold.ms)}, warm ${seconds(median(warm.map((c) => c.ms)))}; building…`);
      const build = timed([NEXT, "build"], env);
      if (!build.ok) throw new Error(build.output.slice(-3000));
      const index = /search index: built in (\d+) ms, ([\d.]+) MB/.exec(build.output);
      const files = countFiles(path.join(DIST, "server", "app"));
      console.error(`N=${n}: build ${seconds(build.ms)}, ${files} files; serving…`);

      server = await startServer(env);
      const base = `http://127.0.0.1:${PORT}`;
      // Pages never built: old articles, their section pages and QR codes when there are old reports, else section pages (none is built).
      const old = reports.slice(20, 30);
      const probes = old.length >= 10 ? old.flatMap((r) => [`/zh/reports/${r.slug}`, `/en/reports/${r.slug}/oversight`, `/zh/reports/${r.slug}/qr.svg`]) : reports.flatMap((r) => [`/zh/reports/${r.slug}/oversight`, `/en/reports/${r.slug}/enforcement`]).slice(0, 20);
      // A fresh server's first request of each kind loads that route's code (about a second, whatever the archive's size):
      // it is measured apart, on a page outside the probes, so the probes measure rendering a page for the first time.
      const spare = reports.at(-1)!;
      const serverFirst = (await latency(`${base}/zh/reports/${spare.slug}`)).ms;
      await latency(`${base}/en/reports/${spare.slug}/oversight`);
      await latency(`${base}/zh/reports/${spare.slug}/qr.svg`);
      const first: number[] = [];
      const cached: number[] = [];
      for (const url of probes) {
        const result = await latency(base + url);
        if (result.status !== 200) throw new Error(`${url}: ${result.status}`);
        first.push(result.ms);
      }
      for (let round = 0; round < 3; round++) for (const url of probes) cached.push((await latency(base + url)).ms);
      const home = await latency(`${base}/zh`);
      await latency(`${base}/zh/search?q=${encodeURIComponent("法治")}`); // open the index
      const searchZh = wrk(`${base}/zh/search?q=${encodeURIComponent("法治")}`);
      const searchEn = wrk(`${base}/en/search?q=enforce`);
      // The same searches without the page: what the query, snippets and JSON cost.
      const apiZh = wrk(`${base}/api/search?lang=zh&q=${encodeURIComponent("法治")}`);
      const apiEn = wrk(`${base}/api/search?lang=en&q=enforce`);
      const varied = { zh: variedQueries("zh", false), en: variedQueries("en", false), apiZh: variedQueries("zh", true), apiEn: variedQueries("en", true) };
      const variedZh = wrk(base, variedScript(path.join(cache, "varied-zh.lua"), varied.zh));
      const variedEn = wrk(base, variedScript(path.join(cache, "varied-en.lua"), varied.en));
      const variedApiZh = wrk(base, variedScript(path.join(cache, "varied-api-zh.lua"), varied.apiZh));
      const variedApiEn = wrk(base, variedScript(path.join(cache, "varied-api-en.lua"), varied.apiEn));
      rows.push({
        n,
        checkCold: cold.ms,
        checkWarm: median(warm.map((c) => c.ms)),
        build: build.ms,
        files,
        index: index ? `${seconds(Number(index[1]))}, ${index[2]} MB` : "?",
        firstP50: percentile(first, 50),
        firstP99: percentile(first, 99),
        cachedP50: percentile(cached, 50),
        cachedP99: percentile(cached, 99),
        probes: old.length >= 10 ? "10 old reports' article, section page and QR code" : "section pages",
        serverFirst,
        homeBytes: Buffer.byteLength(home.body),
        searchZh,
        searchEn,
        apiZh,
        apiEn,
        variedZh,
        variedEn,
        variedApiZh,
        variedApiEn,
        variedCount: { zh: varied.zh.length, en: varied.en.length },
        rss: rssMb(server.pid),
      });
      console.error(`N=${n}: done`);
    } finally {
      server?.stop();
      await new Promise((r) => setTimeout(r, 500));
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(cache, { recursive: true, force: true });
      fs.rmSync(DIST, { recursive: true, force: true });
    }
  }

  const ms = (x: number) => `${Math.round(x)} ms`;
  console.log(`\nbench:content on ${os.cpus().length} cores (content:check warm: median of 3 fresh processes; build: 1 run; first request: ${rows[0]?.probes ?? "pages not built"}, sequential; search: wrk, 10 connections, 10 s)\n`);
  console.log("| reports | content:check cold / warm | next build | static files | search index (build, size) | first request p50 / p99 | cached p50 / p99 | home HTML | search 法治 p50 / p99 | search enforce p50 / p99 | server RSS |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.n.toLocaleString("en")} | ${seconds(r.checkCold)} / ${seconds(r.checkWarm)} | ${seconds(r.build)} | ${r.files.toLocaleString("en")} | ${r.index} | ${ms(r.firstP50)} / ${ms(r.firstP99)} | ${ms(r.cachedP50)} / ${ms(r.cachedP99)} | ${r.homeBytes.toLocaleString("en")} B | ${ms(r.searchZh.p50)} / ${ms(r.searchZh.p99)} | ${ms(r.searchEn.p50)} / ${ms(r.searchEn.p99)} | ${r.rss} MB |`,
    );
  }
  console.log(`\nA fresh server's very first request (its route code loading, before any probe): ${rows.map((r) => `N=${r.n}: ${ms(r.serverFirst)}`).join(", ")}.`);
  console.log("\nThe same searches as JSON (`/api/search?lang=…&q=…`: query, snippets, no page), wrk, 10 connections, 10 s:\n");
  console.log("| reports | api 法治 p50 / p99 | api enforce p50 / p99 | api 法治 requests/s |");
  console.log("|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.n.toLocaleString("en")} | ${ms(r.apiZh.p50)} / ${ms(r.apiZh.p99)} | ${ms(r.apiEn.p50)} / ${ms(r.apiEn.p99)} | ${Math.round(r.apiZh.rps)} |`);
  console.log(
    `\nThe figures above repeat one query, answered from the server's recent results after the first. Varied queries (every request another word or page: ${rows[0]?.variedCount.zh ?? 0} Chinese and ${rows[0]?.variedCount.en ?? 0} English, from the report's own text; none answered from memory), wrk, 10 connections, 10 s:\n`,
  );
  console.log("| reports | page zh p50 / p99 | page en p50 / p99 | api zh p50 / p99 | api en p50 / p99 | api zh requests/s |");
  console.log("|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.n.toLocaleString("en")} | ${ms(r.variedZh.p50)} / ${ms(r.variedZh.p99)} | ${ms(r.variedEn.p50)} / ${ms(r.variedEn.p99)} | ${ms(r.variedApiZh.p50)} / ${ms(r.variedApiZh.p99)} | ${ms(r.variedApiEn.p50)} / ${ms(r.variedApiEn.p99)} | ${Math.round(r.variedApiZh.rps)} |`,
    );
  }
  const runs = (r: Row) => [r.searchZh, r.searchEn, r.apiZh, r.apiEn, r.variedZh, r.variedEn, r.variedApiZh, r.variedApiEn];
  const errors = rows.filter((r) => runs(r).some((w) => w.errors !== "0"));
  if (errors.length > 0) console.log(`\nwrk errors: ${errors.map((r) => `N=${r.n}: ${runs(r).map((w) => w.errors).join("; ")}`).join(" | ")}`);
}

void main();
