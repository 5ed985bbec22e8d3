/**
 * `npm run bench:main-thread -- <reference url> <url> ...`: what Lighthouse's
 * TBT is made of, measured more steadily than TBT itself. Loads each URL in
 * Chromium (412 px wide, unthrottled), alternating, AUDIT_RUNS times (7), and
 * reads the performance trace: the main thread's work after the first
 * contentful paint (the sum of its tasks) and "TBT ×4", Lighthouse mobile's
 * estimate (each task's time ×4 CPU slowdown, less 50 ms, summed). Prints
 * medians and each URL's ratio to the first, the reference (a bare Next.js
 * page: `npm run audit` builds one into tests/tmp/audit-bare; serve it with
 * `next start` there). Servers must already be running.
 * Also from each task's thread CPU time (the trace's tdur) rather than its
 * wall time: on a machine other jobs load, a task's wall time grows while the
 * thread waits for a core (TBT ×4 by wall time spread 530–1150 ms over runs of
 * one page there, by CPU time 200–275 ms).
 * Plain JavaScript, like scripts/audit.mjs.
 */
import { chromium } from "@playwright/test";

const urls = process.argv.slice(2);
const RUNS = Number(process.env.AUDIT_RUNS ?? 7);
if (urls.length < 2) {
  console.error("usage: npm run bench:main-thread -- <reference url> <url> ...");
  process.exit(2);
}

async function traceOnce(browser, url) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on("Tracing.dataCollected", (data) => events.push(...data.value));
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline,loading", transferMode: "ReportEvents" });
  await page.goto(url, { waitUntil: "load" });
  // Hydration starts a frame after the first paint and runs in slices: give it time to finish.
  await page.waitForTimeout(2500);
  await cdp.send("Tracing.end");
  await complete;
  await context.close();
  const fcp = events.find((e) => e.name === "firstContentfulPaint");
  if (!fcp) throw new Error(`${url}: no first contentful paint in the trace`);
  const tasks = events.filter((e) => e.pid === fcp.pid && e.tid === fcp.tid && e.name === "RunTask" && e.ph === "X" && e.ts >= fcp.ts);
  const cpu = (t) => (t.tdur ?? t.dur) / 1000;
  return {
    work: tasks.reduce((sum, t) => sum + t.dur / 1000, 0),
    tbt4: tasks.reduce((sum, t) => sum + Math.max(0, (4 * t.dur) / 1000 - 50), 0),
    tbt4cpu: tasks.reduce((sum, t) => sum + Math.max(0, 4 * cpu(t) - 50), 0),
    longestCpu: Math.max(0, ...tasks.map(cpu)),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const runs = urls.map(() => []);
try {
  for (let i = 0; i < RUNS; i++) for (const [j, url] of urls.entries()) runs[j].push(await traceOnce(browser, url));
} finally {
  await browser.close();
}
const results = runs.map((rs) => ({
  work: median(rs.map((r) => r.work)),
  tbt4: median(rs.map((r) => r.tbt4)),
  tbt4cpu: median(rs.map((r) => r.tbt4cpu)),
  longestCpu: median(rs.map((r) => r.longestCpu)),
}));
console.log(`\nMain thread after the first contentful paint, median of ${RUNS} runs (unthrottled; TBT ×4 = Lighthouse mobile's estimate):\n`);
console.log("| page | main-thread work | × reference | TBT ×4 | TBT ×4 above reference | TBT ×4 by CPU time | above reference | longest task, CPU |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const [j, url] of urls.entries()) {
  const r = results[j];
  const ref = results[0];
  const above = (key) => (j === 0 ? "" : `${r[key] >= ref[key] ? "+" : ""}${Math.round(r[key] - ref[key])} ms`);
  console.log(`| ${url}${j === 0 ? " (reference)" : ""} | ${r.work.toFixed(1)} ms | ${(r.work / ref.work).toFixed(2)} | ${Math.round(r.tbt4)} ms | ${above("tbt4")} | ${Math.round(r.tbt4cpu)} ms | ${above("tbt4cpu")} | ${r.longestCpu.toFixed(1)} ms |`);
}
