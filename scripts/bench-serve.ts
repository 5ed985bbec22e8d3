/**
 * `npm run bench:serve`: what serving costs on this machine, on loopback, with
 * autocannon at 50 connections (median of 3 runs of 10 s per row):
 *   (a) nginx serving the article page's HTML saved as a static file — the ceiling;
 *   (b) `next start` alone;
 *   (c) deploy/nginx.conf: nginx's cache in front of two `next start` instances;
 *   and the comment list API (1,000 comments) on SQLite and on PostgreSQL.
 * Installs nginx from Debian's packages when missing (as root). PostgreSQL comes
 * from BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test, in a schema of
 * its own that is dropped afterwards); its row is skipped, saying why, if unreachable.
 * Usage: npm run bench:serve [-- --duration 10 --runs 3]
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { LIMITS_OFF, startSite, TEST_COMMENTS_SECRET, type RunningSite } from "../tests/next-server";
import { ensureNginx, referenceConfig, startNginx } from "../tests/nginx-server";
import { benchOption } from "./bench-option";

const ROOT = path.resolve(import.meta.dirname, "..");
const ARTICLE = "/zh/reports/chengyang-rule-of-law";
const SLUG = "chengyang-rule-of-law";
const DURATION = benchOption("duration", 10);
const RUNS = benchOption("runs", 3);
const CONNECTIONS = 50;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-serve-"));
fs.chmodSync(work, 0o755); // nginx workers run as an unprivileged user and must read (and cache) below it
const cleanups: (() => Promise<void> | void)[] = [];

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  page: boolean;
}

function staticConfig(port: number, root: string): string {
  return `worker_processes auto;
pid ${path.join(work, "static.pid")};
error_log ${path.join(work, "static-error.log")} warn;
events { worker_connections 4096; }
http {
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  default_type text/html;
  server { listen 127.0.0.1:${port}; root ${root}; location / { try_files $uri $uri.html =404; } }
}
`;
}

async function load(name: string, url: string, page: boolean): Promise<Row> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2 }); // warm-up
  const runs: Row[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
    runs.push({ name, page, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx });
  }
  const byRps = [...runs].sort((a, b) => a.rps - b.rps);
  const median = byRps[Math.floor(byRps.length / 2)]!;
  console.error(`${name}: ${Math.round(median.rps)} req/s, p50 ${median.p50} ms, p99 ${median.p99} ms`);
  return median;
}

async function seedComments(site: RunningSite, n: number): Promise<void> {
  const origin = new URL(site.url).origin;
  for (let i = 0; i < n; i += 50) {
    const batch = Array.from({ length: Math.min(50, n - i) }, (_, j) =>
      fetch(`${site.url}/api/reports/${SLUG}/comments`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: origin },
        body: JSON.stringify({ nickname: `读者${i + j}`, text: `第${i + j}条评论:依法行政、公正司法,城阳区的法治建设值得点赞。` }),
      }).then((r) => {
        if (r.status !== 201) throw new Error(`seeding got ${r.status}`);
      }),
    );
    await Promise.all(batch);
  }
}

async function commentsRow(name: string, port: number, env: Record<string, string>): Promise<Row> {
  const site = await startSite("start", port, ".next", { ...env, ...LIMITS_OFF, COMMENTS_SECRET: TEST_COMMENTS_SECRET });
  cleanups.push(() => site.stop());
  await seedComments(site, 1000);
  const row = await load(name, `${site.url}/api/reports/${SLUG}/comments?sort=hot&page=1`, false);
  await site.stop();
  return row;
}

async function main() {
  const nginx = ensureNginx();
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { cwd: ROOT, stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const buildId = fs.readFileSync(path.join(ROOT, ".next/BUILD_ID"), "utf8").trim();
  const rows: Row[] = [];
  const dbDir = path.join(work, "db");
  fs.mkdirSync(dbDir);

  const apps = [await startSite("start", 3401, ".next", { COMMENTS_DB: path.join(dbDir, "a.db"), COMMENTS_SECRET: TEST_COMMENTS_SECRET }), await startSite("start", 3402, ".next", { COMMENTS_DB: path.join(dbDir, "a.db"), COMMENTS_SECRET: TEST_COMMENTS_SECRET })];
  cleanups.push(...apps.map((app) => () => app.stop()));

  // (a) the same HTML as a file on disk
  const html = await (await fetch(`${apps[0]!.url}${ARTICLE}`)).text();
  const staticRoot = path.join(work, "static");
  fs.mkdirSync(path.join(staticRoot, path.dirname(ARTICLE)), { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(staticRoot, `${ARTICLE}.html`), html);
  cleanups.push(startNginx(nginx, work, "static", staticConfig(3411, staticRoot)));
  rows.push(await load("(a) nginx, article HTML as a static file", `http://127.0.0.1:3411${ARTICLE}`, true));

  // (b) next start alone
  rows.push(await load("(b) next start alone, article page", `${apps[0]!.url}${ARTICLE}`, true));

  // (c) deploy/nginx.conf in front of two instances
  cleanups.push(startNginx(nginx, work, "cache", referenceConfig(work, "cache", 3412, [3401, 3402], buildId)));
  const first = await fetch(`http://127.0.0.1:3412${ARTICLE}`);
  const second = await fetch(`http://127.0.0.1:3412${ARTICLE}`);
  console.error(`nginx cache: first ${first.headers.get("x-cache")}, then ${second.headers.get("x-cache")}`);
  rows.push(await load("(c) nginx cache in front of 2 × next start, article page", `http://127.0.0.1:3412${ARTICLE}`, true));
  for (const app of apps) await app.stop();

  rows.push(await commentsRow("comment list API (1,000 comments), SQLite", 3421, { COMMENTS_DB: path.join(dbDir, "list.db") }));
  const pgUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const schema = `bench_${process.pid}`;
  const psql = (sql: string) => spawnSync("psql", [pgUrl, "-qc", sql], { encoding: "utf8" });
  if (psql(`CREATE SCHEMA ${schema}`).status === 0) {
    cleanups.push(() => {
      psql(`DROP SCHEMA ${schema} CASCADE`);
    });
    const url = new URL(pgUrl);
    url.searchParams.set("options", `-c search_path=${schema}`);
    try {
      rows.push(await commentsRow("comment list API (1,000 comments), PostgreSQL", 3422, { DATABASE_URL: url.toString() }));
    } catch (error) {
      console.error(`PostgreSQL row skipped: ${(error as Error).message}`);
    }
  } else {
    console.error(`PostgreSQL row skipped: cannot reach ${pgUrl} with psql`);
  }

  const ceiling = rows[0]!.rps;
  console.log(`\nbench:serve — autocannon, ${CONNECTIONS} connections, median of ${RUNS} × ${DURATION} s, loopback, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log("| row | req/s | of (a) | p50 | p99 | errors |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const row of rows) {
    const ratio = row.page ? `${Math.round((row.rps / ceiling) * 100)} %` : "";
    console.log(`| ${row.name} | ${Math.round(row.rps)} | ${ratio} | ${row.p50} ms | ${row.p99} ms | ${row.errors} |`);
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    fs.rmSync(work, { recursive: true, force: true });
  });
