import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ADDRESS_LIMITS_OFF, freePort, POST_MODERATION, siteServerArgs, TEST_COMMENTS_SECRET } from "../next-server";

/**
 * `npm run dev` and `npm start` answer the API identically: the same requests
 * (reads, writes, every kind of refusal, hostile URLs and methods) go to a
 * development server and a production server, each on a fresh database, and
 * every answer must match in status, the headers that matter and the body
 * (with the values that differ by nature, times and random ids, masked).
 */
const ROOT = path.resolve(__dirname, "../..");
const SLUG = "chengyang-rule-of-law";
const ADMIN_TOKEN = "dev-prod-admin-token-0123456789";

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

interface Site {
  base: string;
  port: number;
  child: ChildProcess;
}

const sites: Site[] = [];
let dir: string;

async function start(mode: "start" | "dev"): Promise<Site> {
  const port = await freePort();
  const child = spawn(process.execPath, siteServerArgs(port, mode), {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: mode === "dev" ? "development" : "production",
      // The development server gets a folder of its own, never the production build's.
      ...(mode === "dev" ? { NEXT_DIST_DIR: "tests/tmp/.next-api-dev" } : {}),
      NEXT_TELEMETRY_DISABLED: "1",
      COMMENTS_DB: path.join(dir, `${mode}.db`),
      COMMENTS_SECRET: TEST_COMMENTS_SECRET,
      COMMENTS_ADMIN_TOKEN: ADMIN_TOKEN,
      ...ADDRESS_LIMITS_OFF,
      ...POST_MODERATION,
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  const site = { base, port, child };
  sites.push(site);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${mode} server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/ping`)).ok) return site;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${mode} server did not answer within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "api-dev-prod-"));
});
test.afterAll(() => {
  for (const site of sites) {
    try {
      process.kill(-site.child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: fetch cannot send TRACE or a path it would normalize. */
function send(site: Site, method: string, target: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port: site.port, method, path: target, headers: { origin: site.base, ...headers }, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

const HEADERS_THAT_MATTER = ["content-type", "vary", "cache-control", "allow", "retry-after", "content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy"];

/** What must be equal: the status, the headers that matter, cookie names and attributes, the body with times and ids masked. */
function comparable(answer: Answer, site: Site): unknown {
  const headers = Object.fromEntries(HEADERS_THAT_MATTER.map((name) => [name, answer.headers[name]]));
  const cookies = ([] as string[]).concat(answer.headers["set-cookie"] ?? []).map((cookie) => cookie.replace(/^([^=]+)=[^;]*/, "$1=…"));
  const location = answer.headers.location?.toString().replace(/flash=[\w-]+/, "flash=…").replace(site.base, "");
  const type = String(answer.headers["content-type"] ?? "");
  let body: unknown = answer.body;
  if (type.startsWith("application/json") && answer.body !== "") {
    body = JSON.parse(answer.body, (key, value: unknown) => (key === "createdAt" || key === "updatedAt" ? "…" : value));
  } else if (type.startsWith("text/html")) {
    body = "(an HTML page)";
  }
  return { status: answer.status, headers, cookies, location, body };
}

test("the development server and the production server answer the API identically", async () => {
  const [production, development] = [await start("start"), await start("dev")];
  const list = `/api/reports/${SLUG}/comments`;
  const json = { "content-type": "application/json" };
  const form = { "content-type": "application/x-www-form-urlencoded" };
  // Each step may use what an earlier one returned (the comment's id), read from each server's own answers.
  const steps: ((site: Site, ids: string[]) => Promise<Answer>)[] = [
    (s) => send(s, "GET", "/api/ping"),
    (s) => send(s, "GET", `${list}?sort=new`),
    (s) => send(s, "POST", list, json, JSON.stringify({ nickname: "读者", text: "开发与生产一致吗?" })),
    (s) => send(s, "POST", list, { ...json, "x-forwarded-for": "6.6.6.6" }, JSON.stringify({ text: "forged forwarding header" })),
    (s) => send(s, "POST", list, json, JSON.stringify({ nickname: "读者", text: "开发与生产一致吗?" })),
    (s) => send(s, "GET", `${list}?sort=hot&page=1`),
    (s) => send(s, "GET", `${list}?sort=bogus`),
    (s) => send(s, "GET", `/api/reports/no-such-report/comments`),
    (s) => send(s, "POST", list, { ...json, origin: "https://evil.example" }, JSON.stringify({ text: "cross-site" })),
    (s) => send(s, "POST", list, { "content-type": "text/plain" }, "plain"),
    (s) => send(s, "POST", list, json, "{not json"),
    (s) => send(s, "POST", list, json, JSON.stringify({ text: "x".repeat(20_000) })),
    (s) => send(s, "PUT", list, json, "{}"),
    (s) => send(s, "TRACE", list),
    (s) => send(s, "HEAD", `${list}?sort=new`),
    (s) => send(s, "OPTIONS", list),
    (s, ids) => send(s, "POST", `/api/comments/${ids[0]}/like`),
    (s, ids) => send(s, "DELETE", `/api/comments/${ids[0]}/like`),
    (s, ids) => send(s, "GET", `/api/comments/${ids[0]}/like`),
    (s) => send(s, "POST", `/api/comments/%zz/like`),
    (s) => send(s, "POST", `/api/comments/${"9".repeat(4_000)}/like`),
    (s, ids) => send(s, "GET", `/api/comments/${ids[0]}/replies`),
    (s) => send(s, "GET", `/api/comment-counts?slugs=${SLUG},nope`),
    (s) => send(s, "GET", `/api/comment-counts`),
    (s) => send(s, "POST", `${list}/form`, form, new URLSearchParams({ lang: "en", nickname: "", text: "from the form" }).toString()),
    (s) => send(s, "POST", `${list}/form`, form, new URLSearchParams({ lang: "zh", text: "" }).toString()),
    (s) => send(s, "GET", "/api/admin/comments"),
    (s) => send(s, "GET", "/api/admin/comments?status=published", { authorization: `Bearer ${ADMIN_TOKEN}` }),
    // Outside the table: both leave these to Next alike.
    (s) => send(s, "GET", "/api//x"),
    (s) => send(s, "GET", "/api/ping/"),
  ];
  const ids: Record<string, string[]> = { start: [], dev: [] };
  for (const [i, step] of steps.entries()) {
    const [a, b] = [await step(production, ids.start!), await step(development, ids.dev!)];
    for (const [answer, key] of [[a, "start"], [b, "dev"]] as const) {
      const created = /^\{"comment":\{"id":"([^"]+)"/.exec(answer.body);
      if (created) ids[key]!.push(created[1]!);
    }
    expect(comparable(b, development), `step ${i}: ${step.toString()}`).toEqual(comparable(a, production));
  }
  // The run did exercise writes and refusals, not only 404s.
  expect(ids.start!.length).toBeGreaterThanOrEqual(2);
});
