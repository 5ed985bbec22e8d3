/**
 * `npm run bench:content`: how content checking and the production build grow
 * with the number of reports. Generates N synthetic reports (both languages,
 * seven sections, the length of the Chengyang report) in a temporary content
 * root, then times `content:check` (median of 3 runs, as a fresh process like
 * an editor runs it) and `next build` (one run; it dominates) for each N.
 * Usage: npm run bench:content [-- 10 100 500]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const counts = SIZES.length > 0 ? SIZES : [10, 100, 500];
const SECTION_IDS = ["functions", "decision-making", "enforcement", "oversight", "dispute-resolution", "staff-capability", "leadership"];
const source = {
  zh: fs.readFileSync("content/reports/chengyang-rule-of-law/zh.md", "utf8"),
  en: fs.readFileSync("content/reports/chengyang-rule-of-law/en.md", "utf8"),
};

/** The real report's text under a new slug, title and date, so length and structure are realistic. */
function writeReports(root: string, n: number) {
  for (let i = 0; i < n; i++) {
    const slug = `synthetic-report-${String(i).padStart(4, "0")}`;
    const date = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    fs.mkdirSync(path.join(root, slug), { recursive: true });
    for (const lang of ["zh", "en"] as const) {
      const text = source[lang]
        .replace(/^title: "(.*)"$/m, (_m, title: string) => `title: "${title} ${i}"`)
        .replace(/^date: ".*"$/m, `date: "${date}"`);
      fs.writeFileSync(path.join(root, slug, `${lang}.md`), text);
    }
  }
}

function timed(command: string[], env: Record<string, string>): { ms: number; ok: boolean; output: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, command, { env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { ms: performance.now() - started, ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: string[] = [];
for (const n of counts) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `bench-content-${n}-`));
  try {
    writeReports(root, n);
    const checks = [0, 1, 2].map(() => timed(["--import", "tsx", "scripts/content-check.ts"], { CONTENT_DIR: root }));
    if (!checks.every((c) => c.ok)) throw new Error(checks[0]!.output);
    const build = timed(["node_modules/next/dist/bin/next", "build"], { CONTENT_DIR: root, NEXT_DIST_DIR: ".next-bench" });
    if (!build.ok) throw new Error(build.output.slice(-3000));
    const pages = /Generating static pages[^(]*\((\d+)\/(\d+)\)/g;
    let total = "?";
    for (const match of build.output.matchAll(pages)) total = match[2]!;
    const checkMs = median(checks.map((c) => c.ms));
    rows.push(`| ${n} | ${(checkMs / 1000).toFixed(2)} s | ${(build.ms / 1000).toFixed(1)} s | ${total} | ${((build.ms / n) / 1000).toFixed(3)} s |`);
    console.error(`N=${n}: check ${(checkMs / 1000).toFixed(2)} s, build ${(build.ms / 1000).toFixed(1)} s`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(".next-bench", { recursive: true, force: true });
  }
}
console.log(`\ncontent:check (median of 3, fresh process) and next build (1 run), ${os.cpus().length} cores:\n`);
console.log("| reports | content:check | next build | static pages | build per report |");
console.log("|---|---|---|---|---|");
for (const row of rows) console.log(row);
