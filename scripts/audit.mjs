/**
 * `npm run audit`: Lighthouse 12.2.3 (mobile) on the built site, run against
 * Debian's Chromium, side by side with a bare Next.js page of the same
 * versions (an app/page.jsx rendering one <h1>, built in the same run into
 * tests/tmp/audit-bare). Prints one table (scores, LCP, TBT and JavaScript
 * bytes per page, median of AUDIT_RUNS runs) and exits non-zero when a page
 * misses a target:
 *   - 100 in performance, accessibility, best practices and SEO;
 *   - LCP at most 1.2 s;
 *   - TBT at most 10 ms above the bare page's;
 *   - JavaScript on an article page at most 30 KB (compressed) above the bare page's.
 * Plain JavaScript: Lighthouse serializes functions into the page, which a
 * TypeScript loader's helpers would break.
 *
 * Usage: npm run audit [-- /zh /en/reports/x ...]   (default: every page kind, both languages)
 * The bare page is measured in every round, between the site's pages, so both
 * medians come from the same stretch of time (on a busy machine the load, and
 * with it TBT, drifts within a run).
 *
 * Env: AUDIT_PORT (3310; the bare page uses the next port), AUDIT_RUNS (3),
 *      AUDIT_BUILD=1 rebuilds the site even when its build exists, NEXT_DIST_DIR
 *      (the site's build folder, .next), CHROMIUM_PATH.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const TSX_BIN = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const BARE_DIR = path.join(ROOT, "tests/tmp/audit-bare");
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
const PORT = Number(process.env.AUDIT_PORT ?? 3310);
const SITE = `http://127.0.0.1:${PORT}`;
const BARE = `http://127.0.0.1:${PORT + 1}`;
const SLUG = "chengyang-rule-of-law";
const DEFAULT_PAGES = ["/zh", "/en", `/zh/reports/${SLUG}`, `/en/reports/${SLUG}`, `/zh/reports/${SLUG}/oversight`, `/en/reports/${SLUG}/oversight`, `/zh/reports/${SLUG}/bilingual`, `/en/reports/${SLUG}/bilingual`];
const PAGES = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_PAGES;
const RUNS = Number(process.env.AUDIT_RUNS ?? 3);
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const TARGET = { score: 100, lcpMs: 1200, tbtAboveBareMs: 10, articleJsAboveBareBytes: 30 * 1024 };
/** An article page: the report itself (not a section, bilingual or home page). */
const isArticle = (page) => new RegExp(`^/(zh|en)/reports/[^/]+$`).test(page);

function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status})`);
}

/** The bare baseline: the smallest App Router page, built with this checkout's next, react and react-dom. */
function buildBare() {
  fs.rmSync(BARE_DIR, { recursive: true, force: true });
  fs.mkdirSync(path.join(BARE_DIR, "app"), { recursive: true });
  fs.writeFileSync(path.join(BARE_DIR, "package.json"), JSON.stringify({ name: "audit-bare", private: true }, null, 2));
  fs.writeFileSync(path.join(BARE_DIR, "next.config.mjs"), `export default { turbopack: { root: ${JSON.stringify(ROOT)} } };\n`);
  fs.writeFileSync(
    path.join(BARE_DIR, "app/layout.jsx"),
    'export const metadata = { title: "Bare", description: "A bare Next.js page" };\nexport default function Layout({ children }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n',
  );
  fs.writeFileSync(path.join(BARE_DIR, "app/page.jsx"), "export default function Page() {\n  return <h1>Hello</h1>;\n}\n");
  run(process.execPath, [NEXT_BIN, "build"], { cwd: BARE_DIR });
}

/** The site runs as `npm start` runs it (its server entry, which sends the hash-based CSP); the bare page under `next start`. */
function start(cwd, port, { siteEntry = false } = {}) {
  const args = siteEntry ? [TSX_BIN, "lib/server/start-site.ts", "-H", "127.0.0.1", "-p", String(port)] : [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)];
  const server = spawn(process.execPath, args, { cwd, stdio: "ignore", detached: true, env: { ...process.env, NODE_ENV: "production" } });
  return () => {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {}
  };
}

async function waitForServer(url) {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not start`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measureOnce(port, url) {
  const { lhr } = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] });
  const scripts = (lhr.audits["network-requests"].details?.items ?? []).filter((item) => item.resourceType === "Script");
  return {
    scores: Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c].score ?? 0) * 100)])),
    lcp: lhr.audits["largest-contentful-paint"].numericValue,
    tbt: lhr.audits["total-blocking-time"].numericValue,
    js: scripts.reduce((sum, item) => sum + (item.transferSize ?? 0), 0),
  };
}

function summarize(runs) {
  return {
    scores: Object.fromEntries(CATEGORIES.map((c) => [c, median(runs.map((r) => r.scores[c]))])),
    lcp: median(runs.map((r) => r.lcp)),
    tbt: median(runs.map((r) => r.tbt)),
    js: median(runs.map((r) => r.js)),
  };
}

async function main() {
  const stops = [];
  process.on("exit", () => stops.forEach((stop) => stop()));
  if (process.env.AUDIT_BUILD === "1" || !fs.existsSync(path.join(ROOT, DIST_DIR, "BUILD_ID"))) run("npx", ["next", "build"], { cwd: ROOT, env: { ...process.env, SITE_URL: SITE } });
  buildBare();
  stops.push(start(ROOT, PORT, { siteEntry: true }), start(BARE_DIR, PORT + 1));
  await Promise.all([waitForServer(`${SITE}/zh`), waitForServer(BARE)]);

  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const bareRuns = [];
  const pageRuns = PAGES.map(() => []);
  try {
    for (let i = 0; i < RUNS; i++) {
      bareRuns.push(await measureOnce(chrome.port, `${BARE}/`));
      for (const [j, page] of PAGES.entries()) pageRuns[j].push(await measureOnce(chrome.port, `${SITE}${page}`));
    }
  } finally {
    await chrome.kill();
    stops.forEach((stop) => stop());
  }
  const bare = summarize(bareRuns);
  const results = PAGES.map((page, j) => ({ page, ...summarize(pageRuns[j]) }));

  const failures = [];
  const kb = (bytes) => (bytes / 1024).toFixed(1);
  const rows = [{ page: "bare Next.js page (baseline)", baseline: true, ...bare }, ...results].map((r) => {
    const above = r.baseline ? "" : `${r.js >= bare.js ? "+" : ""}${kb(r.js - bare.js)}`;
    return `| ${r.page} | ${CATEGORIES.map((c) => r.scores[c]).join(" | ")} | ${(r.lcp / 1000).toFixed(2)} s | ${Math.round(r.tbt)} ms | ${kb(r.js)} | ${above} |`;
  });
  for (const r of results) {
    for (const c of CATEGORIES) if (r.scores[c] < TARGET.score) failures.push(`${r.page}: ${c} ${r.scores[c]} < ${TARGET.score}`);
    if (r.lcp > TARGET.lcpMs) failures.push(`${r.page}: LCP ${(r.lcp / 1000).toFixed(2)} s > ${TARGET.lcpMs / 1000} s`);
    if (r.tbt > bare.tbt + TARGET.tbtAboveBareMs) failures.push(`${r.page}: TBT ${Math.round(r.tbt)} ms > bare ${Math.round(bare.tbt)} ms + ${TARGET.tbtAboveBareMs} ms`);
    if (isArticle(r.page) && r.js > bare.js + TARGET.articleJsAboveBareBytes) failures.push(`${r.page}: JavaScript ${kb(r.js)} KB > bare ${kb(bare.js)} KB + 30 KB`);
  }

  console.log(`\nLighthouse 12.2.3, mobile, median of ${RUNS} runs each; JS = compressed script bytes transferred:\n`);
  console.log(`| page | ${CATEGORIES.join(" | ")} | LCP | TBT | JS KB | JS KB above bare |`);
  console.log(`|---|${CATEGORIES.map(() => "---:").join("|")}|---:|---:|---:|---:|`);
  for (const row of rows) console.log(row);
  if (failures.length) {
    console.log(`\nBelow target (${failures.length}):\n${failures.map((f) => `  - ${f}`).join("\n")}`);
    process.exit(1);
  }
  console.log("\nEvery page meets every target.");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
