/**
 * `npm run bench:api-cpu`: CPU per request of the comment API's lean path, in
 * process, without HTTP or a load generator: what one request costs the
 * server's main thread, which under wrk is what sets its throughput (the
 * thread is saturated) and with it p50 at 50 connections (50 x the cost).
 *
 * Runs the server entry's front handler (lib/server/api-front-handler.ts) on
 * Node request and response objects over a sink, against SQLite in a temporary
 * folder seeded like bench:comments (1,000 comments), every rate limit off,
 * 50 requests in flight. Prints, per figure, the median of the rounds' CPU
 * microseconds per request. Wrk's figures (bench:comments) include the HTTP
 * parse and the socket writes on top.
 *
 * Usage: npm run bench:api-cpu [-- --requests 5000 --rounds 5]
 */
import fs from "node:fs";
import { IncomingMessage, ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { LIMITS_OFF, TEST_COMMENTS_SECRET } from "../tests/next-server";
import { benchOption } from "./bench-option";

const REQUESTS = benchOption("requests", 5_000);
const ROUNDS = benchOption("rounds", 5);
const IN_FLIGHT = 50;
const SLUG = "chengyang-rule-of-law";
const ORIGIN = "http://127.0.0.1:3000";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-api-cpu-"));
Object.assign(process.env, {
  NODE_ENV: "production",
  COMMENTS_DB: path.join(dir, "comments.db"),
  COMMENTS_SECRET: TEST_COMMENTS_SECRET,
  COMMENTS_MODERATION: "post",
  SITE_URL: ORIGIN,
  ...LIMITS_OFF,
});

class Sink extends Writable {
  override _write(_chunk: unknown, _encoding: BufferEncoding, done: () => void) {
    done();
  }
}

// Imported in main(), after the environment above: the runtime reads it on first use.
let front: Awaited<ReturnType<typeof loadFront>>;
let clientAddressHeaderValue: typeof import("@/lib/server/client-address-header").clientAddressHeaderValue;
let posted = 0;

async function loadFront() {
  const [{ apiRouter }, { apiFrontHandler }] = await Promise.all([import("@/lib/server/api-routes"), import("@/lib/server/api-front-handler")]);
  return apiFrontHandler(apiRouter, { fallbackHost: "127.0.0.1:3000" });
}

/** One request through the front handler, as the server entry would pass it; resolves with its status. */
async function request(method: "GET" | "POST", url: string, body?: string): Promise<number> {
  const req = new IncomingMessage(new Sink() as never);
  req.method = method;
  req.url = url;
  const n = posted++;
  req.headers = {
    host: "127.0.0.1:3000",
    "x-yangguang-client-address": clientAddressHeaderValue({ ok: true, key: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` }),
    ...(body === undefined ? {} : { origin: ORIGIN, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }),
  };
  if (body !== undefined) req.push(Buffer.from(body));
  req.push(null);
  const res = new ServerResponse(req);
  await front(req, res);
  return res.statusCode;
}

const scenarios = {
  "list page 1": () => request("GET", `/api/reports/${SLUG}/comments?sort=new&page=1`),
  "constant JSON (/api/ping)": () => request("GET", "/api/ping"),
  post: () => request("POST", `/api/reports/${SLUG}/comments`, JSON.stringify({ nickname: "压测", text: `压测 ${process.pid} ${posted}:城阳法治建设,依法行政。` })),
} as const;

/** CPU microseconds per request over REQUESTS requests, IN_FLIGHT at a time; throws on any answer but the expected. */
async function measure(run: () => Promise<number>, expected: number): Promise<number> {
  let started = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (started++ < REQUESTS) {
        const status = await run();
        if (status !== expected) throw new Error(`answered ${status}, expected ${expected}`);
      }
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / REQUESTS;
}

async function main(): Promise<void> {
  front = await loadFront();
  ({ clientAddressHeaderValue } = await import("@/lib/server/client-address-header"));
  const { getCommentsRuntime } = await import("@/lib/comments/comments-runtime");
  const store = getCommentsRuntime().store;
  const start = Date.now() - 1_000 * 60_000;
  for (let i = 0; i < 1_000; i++) {
    const comment = await store.createComment({ slug: SLUG, parentId: null, nickname: i % 3 === 0 ? null : `读者${i}`, text: `第${i}条评论:依法行政、公正司法,城阳区的法治建设值得点赞。\nComment ${i}, with a second line.`, readerId: `bench-reader-${i % 400}`, ipHash: null, status: "published", createdAt: new Date(start + i * 60_000) });
    for (let l = 0; l < i % 7; l++) await store.like(comment.id, `liker-${l}`);
  }
  const results = new Map<string, number[]>();
  // Round 0 warms up (compiled code, statements, caches) and is not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [name, run] of Object.entries(scenarios)) {
      const cpu = await measure(run, name === "post" ? 201 : 200);
      if (round > 0) results.set(name, [...(results.get(name) ?? []), cpu]);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`\`npm run bench:api-cpu\`, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: ${REQUESTS} requests per round, ${IN_FLIGHT} in flight, median of ${ROUNDS} rounds (Node ${process.version}, SQLite).\n`);
  console.log("| request | CPU per request | rounds |");
  console.log("|---|---:|---|");
  for (const [name, values] of results) console.log(`| ${name} | ${median(values).toFixed(0)} µs | ${values.map((v) => v.toFixed(0)).join(", ")} |`);
  await store.close();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit();
  });
