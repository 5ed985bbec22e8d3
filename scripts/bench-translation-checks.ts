/**
 * `npm run bench:translation-checks`: what the translation checks (figures,
 * drift, glossary) add to reading a report. Parses the Chengyang report's two
 * files (the reference: what content:check does per report anyway) and runs
 * the checks on the parsed pair, each N times, in 5 rounds; prints the median
 * time per report of each and their ratio.
 * Usage: npm run bench:translation-checks [-- N]   (default N = 200)
 */
import fs from "node:fs";
import path from "node:path";
import { checkTranslation } from "@/lib/content/check-translation";
import { loadGlossary } from "@/lib/content/glossary";
import { parseReportSource } from "@/lib/content/parse-report-file";

const n = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 200;
const folder = "content/reports/chengyang-rule-of-law";
const text = { zh: fs.readFileSync(path.join(folder, "zh.md"), "utf8"), en: fs.readFileSync(path.join(folder, "en.md"), "utf8") };
const glossary = loadGlossary("content/glossary.yml").glossary;
const files = { zhFile: `${folder}/zh.md`, enFile: `${folder}/en.md` };
const parse = () => ({
  zh: parseReportSource(text.zh, files.zhFile, { slug: "bench", lang: "zh", publicRoot: "public" }).body!,
  en: parseReportSource(text.en, files.enFile, { slug: "bench", lang: "en", publicRoot: "public" }).body!,
});
const parsed = parse();

function perReport(run: () => unknown): number {
  const started = performance.now();
  for (let i = 0; i < n; i++) run();
  return (performance.now() - started) / n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const parseMs: number[] = [];
const checkMs: number[] = [];
for (let round = 0; round < 5; round++) {
  parseMs.push(perReport(parse));
  checkMs.push(perReport(() => checkTranslation(parsed.zh, parsed.en, files, glossary)));
}
const p = median(parseMs);
const c = median(checkMs);
console.log(`| step (Chengyang report, both languages; median of 5 rounds of ${n}) | per report | of parsing |`);
console.log("|---|---:|---:|");
console.log(`| reference: parse zh.md and en.md (front matter, Markdown, checks) | ${p.toFixed(3)} ms | 100 % |`);
console.log(`| translation checks: figures, drift, glossary (${glossary?.entries.length ?? 0} terms) | ${c.toFixed(3)} ms | ${((c / p) * 100).toFixed(1)} % |`);
console.log(`\nFor 10,000 reports the checks add about ${((c * 10_000) / 1000).toFixed(1)} s of one core.`);
