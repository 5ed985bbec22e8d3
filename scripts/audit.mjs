/**
 * `npm run audit`: Lighthouse 12.2.3 (mobile) on the built site, run against
 * Debian's Chromium. Builds if needed, serves on 127.0.0.1, prints a table of
 * the four category scores per page (median of 3 runs), and stops the server.
 * Plain JavaScript: Lighthouse serializes functions into the page, which a
 * TypeScript loader's helpers would break.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const PORT = Number(process.env.AUDIT_PORT ?? 3300);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const PAGES = process.argv.slice(2).length ? process.argv.slice(2) : ["/zh", "/zh/reports/chengyang-rule-of-law", "/en/reports/chengyang-rule-of-law"];
const RUNS = Number(process.env.AUDIT_RUNS ?? 3);
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

async function waitForServer(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not start`);
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID")) {
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(PORT)], { stdio: "ignore", detached: true });
  const stop = () => {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {}
  };
  process.on("exit", stop);
  await waitForServer(`${ORIGIN}/zh`);

  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const rows = [];
  try {
    for (const page of PAGES) {
      const runs = Object.fromEntries(CATEGORIES.map((c) => [c, []]));
      for (let i = 0; i < RUNS; i++) {
        const result = await lighthouse(`${ORIGIN}${page}`, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] });
        for (const category of CATEGORIES) runs[category].push(Math.round((result.lhr.categories[category].score ?? 0) * 100));
      }
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      rows.push(`| ${page} | ${CATEGORIES.map((c) => median(runs[c])).join(" | ")} |`);
    }
  } finally {
    await chrome.kill();
    stop();
  }
  console.log(`Lighthouse 12.2.3, mobile, median of ${RUNS} runs each:\n`);
  console.log(`| page | ${CATEGORIES.join(" | ")} |`);
  console.log(`|---|${CATEGORIES.map(() => "---").join("|")}|`);
  for (const row of rows) console.log(row);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
