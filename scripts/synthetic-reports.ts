/**
 * Synthetic reports for benchmarks and scale tests: the Chengyang report's
 * text (so length and structure are realistic) under new slugs, titles, dates
 * and categories. One report a day going back from 2026-11-26; every 7th has
 * no English (a Chinese-only report); each title carries its number, so a test
 * can find one report by searching for it.
 */
import fs from "node:fs";
import path from "node:path";
import { CATEGORIES } from "../lib/content/categories";

/** Scripts and tests run from the project root (npm scripts, playwright). */
const ROOT = process.cwd();
const source = {
  zh: fs.readFileSync(path.join(ROOT, "content/reports/chengyang-rule-of-law/zh.md"), "utf8"),
  en: fs.readFileSync(path.join(ROOT, "content/reports/chengyang-rule-of-law/en.md"), "utf8"),
};

export interface SyntheticReport {
  slug: string;
  date: string;
  category: string;
  chineseOnly: boolean;
  title: { zh: string; en: string };
}

export function syntheticReport(i: number): SyntheticReport {
  const date = new Date(Date.UTC(2026, 10, 26) - i * 86_400_000).toISOString().slice(0, 10);
  return {
    slug: `synthetic-report-${String(i).padStart(5, "0")}`,
    date,
    category: CATEGORIES[i % CATEGORIES.length]!,
    chineseOnly: i % 7 === 6,
    title: { zh: `合成报道第${i}号`, en: `Synthetic report number ${i}` },
  };
}

/** Writes reports 0..n-1 under `root` (one folder each); returns what was written. */
export function writeSyntheticReports(root: string, n: number): SyntheticReport[] {
  const written: SyntheticReport[] = [];
  for (let i = 0; i < n; i++) {
    const report = syntheticReport(i);
    fs.mkdirSync(path.join(root, report.slug), { recursive: true });
    for (const lang of ["zh", "en"] as const) {
      if (lang === "en" && report.chineseOnly) continue;
      const text = source[lang]
        .replace(/^title: ".*"$/m, `title: "${report.title[lang]}"`)
        .replace(/^date: ".*"$/m, `date: "${report.date}"`)
        .replace(/^updated: ".*"\n/m, "")
        .replace(/^category: ".*"$/m, `category: "${report.category}"`);
      fs.writeFileSync(path.join(root, report.slug, `${lang}.md`), text);
    }
    written.push(report);
  }
  return written;
}
