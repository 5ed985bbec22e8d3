import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import Redis from "ioredis";
import { loadAllReports } from "../../lib/content/reports";
import { buildSite, startSite, type RunningSite } from "../next-server";

/**
 * With REDIS_URL set, instances share the pages they render on demand through
 * Redis (lib/server/redis-cache-handler.cjs): a page one instance rendered is
 * served by another without rendering it again. Each instance here has its
 * own copy of the build, so they share nothing on disk; a third instance
 * without Redis shows what each would do alone. Redis DB 11, keys under a
 * prefix of this run's own, removed afterwards.
 */
const BASE = Number(process.env.TEST_PORT ?? 3100) + 50;
const ROOT = path.resolve(__dirname, "..", "..");
const DIST = ".next-redis-a";
const COPIES = [".next-redis-b", ".next-redis-c"];
const REDIS_URL = "redis://127.0.0.1:6379/11";
const PREFIX = `yangguang-test:${process.pid}:`;
const env = { COMMENTS_DB: path.join(os.tmpdir(), `yangguang-redis-${process.pid}.db`), SITE_URL: `http://127.0.0.1:${BASE}` };
const shared = { ...env, REDIS_URL, REDIS_KEY_PREFIX: PREFIX };

const report = loadAllReports().reports.find((r) => r.slug === "chengyang-rule-of-law")!;
const sections = report.languages.zh.sections.map((s) => s.id);
let sites: RunningSite[] = [];
const redis = new Redis(REDIS_URL, { lazyConnect: true });

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(420_000);
  const build = buildSite(DIST, env);
  expect(build.ok, build.output.slice(-4000)).toBe(true);
  for (const copy of COPIES) fs.cpSync(path.join(ROOT, DIST), path.join(ROOT, copy), { recursive: true });
  await redis.connect();
  sites = await Promise.all([
    startSite("start", BASE, DIST, shared),
    startSite("start", BASE + 1, COPIES[0]!, shared),
    startSite("start", BASE + 2, COPIES[1]!, env),
  ]);
});

test.afterAll(async () => {
  await Promise.all(sites.map((site) => site.stop()));
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  for (const dir of [DIST, ...COPIES]) fs.rmSync(path.join(ROOT, dir), { recursive: true, force: true });
});

const get = async (site: RunningSite, url: string) => {
  const response = await fetch(site.url + url);
  return { status: response.status, cache: response.headers.get("x-nextjs-cache"), body: await response.text() };
};

test("a page rendered on demand by one instance is served by another from Redis, not rendered again", async () => {
  const [first, second, alone] = sites as [RunningSite, RunningSite, RunningSite];
  const url = `/zh/reports/${report.slug}/${sections[0]}`;
  const rendered = await get(first, url);
  expect(rendered.status).toBe(200);
  expect(rendered.cache).not.toBe("HIT");
  const buildId = fs.readFileSync(path.join(ROOT, DIST, "BUILD_ID"), "utf8").trim();
  expect((await redis.keys(`${PREFIX}${buildId}:*`)).length).toBeGreaterThan(0);

  const served = await get(second, url);
  expect(served.status).toBe(200);
  expect(served.cache).toBe("HIT");
  expect(served.body).toBe(rendered.body);
  // Nothing was written to the second instance's own build folder: it did not render the page.
  expect(fs.readdirSync(path.join(ROOT, COPIES[0]!, "server/app/zh/reports"), { recursive: true }).map(String).filter((f) => f.includes(sections[0]!))).toEqual([]);

  // Without Redis, an instance with its own folder renders the page itself.
  expect((await get(alone, url)).cache).not.toBe("HIT");
});

test("QR codes and other languages are shared the same way, each under its own key", async () => {
  const [first, second] = sites as [RunningSite, RunningSite];
  const urls = [`/en/reports/${report.slug}/${sections[1]}`, `/zh/reports/${report.slug}/${sections[1]}/qr.svg`];
  for (const url of urls) expect((await get(first, url)).status, url).toBe(200);
  for (const url of urls) expect((await get(second, url)).cache, url).toBe("HIT");
});
