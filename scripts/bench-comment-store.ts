/**
 * `npm run bench:comment-store [-- --postgres] [-- --before <checkout>]`: the
 * store alone, without HTTP: median time per call of the store's hot paths
 * (post, like, list a page uncached, count) on SQLite (or PostgreSQL with
 * BENCH_DATABASE_URL / TEST_DATABASE_URL). With `--before <dir>`, the same
 * calls through the store of another checkout (e.g. the commit before the
 * Kysely store, its lib/comments/sqlite-comment-store.ts and
 * postgres-comment-store.ts), alternating rounds in one process so both see
 * the same machine load, and prints the ratio.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CommentStore, NewComment } from "@/lib/comments/store/comment-store";
import { openPostgresCommentStore, openSqliteCommentStore } from "@/lib/comments/store/open-comment-store";
import { withClient } from "../tests/postgres-test-db";

const POSTGRES_URL = process.argv.includes("--postgres") ? process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL : undefined;
if (process.argv.includes("--postgres") && !POSTGRES_URL) throw new Error("--postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL");
const beforeIndex = process.argv.indexOf("--before");
const BEFORE = beforeIndex === -1 ? undefined : path.resolve(process.argv[beforeIndex + 1]!);
const ROUNDS = 5;
const CALLS = 200;

type Opener = (where: string) => CommentStore;

async function openers(): Promise<{ name: string; open: Opener }[]> {
  const list: { name: string; open: Opener }[] = [
    { name: "this checkout", open: (where) => (POSTGRES_URL ? openPostgresCommentStore({ connectionString: POSTGRES_URL, schema: where }) : openSqliteCommentStore(where)) },
  ];
  if (BEFORE) {
    const file = POSTGRES_URL ? "postgres-comment-store.ts" : "sqlite-comment-store.ts";
    const old = (await import(path.join(BEFORE, "lib/comments", file))) as Record<string, (arg: unknown) => CommentStore>;
    list.unshift({
      name: `before (${BEFORE})`,
      open: (where) => (POSTGRES_URL ? old.openPostgresCommentStore!({ connectionString: POSTGRES_URL, schema: where }) : old.openSqliteCommentStore!(where)),
    });
  }
  return list;
}

const admin = (sql: string) => withClient(POSTGRES_URL!, (client) => client.query(sql));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Microseconds per call of each operation, on a fresh database with 1,000 comments. */
async function round(open: Opener, tag: string): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-store-"));
  const where = POSTGRES_URL ? `bench_store_${process.pid}_${tag}` : path.join(dir, "comments.db");
  if (POSTGRES_URL) await admin(`DROP SCHEMA IF EXISTS ${where} CASCADE; CREATE SCHEMA ${where}`);
  const store = open(where);
  const base: NewComment = { slug: "s", parentId: null, nickname: null, text: "", readerId: "r", ipHash: null, status: "published", createdAt: new Date() };
  const ids: string[] = [];
  for (let i = 0; i < 1_000; i++) ids.push((await store.createComment({ ...base, text: `seed ${i}`, readerId: `r${i % 100}`, createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000) })).id);
  const timings: Record<string, number> = {};
  async function time(name: string, call: (i: number) => Promise<unknown>) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) await call(i);
    timings[name] = Number(process.hrtime.bigint() - started) / 1_000 / CALLS;
  }
  await time("post (duplicate check, reply cap)", (i) => store.createComment({ ...base, text: `post ${tag} ${i}`, readerId: `p${i}`, createdAt: new Date() }, { rejectDuplicatesSince: new Date(0), maxRepliesPerThread: 200 }));
  await time("reply (duplicate check, reply cap)", (i) => store.createComment({ ...base, parentId: ids[i]!, text: `reply ${i}`, readerId: `q${i}` }, { rejectDuplicatesSince: new Date(0), maxRepliesPerThread: 200 }));
  await time("like", (i) => store.like(ids[i]!, `liker${i}`, `addr${i}`));
  // A different page each call, so SQLite's read cache (cleared by the writes above anyway) cannot answer.
  await time("list a page (hot), replies included", (i) => store.listComments({ slug: "s", sort: "hot", offset: (i % 100) * 10, limit: 10 }));
  await time("get one comment", (i) => store.getComment(ids[i]!));
  await time("rate limit check", (i) => store.hitRateLimit([{ key: `k${i % 10}`, rules: [{ limit: 1_000, windowMs: 60_000 }] }], Date.now()));
  await store.close();
  if (POSTGRES_URL) await admin(`DROP SCHEMA IF EXISTS ${where} CASCADE`);
  fs.rmSync(dir, { recursive: true, force: true });
  return timings;
}

async function main() {
  const sides = await openers();
  const results = sides.map(() => [] as Record<string, number>[]);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [s, side] of sides.entries()) results[s]!.push(await round(side.open, `${r}_${s}`));
    console.error(`round ${r + 1}/${ROUNDS} done`);
  }
  const operations = Object.keys(results[0]![0]!);
  const header = ["operation", ...sides.map((side) => `${side.name} (µs, median of ${ROUNDS})`), ...(sides.length === 2 ? ["after ÷ before"] : [])];
  console.log(`Store alone, ${POSTGRES_URL ? "PostgreSQL" : "SQLite"}, ${CALLS} calls per operation per round, ${os.cpus().length} cores, Node ${process.version}\n`);
  console.log(`| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|`);
  for (const op of operations) {
    const medians = results.map((rounds) => median(rounds.map((t) => t[op]!)));
    const ratio = medians.length === 2 ? [(medians[1]! / medians[0]!).toFixed(2)] : [];
    console.log(`| ${[op, ...medians.map((m) => m.toFixed(0)), ...ratio].join(" | ")} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
