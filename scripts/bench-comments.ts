/**
 * `npm run bench:comments`: throughput and latency of the comments API on the
 * built site (`next start`), against the framework's own ceiling on this
 * machine (a route handler returning constant JSON, /api/ping).
 *
 * Seeds a temporary database with 1,000 comments on one report (with likes and
 * replies), starts the build in NEXT_DIST_DIR (default .next; built first if
 * missing) on a free loopback port, then runs autocannon with 50 connections
 * for 10 s per route. Posting runs with the rate limits off. Prints a Markdown
 * table and writes it to scripts/bench-comments.md.
 * Usage: npm run bench:comments [-- --duration 10 --connections 50]
 *
 * With `-- --postgres`, the same on PostgreSQL: BENCH_DATABASE_URL (else
 * TEST_DATABASE_URL) names the server; the run seeds and uses a fresh schema,
 * dropped afterwards, and writes scripts/bench-comments-postgres.md.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import type { CommentStore } from "@/lib/comments/store/comment-store";
import { openPostgresCommentStore, openSqliteCommentStore } from "@/lib/comments/store/open-comment-store";
import { freePort, LIMITS_OFF, siteServerArgs, TEST_COMMENTS_SECRET } from "../tests/next-server";

const SLUG = "chengyang-rule-of-law";
const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const DIST = process.env.NEXT_DIST_DIR || ".next";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? NaN : Number(process.argv[i + 1]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
const DURATION = option("duration", 10);
const CONNECTIONS = option("connections", 50);
const POSTGRES_URL = process.argv.includes("--postgres") ? process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL : undefined;
if (process.argv.includes("--postgres") && !POSTGRES_URL) throw new Error("--postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)");

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function seed(store: CommentStore, n: number): Promise<void> {
  const start = Date.now() - n * 60_000;
  for (let i = 0; i < n; i++) {
    const comment = await store.createComment({
      slug: SLUG,
      parentId: null,
      nickname: i % 3 === 0 ? null : `读者${i}`,
      text: `第${i}条评论:依法行政、公正司法,城阳区的法治建设值得点赞。\nComment ${i}, with a second line.`,
      readerId: `bench-reader-${i % 400}`,
      ipHash: null,
      status: "published",
      createdAt: new Date(start + i * 60_000),
    });
    for (let l = 0; l < i % 7; l++) await store.like(comment.id, `liker-${l}`);
    if (i % 10 === 0) {
      for (let r = 0; r < 2; r++) {
        await store.createComment({ ...{ slug: SLUG, ipHash: null, status: "published" as const }, parentId: comment.id, nickname: null, text: `回复 ${r}`, readerId: `bench-replier-${r}`, createdAt: new Date(start + i * 60_000 + 1000 + r) });
      }
    }
  }
  await store.close();
}


async function waitFor(url: string, child: ReturnType<typeof spawn>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("next start exited");
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

interface Row {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(name: string, options: autocannon.Options, connections = CONNECTIONS): Promise<Row> {
  const result = await autocannon({ connections, duration: DURATION, ...options });
  const errors = result.errors + result.timeouts + result.non2xx;
  console.error(`${name}, ${connections} connections: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${errors}`);
  return { name, connections, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors };
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, DIST, "BUILD_ID"))) {
    console.error(`No build in ${DIST}: running next build…`);
    const build = spawnSync(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_DIST_DIR: DIST } });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-comments-"));
  const dbFile = path.join(dir, "comments.db");
  const schema = `bench_${process.pid}`;
  let databaseEnv: Record<string, string> = { COMMENTS_DB: dbFile };
  console.error(`Seeding 1,000 comments${POSTGRES_URL ? ` in PostgreSQL schema ${schema}` : ""}…`);
  if (POSTGRES_URL) {
    await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    const url = new URL(POSTGRES_URL);
    url.searchParams.set("options", `-c search_path=${schema}`);
    databaseEnv = { DATABASE_URL: url.toString() };
    await seed(openPostgresCommentStore({ connectionString: POSTGRES_URL, schema }), 1_000);
  } else {
    await seed(openSqliteCommentStore(dbFile), 1_000);
  }

  const port = Number(process.env.BENCH_PORT) || (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, siteServerArgs(port), {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: DIST,
      NEXT_TELEMETRY_DISABLED: "1",
      ...databaseEnv,
      COMMENTS_SECRET: TEST_COMMENTS_SECRET, COMMENTS_MODERATION: "post",
      // Raised for the run: the benchmark is one client posting thousands of comments.
      ...LIMITS_OFF,
    },
  });
  const rows: Row[] = [];
  try {
    await waitFor(`${base}/api/ping`, server);
    const list = `${base}/api/reports/${SLUG}/comments`;
    // Warm up every route (compilation caches, prepared statements, the published-report list).
    for (let i = 0; i < 50; i++) await Promise.all([fetch(`${base}/api/ping`), fetch(`${list}?sort=hot`), fetch(`${list}?sort=new&page=50`)]);
    const check = (await (await fetch(`${list}?sort=hot`)).json()) as { total: number; comments: unknown[] };
    if (check.total < 1_000 || check.comments.length !== 10) throw new Error(`unexpected listing: ${JSON.stringify(check).slice(0, 200)}`);

    rows.push(await load("Ceiling: GET /api/ping (constant JSON)", { url: `${base}/api/ping` }));
    rows.push(await load("GET comments ?sort=hot (page 1 of 100)", { url: `${list}?sort=hot&page=1` }));
    rows.push(await load("GET comments ?sort=new (page 1 of 100)", { url: `${list}?sort=new&page=1` }));
    rows.push(await load("GET comments ?sort=new&page=100 (last page)", { url: `${list}?sort=new&page=100` }));
    // Latency when the server is not saturated (at 50 connections it is queueing: latency ≈ connections / throughput).
    rows.push(await load("Ceiling: GET /api/ping (constant JSON)", { url: `${base}/api/ping` }, 10));
    rows.push(await load("GET comments ?sort=hot (page 1 of 100)", { url: `${list}?sort=hot&page=1` }, 10));
    let n = 0;
    rows.push(
      await load("POST comment (rate limits off)", {
        url: list,
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ nickname: "压测", text: `benchmark comment ${n++}` }) }) }],
      }),
    );
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    fs.rmSync(dir, { recursive: true, force: true });
    if (POSTGRES_URL) await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }

  const ceiling = (connections: number) => rows.find((r) => r.connections === connections && r.name.startsWith("Ceiling"))!.rps;
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const lines = [
    `Comments API under load: \`npm run bench:comments\`, ${new Date().toISOString().slice(0, 10)}.`,
    `next start (production build), autocannon for ${DURATION} s per row, client and server on the same machine`,
    `(${os.cpus().length} cores, ${cpu}, Node ${process.version}); ${POSTGRES_URL ? "PostgreSQL on the same machine (pool of 10, no list cache)" : "SQLite in WAL mode with synchronous=FULL"}; one report with 1,000 comments.`,
    `At ${CONNECTIONS} connections every route, the ceiling included, is saturated and queues (latency ≈ connections ÷ throughput);`,
    "the 10-connection rows show latency below saturation. “Of ceiling” compares with /api/ping at the same concurrency.",
    "",
    "| route | connections | req/s | of ceiling | p50 | p99 | errors |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...[...rows].sort((a, b) => b.connections - a.connections).map(
      (r) => `| ${r.name} | ${r.connections} | ${r.rps.toFixed(0)} | ${((r.rps / ceiling(r.connections)) * 100).toFixed(0)} % | ${r.p50} ms | ${r.p99} ms | ${r.errors} |`,
    ),
    "",
  ];
  const table = lines.join("\n");
  console.log(`\n${table}`);
  fs.writeFileSync(path.join(ROOT, "scripts", POSTGRES_URL ? "bench-comments-postgres.md" : "bench-comments.md"), `# Comments benchmark${POSTGRES_URL ? " (PostgreSQL)" : ""}\n\n${table}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
