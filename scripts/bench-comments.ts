/**
 * `npm run bench:comments`: the comments API side by side with Waline, on wrk.
 *
 * Starts the site (the build in NEXT_DIST_DIR, default .next-bench, built
 * first if missing) through its server entry, as `npm start` does, on each
 * backend: SQLite, and PostgreSQL when BENCH_DATABASE_URL is set (or with
 * `--postgres`, TEST_DATABASE_URL; a fresh schema, dropped afterwards). Each backend runs twice, with every rate limit
 * off and with the limits on (the ablation of issue 10: every check runs, on
 * distinct addresses and new readers, so none refuses). When
 * ../shared/peers/waline.sh exists, the Waline peer runs too (port
 * BENCH_WALINE_PORT, default 3650, and the next one).
 *
 * Every figure is a wrk run (2 threads); the targets take turns within each
 * round (alternating, so load from elsewhere hits all alike; each run starts
 * once the machine is idle again, so what one target leaves running lands in
 * no other's run) and each figure is the median of the rounds: list page 1 at 10 and 50 connections, post at
 * 50 (distinct texts, each post its own X-Forwarded-For; Waline's errno is
 * checked, as it answers 200 when it refuses), the lean path's
 * constant-JSON ceiling (/api/ping), and lists and posts at once (25
 * connections each, two wrk processes). Rows really stored are counted in each
 * database and set against the 2xx answers. On a PostgreSQL server with
 * autovacuum off, the bench analyses its tables before each run.
 *
 * Usage: npm run bench:comments [-- --duration 5 --rounds 3 --warmup 2 --postgres --no-waline --no-ablation --only post50,list50,mix50]
 * BENCH_BASELINE_DIR=<another checkout, built in its own NEXT_DIST_DIR> adds
 * that site (limits off) as one more target on each backend, in the same run:
 * the "before" rows of the README.
 * Writes the table to scripts/bench-comments.md.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import type { CommentStore } from "@/lib/comments/store/comment-store";
import { freePort, LIMITS_OFF, siteServerArgs, TEST_COMMENTS_SECRET } from "../tests/next-server";
import { benchOption } from "./bench-option";

const ROOT = path.resolve(import.meta.dirname, "..");
const BASELINE_DIR = process.env.BENCH_BASELINE_DIR ? path.resolve(process.env.BENCH_BASELINE_DIR) : undefined;
const DIST = process.env.NEXT_DIST_DIR || ".next-bench";
const SLUG = "chengyang-rule-of-law";
const SEEDED = 1_000;
const WALINE_SCRIPT = path.resolve(ROOT, "../shared/peers/waline.sh");
/** Preloaded into every site server: its own timing of each request. */
const SERVER_LATENCY_PROBE = path.join(ROOT, "scripts/bench-server-latency.mjs");
/** BENCH_PORT: the site servers take ports from here up (one per target), Waline BENCH_PORT+40 and +41; unset: free ports and Waline on 3650. */
const BENCH_PORT = Number(process.env.BENCH_PORT) || undefined;
const WALINE_PORT = Number(process.env.BENCH_WALINE_PORT) || (BENCH_PORT ? BENCH_PORT + 40 : 3650);
let sitePorts = 0;
const WALINE_DIR = process.env.WALINE_PEER_DIR || path.join(os.tmpdir(), "yangguang-waline-peer");

const DURATION = benchOption("duration", 5);
/** Seconds of untimed wrk load on each target and scenario before round 1. */
const WARMUP = benchOption("warmup", 2);
const ROUNDS = benchOption("rounds", 3);
const WITH_WALINE = !process.argv.includes("--no-waline") && fs.existsSync(WALINE_SCRIPT);
const WITH_ABLATION = !process.argv.includes("--no-ablation");
const POSTGRES_URL = process.env.BENCH_DATABASE_URL || (process.argv.includes("--postgres") ? process.env.TEST_DATABASE_URL : undefined);
if (process.argv.includes("--postgres") && !POSTGRES_URL) throw new Error("--postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)");

/**
 * Every limit at its default, but the per-report ceiling off: the bench has
 * one report, and at its default (60 a minute) the ceiling would refuse
 * nearly every post; raised out of reach, it would read a minute of the whole
 * run's events on every post, which no real report has.
 */
const LIMITS_ON = { COMMENTS_REPORT_LIMIT_PER_MINUTE: "0" } as const;

type Scenario = "list10" | "list50" | "post50" | "ping50" | "mix50";
/** A table row: a scenario, or the posting half of the mixed one. */
type Row = Scenario | "mix50posts";
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1]?.split(",") : undefined;
const SCENARIOS: { id: Scenario; label: string; connections: number }[] = (
  [
    { id: "list10", label: "list page 1", connections: 10 },
    { id: "list50", label: "list page 1", connections: 50 },
    { id: "post50", label: "post", connections: 50 },
    { id: "ping50", label: "constant JSON (/api/ping), the lean ceiling", connections: 50 },
    { id: "mix50", label: "list page 1 while 25 more connections post", connections: 25 },
  ] as const
).filter((scenario) => !ONLY || ONLY.includes(scenario.id));
/** The table's rows: each scenario, and after the mixed one its posting half. */
const ROWS: { id: Row; label: string; connections: number }[] = SCENARIOS.flatMap((scenario) =>
  scenario.id === "mix50" ? [scenario, { id: "mix50posts" as const, label: "post while 25 more connections list", connections: 25 }] : [scenario],
);

interface Target {
  name: string;
  kind: "site" | "waline";
  base: string;
  listPath: string;
  postPath: string;
  postBody: string;
  /** Rows in the database now. */
  countRows(): Promise<number>;
  stop(): Promise<void>;
  /** Before each of its runs, ahead of the idle wait (PostgreSQL with autovacuum off: what its analyze would have done). */
  beforeRun?(): Promise<void>;
  /** The site's own timing of its requests since the last call (scripts/bench-server-latency.mjs). */
  serverLatency?(): Promise<ServerLatency>;
}

/** Milliseconds inside the server, from a request's headers read to its answer handed to the kernel. */
interface ServerLatency {
  p99: number;
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  /** Answers with a 2xx status (for Waline: and errno 0). */
  ok: number;
  requests: number;
  /** The same run timed inside the server (site targets; a mixed run: its lists and posts together). */
  server?: ServerLatency;
  /** A mixed run's posting half (the run's own figures are its lists'). */
  posts?: Run;
}

// ---------------------------------------------------------------- wrk

/**
 * The wrk script: per-thread counters reported from done() as one JSON line.
 * Posts carry a text and an X-Forwarded-For no other request of the run has.
 */
function wrkScript(scenario: Scenario, target: Target, runId: string): string {
  const post = scenario === "post50";
  return `
local threads = {}
local counter = 0
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  ok = 0
  refused = 0
end
${
  post
    ? `
local body_template = ${JSON.stringify(target.postBody)}
function request()
  counter = counter + 1
  local n = tid * 1000000 + counter
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Origin"] = ${JSON.stringify(target.base)}
  headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  local text = string.format("压测 ${runId} %d:城阳法治建设,依法行政。", n)
  return wrk.format("POST", ${JSON.stringify(target.postPath)}, headers, string.format(body_template, text))
end
function response(status, headers, body)
  if status >= 200 and status < 300 ${target.kind === "waline" ? `and string.find(body, '"errno":0', 1, true)` : ""} then
    ok = ok + 1
  else
    refused = refused + 1
  end
end`
    : `
function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 else refused = refused + 1 end
end`
}
function done(summary, latency, requests)
  local total_ok, total_refused = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_refused = total_refused + thread:get("refused")
  end
  io.write(string.format('\\nBENCH {"requests":%d,"seconds":%f,"p50":%f,"p99":%f,"ok":%d,"refused":%d,"socketErrors":%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, total_ok, total_refused,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
`;
}

/** The machine's CPU time so far, busy and all, from /proc/stat (in ticks). */
function cpuTicks(): { busy: number; total: number } {
  const fields = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  return { busy: total - fields[3]! - (fields[4] ?? 0), total };
}

/** The most busy the machine may be (all cores) before a run starts, and the longest wait for it. */
const SETTLED_BUSY = 0.15;
const SETTLE_LIMIT_MS = 15_000;

/**
 * Waits until the work a previous run left behind is done (Waline draining its
 * queue, PostgreSQL's autovacuum after thousands of inserts, a WAL checkpoint),
 * so that it lands in no other target's run: on 2 cores it showed as p99 in the
 * first run after it (/api/ping p99 115 ms right after Waline's posts, 13-20 ms
 * otherwise). Returns how long it waited; gives up after SETTLE_LIMIT_MS.
 */
async function settle(): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < SETTLE_LIMIT_MS) {
    const a = cpuTicks();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const b = cpuTicks();
    if (b.total > a.total && (b.busy - a.busy) / (b.total - a.total) < SETTLED_BUSY) break;
  }
  return Date.now() - started;
}

/** One wrk run (a mixed run: two at once, its figures its lists', its posts' in `posts`). */
async function wrk(scenario: Scenario, connections: number, target: Target, runId: string, seconds = DURATION): Promise<Run> {
  if (scenario === "mix50") {
    // Readers and writers at once, as on a live report: half the connections list, half post.
    const half = Math.round(connections / 2);
    const [list, posts] = await Promise.all([wrk("list50", half, target, runId, seconds), wrk("post50", connections - half, target, runId, seconds)]);
    return { ...list, posts };
  }
  const scriptFile = path.join(os.tmpdir(), `bench-comments-${process.pid}-${scenario}-${target.name.replace(/\W+/g, "_")}.lua`);
  fs.writeFileSync(scriptFile, wrkScript(scenario, target, runId));
  const url = scenario === "ping50" ? `${target.base}/api/ping` : scenario === "post50" ? `${target.base}${target.postPath}` : `${target.base}${target.listPath}`;
  const child = spawn("wrk", ["-t2", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", scriptFile, url], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise((resolve) => child.on("close", resolve));
  fs.rmSync(scriptFile, { force: true });
  const line = /BENCH (\{.*\})/.exec(stdout);
  if (!line) throw new Error(`wrk gave no figures for ${target.name} ${scenario}:\n${stdout}\n${stderr}`);
  const figures = JSON.parse(line[1]!) as { requests: number; seconds: number; p50: number; p99: number; ok: number; refused: number; socketErrors: number };
  return { rps: figures.requests / figures.seconds, p50: figures.p50, p99: figures.p99, ok: figures.ok, requests: figures.requests };
}

// ---------------------------------------------------------------- the site

interface StoreOpeners {
  openSqliteCommentStore(file: string): CommentStore;
  openPostgresCommentStore(options: { connectionString: string; schema: string }): CommentStore;
}

/**
 * The store of the checkout being measured, so each site is seeded by its own
 * code and migrations: a database seeded by this checkout's migrator would be
 * refused by an older one (and the other way round). Before the one Kysely
 * store (issue 11) each backend had its own module.
 */
async function storeOpeners(siteDir: string): Promise<StoreOpeners> {
  const current = path.join(siteDir, "lib/comments/store/open-comment-store.ts");
  if (fs.existsSync(current)) return (await import(pathToFileURL(current).href)) as StoreOpeners;
  const [sqlite, postgres] = await Promise.all([
    import(pathToFileURL(path.join(siteDir, "lib/comments/sqlite-comment-store.ts")).href),
    import(pathToFileURL(path.join(siteDir, "lib/comments/postgres-comment-store.ts")).href),
  ]);
  return { openSqliteCommentStore: sqlite.openSqliteCommentStore, openPostgresCommentStore: postgres.openPostgresCommentStore };
}

/** The baseline's commit when it is a git checkout (the README's "before" rows name it), else its folder. */
function baselineName(dir: string): string {
  const commit = spawnSync("git", ["-C", dir, "rev-parse", "--short", "HEAD"], { encoding: "utf8" });
  return commit.status === 0 ? commit.stdout.trim() : path.basename(dir);
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
        await store.createComment({ slug: SLUG, ipHash: null, status: "published", parentId: comment.id, nickname: null, text: `回复 ${r}`, readerId: `bench-replier-${r}`, createdAt: new Date(start + i * 60_000 + 1000 + r) });
      }
    }
  }
  await store.close();
}

async function pgQuery<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function waitFor(url: string, child: ChildProcess | undefined, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the server for ${url} exited`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

async function startSite(name: string, backend: "sqlite" | "postgres", limits: "off" | "on", tmp: string, siteDir = ROOT): Promise<Target> {
  const schema = `bench_${process.pid}_${limits}${siteDir === ROOT ? "" : "_baseline"}`;
  let databaseEnv: Record<string, string>;
  let countRows: () => Promise<number>;
  let beforeRun: (() => Promise<void>) | undefined;
  const { openPostgresCommentStore, openSqliteCommentStore } = await storeOpeners(siteDir);
  if (backend === "postgres") {
    await pgQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await seed(openPostgresCommentStore({ connectionString: POSTGRES_URL!, schema }), SEEDED);
    const url = new URL(POSTGRES_URL!);
    url.searchParams.set("options", `-c search_path=${schema}`);
    databaseEnv = { DATABASE_URL: url.toString() };
    countRows = async () => Number((await pgQuery<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.comments`))[0]!.n);
    // With autovacuum off (this machine's server), nothing would analyse the tables as they grow fiftyfold,
    // where production's autovacuum keeps their statistics near.
    if ((await pgQuery<{ autovacuum: string }>("SHOW autovacuum"))[0]?.autovacuum === "off") {
      beforeRun = async () => void (await pgQuery(`ANALYZE ${schema}.comments, ${schema}.rate_events`));
    }
  } else {
    const file = path.join(tmp, `${name.replace(/\W+/g, "_")}.db`);
    await seed(openSqliteCommentStore(file), SEEDED);
    databaseEnv = { COMMENTS_DB: file };
    countRows = async () => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare("SELECT count(*) AS n FROM comments").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
  }
  const port = BENCH_PORT ? BENCH_PORT + sitePorts++ : await freePort();
  const latencyFile = path.join(tmp, `${name.replace(/\W+/g, "_")}.latency.json`);
  const serverArgs = ["--import", SERVER_LATENCY_PROBE, ...siteServerArgs(port)];
  const child = spawn(process.execPath, serverArgs.map((arg) => (arg.endsWith("start-site.ts") ? path.join(siteDir, "lib/server/start-site.ts") : arg)), {
    cwd: siteDir,
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: DIST,
      NEXT_TELEMETRY_DISABLED: "1",
      ...databaseEnv,
      COMMENTS_SECRET: TEST_COMMENTS_SECRET,
      // Published at once, as the peer publishes: the benchmark measures posting, not the review queue.
      COMMENTS_MODERATION: "post",
      // As behind deploy/nginx.conf: each post's X-Forwarded-For is its client.
      TRUST_PROXY: "1",
      ...(limits === "off" ? LIMITS_OFF : LIMITS_ON),
      BENCH_SERVER_LATENCY_FILE: latencyFile,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/ping`, child, 120);
  return {
    name,
    kind: "site",
    base,
    listPath: `/api/reports/${SLUG}/comments?sort=new&page=1`,
    postPath: `/api/reports/${SLUG}/comments`,
    postBody: JSON.stringify({ nickname: "压测", text: "%s" }),
    countRows,
    ...(beforeRun ? { beforeRun } : {}),
    serverLatency: () => serverLatency(child, latencyFile),
    async stop() {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // gone
      }
      if (child.exitCode === null) await new Promise((resolve) => child.once("exit", resolve));
      if (backend === "postgres") await pgQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

/** Asks the server for its figures (SIGUSR2) and waits for the file it writes. */
async function serverLatency(child: ChildProcess, file: string): Promise<ServerLatency> {
  fs.rmSync(file, { force: true });
  child.kill("SIGUSR2");
  for (let waited = 0; waited < 10_000; waited += 10) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as ServerLatency;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the server gave no latency figures (${file})`);
}

// ---------------------------------------------------------------- Waline

async function startWaline(): Promise<Target> {
  const env = { ...process.env, WALINE_PEER_DIR: WALINE_DIR };
  const started = spawnSync("bash", [WALINE_SCRIPT, "start", String(WALINE_PORT), String(SEEDED)], { encoding: "utf8", env, stdio: ["ignore", "pipe", "inherit"] });
  if (started.status !== 0) throw new Error(`the Waline peer did not start (exit ${started.status})`);
  console.error(started.stdout.trim());
  const base = `http://127.0.0.1:${WALINE_PORT}`;
  const dbFile = path.join(WALINE_DIR, "db", "waline.sqlite");
  return {
    name: "Waline 1.39.3 (SQLite)",
    kind: "waline",
    base,
    listPath: "/api/comment?path=/reports/test&page=1&pageSize=10&sortBy=insertedAt_desc&lang=zh-CN",
    postPath: "/api/comment?lang=zh-CN",
    postBody: JSON.stringify({ comment: "%s", nick: "压测", mail: "", link: "", ua: "Mozilla/5.0 (bench)", url: "/reports/test" }),
    async countRows() {
      const db = new Database(dbFile, { readonly: true });
      try {
        return (db.prepare("SELECT count(*) AS n FROM wl_Comment").get() as { n: number }).n;
      } finally {
        db.close();
      }
    },
    async stop() {
      spawnSync("bash", [WALINE_SCRIPT, "stop"], { env, stdio: "ignore" });
    },
  };
}

// ---------------------------------------------------------------- the run

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  if (BASELINE_DIR && !fs.existsSync(path.join(BASELINE_DIR, DIST, "BUILD_ID"))) throw new Error(`BENCH_BASELINE_DIR has no build in ${DIST}`);
  if (!fs.existsSync(path.join(ROOT, DIST, "BUILD_ID"))) {
    console.error(`No build in ${path.join(ROOT, DIST)}: running next build…`);
    const build = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-comments-"));
  const targets: Target[] = [];
  const runId = Date.now().toString(36);
  try {
    for (const backend of POSTGRES_URL ? (["sqlite", "postgres"] as const) : (["sqlite"] as const)) {
      const label = backend === "sqlite" ? "SQLite" : "PostgreSQL";
      console.error(`Seeding ${SEEDED} comments and starting the site on ${label}…`);
      targets.push(await startSite(`this site, ${label}`, backend, "off", tmp));
      if (WITH_ABLATION) targets.push(await startSite(`this site, ${label}, limits on`, backend, "on", tmp));
      if (BASELINE_DIR) targets.push(await startSite(`before (${baselineName(BASELINE_DIR)}), ${label}`, backend, "off", tmp, BASELINE_DIR));
      // The baseline's own ablation, so a change to the cost of limits is measured against it in the same run.
      if (BASELINE_DIR && WITH_ABLATION) targets.push(await startSite(`before (${baselineName(BASELINE_DIR)}), ${label}, limits on`, backend, "on", tmp, BASELINE_DIR));
    }
    if (WITH_WALINE) targets.push(await startWaline());
    for (const target of targets) {
      // Warm up: compiled code paths, prepared statements, caches.
      for (let i = 0; i < 30; i++) await Promise.all([fetch(`${target.base}${target.listPath}`), target.kind === "site" ? fetch(`${target.base}/api/ping`) : null]);
      // Posts too (counted in the rows before the runs): without it the first round's posts also paid for the
      // post path's compilation and first commits (and here the checkpoint worker's start), and showed it as p99.
      if (ONLY && !ONLY.includes("post50")) continue;
      for (let batch = 0; batch < 10; batch++) {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            fetch(`${target.base}${target.postPath}`, {
              method: "POST",
              headers: { "Content-Type": "application/json", Origin: target.base, "X-Forwarded-For": `10.250.${batch}.${i}` },
              body: target.postBody.replace("%s", `预热 ${runId} ${batch}-${i}`),
            }).then((response) => response.arrayBuffer()),
          ),
        );
      }
    }
    // Then each scenario under wrk's own load, untimed: a few hundred requests leave the hot paths half
    // compiled (V8 optimises after thousands of calls), and round 1 showed it as p99 (posts at 118-205 ms
    // against 40-87 ms in later rounds). Every target alike, Waline too.
    if (WARMUP > 0) {
      console.error(`Warming up: ${WARMUP} s of each scenario on each target…`);
      for (const scenario of SCENARIOS) {
        for (const target of targets) {
          if (scenario.id === "ping50" && target.kind === "waline") continue;
          await wrk(scenario.id, scenario.connections * (scenario.id === "mix50" ? 2 : 1), target, `${runId}-warm`, WARMUP);
        }
      }
    }
    const before = new Map(await Promise.all(targets.map(async (t) => [t.name, await t.countRows()] as const)));
    const runs = new Map<string, Run[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const scenario of SCENARIOS) {
        for (const target of targets) {
          if (scenario.id === "ping50" && target.kind === "waline") continue;
          await target.beforeRun?.();
          const waited = await settle();
          if (waited >= SETTLE_LIMIT_MS) console.error(`(the machine stayed busy for ${SETTLE_LIMIT_MS / 1000} s before this run: other work is running)`);
          await target.serverLatency?.(); // counts from here
          const run: Run = await wrk(scenario.id, scenario.connections * (scenario.id === "mix50" ? 2 : 1), target, `${runId}-${round}`);
          if (target.serverLatency) run.server = await target.serverLatency();
          const key = `${target.name}\0${scenario.id}`;
          runs.set(key, [...(runs.get(key) ?? []), run]);
          if (run.posts) runs.set(`${target.name}\0mix50posts`, [...(runs.get(`${target.name}\0mix50posts`) ?? []), run.posts]);
          const beside = run.posts ? `; posts beside them ${run.posts.rps.toFixed(0)} req/s, p50 ${run.posts.p50.toFixed(1)} ms, p99 ${run.posts.p99.toFixed(1)} ms, ${run.posts.ok}/${run.posts.requests} ok` : "";
          console.error(`round ${round}: ${target.name}, ${scenario.label} at ${scenario.connections}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms${run.server ? ` (in the server ${run.server.p99.toFixed(1)} ms)` : ""}, ${run.ok}/${run.requests} ok${beside}`);
        }
      }
    }
    const stored = new Map(await Promise.all(targets.map(async (t) => [t.name, (await t.countRows()) - before.get(t.name)!] as const)));
    console.log(`\n${table(targets, runs, stored)}`);
    fs.writeFileSync(path.join(ROOT, "scripts", "bench-comments.md"), `# Comments benchmark\n\n${table(targets, runs, stored)}`);
  } finally {
    for (const target of targets) await target.stop().catch((error: unknown) => console.error(`stopping ${target.name}: ${(error as Error).message}`));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function table(targets: Target[], runs: Map<string, Run[]>, stored: Map<string, number>): string {
  const figure = (target: Target, scenario: Row) => {
    const list = runs.get(`${target.name}\0${scenario}`);
    if (!list) return undefined;
    const timed = list.flatMap((r) => (r.server ? [r.server] : []));
    return {
      rps: median(list.map((r) => r.rps)),
      p50: median(list.map((r) => r.p50)),
      p99: median(list.map((r) => r.p99)),
      serverP99: timed.length ? median(timed.map((r) => r.p99)) : undefined,
      ok: list.reduce((s, r) => s + r.ok, 0),
    };
  };
  const waline = targets.find((t) => t.kind === "waline");
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const lines = [
    `\`npm run bench:comments\`, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: wrk -t2, ${DURATION} s per run, median of ${ROUNDS} rounds,`,
    `after ${WARMUP} s of untimed load on each target and scenario (Waline too), so that no round measures code still being compiled;`,
    `targets alternating within each round; client and servers on one machine (${os.cpus().length} cores, ${cpu}, Node ${process.version}).`,
    `One report with ${SEEDED} comments (likes, replies) on each. The site runs its production build through its server entry (npm start), TRUST_PROXY=1;`,
    `"limits on": every rate limit at its default (the per-report ceiling off: one report takes every post), each post from its own address as a new reader,`,
    "so every reader and address check and the duplicate check run and none refuses. Otherwise every limit is off.",
    ...(targets.some((target) => target.beforeRun) ? ["PostgreSQL runs with autovacuum off here: the bench analyses its tables before each run, as autovacuum would as they grow."] : []),
    "\"p99 in the server\": the same runs timed by the site's server itself (scripts/bench-server-latency.mjs), from a request's headers read",
    "to its answer handed to the kernel: the request's own handling (for a post, the wait for its group's commit). It leaves out what wrk's",
    "figures hold besides: the wait for the busy event loop to read a request; the accept queue (each run opens its 50 connections at once,",
    "and a busy Node accepts one connection per turn of its event loop, libuv 1.45 and later, so the last connections' first requests wait",
    "up to a few hundred ms); and wrk's own turns on the same two cores. For the mixed run, lists and posts together.",
    "The mixed run: two wrk processes at once on one target, 25 connections listing and 25 posting, as on a live report",
    "(every post empties the list cache, so lists are read from the database again after each write group).",
    "",
    "| target | figure | conns | req/s | p50 | p99 | p99 in the server | vs Waline | of ceiling |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const target of targets) {
    const ceiling = figure(target, "ping50");
    for (const scenario of ROWS) {
      const f = figure(target, scenario.id);
      if (!f) continue;
      const w = waline && target !== waline ? figure(waline, scenario.id) : undefined;
      const ofCeiling = ceiling && scenario.id !== "ping50" ? `${((f.rps / ceiling.rps) * 100).toFixed(0)} %` : "";
      lines.push(
        `| ${target.name} | ${scenario.label} | ${scenario.connections} | ${f.rps.toFixed(0)} | ${f.p50.toFixed(1)} ms | ${f.p99.toFixed(1)} ms | ${f.serverP99 === undefined ? "" : `${f.serverP99.toFixed(1)} ms`} | ${w ? `${(f.rps / w.rps).toFixed(1)}×` : ""} | ${ofCeiling} |`,
      );
    }
  }
  lines.push(
    "",
    "Posts: rows really stored against answers that said stored (2xx; Waline: errno 0), over all rounds. wrk stops with up to one",
    "request per connection in flight: those are stored without an answer counted, so stored − answered is 0 to 50 per post run (25 per mixed run).",
    "",
  );
  for (const target of targets) {
    const ok = (figure(target, "post50")?.ok ?? 0) + (figure(target, "mix50posts")?.ok ?? 0);
    const extra = stored.get(target.name)! - ok;
    // Up to one post per posting connection in flight at each stop: 50 per post run, 25 per mixed run.
    const fine = extra >= 0 && extra <= ROUNDS * (SCENARIOS.some((s) => s.id === "post50") ? 50 : 0) + ROUNDS * (SCENARIOS.some((s) => s.id === "mix50") ? 25 : 0);
    lines.push(`- ${target.name}: ${stored.get(target.name)} rows stored, ${ok} answered as stored, ${extra} in flight at the stops${fine ? "" : " (MISMATCH: a stored answer without a row, or rows nobody asked for)"}`);
  }
  if (WITH_ABLATION) {
    lines.push("", "Cost of identity and limits (issue 10's target: at most 10 %), limits on ÷ limits off, same run:", "");
    for (const off of targets.filter((t) => t.kind === "site" && !t.name.endsWith("limits on"))) {
      const on = targets.find((t) => t.name === `${off.name}, limits on`);
      if (!on) continue;
      for (const scenario of ["list50", "post50"] as const) {
        if (!figure(on, scenario) || !figure(off, scenario)) continue;
        const ratio = figure(on, scenario)!.rps / figure(off, scenario)!.rps;
        // Each round's on ÷ off too (the two ran back to back): their spread says how noisy the machine was.
        const offRuns = runs.get(`${off.name}\0${scenario}`)!;
        const paired = runs.get(`${on.name}\0${scenario}`)!.map((run, i) => run.rps / offRuns[i]!.rps).sort((a, b) => a - b);
        const percent = (value: number) => `${(value * 100).toFixed(0)} %`;
        lines.push(
          `- ${off.name}, ${scenario === "list50" ? "list" : "post"} at 50: ${percent(ratio)} of the throughput without limits (cost ${((1 - ratio) * 100).toFixed(0)} %); ` +
            `per round ${percent(median(paired))} (${percent(paired[0]!)}–${percent(paired.at(-1)!)})`,
        );
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
