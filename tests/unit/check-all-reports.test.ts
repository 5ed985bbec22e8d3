import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAllReports } from "@/lib/content/check/check-all-reports";
import { loadAllReports, summarize } from "@/lib/content/reports";
import { writeSyntheticReports } from "../../scripts/synthetic-reports";

const FIXTURES = "tests/fixtures/content-errors";
let base: string;
let root: string;

/**
 * A folder large enough for the check to use worker threads, holding good
 * reports, broken ones (each fixture's report under a slug of its own, spread
 * among the good ones), a stray file and a glossary whose terms are missed.
 */
beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), "check-all-reports-"));
  root = path.join(base, "reports");
  process.env.CONTENT_CACHE_DIR = path.join(base, "cache");
  writeSyntheticReports(root, 120);
  const broken = ["broken-section-link", "duplicate-heading-id", "paragraph-drift", "figure-changed", "missing-title", "section-ids-differ", "invalid-yaml"];
  for (const [i, name] of broken.entries()) {
    const from = path.join(FIXTURES, name);
    const folder = fs.readdirSync(from).find((entry) => fs.statSync(path.join(from, entry)).isDirectory())!;
    fs.cpSync(path.join(from, folder), path.join(root, `synthetic-report-${String(i * 17).padStart(5, "0")}-${name}`), { recursive: true });
  }
  fs.cpSync(path.join(FIXTURES, "glossary-miss", "glossary.yml"), path.join(base, "glossary.yml"));
  fs.cpSync(path.join(FIXTURES, "glossary-miss", "reports", "sample-report"), path.join(root, "synthetic-report-00050-glossary-miss"), { recursive: true });
  fs.writeFileSync(path.join(root, "notes.txt"), "a stray file");
});

afterAll(() => {
  delete process.env.CONTENT_CACHE_DIR;
  fs.rmSync(base, { recursive: true, force: true });
});

describe("checkAllReports (content:check across worker threads)", () => {
  it("reports the same problems, warnings and reports, in the same order, as one thread", async () => {
    const one = loadAllReports(root, "public", summarize);
    const parallel = await checkAllReports(root, "public", { threads: 2, sample: false });
    expect(one.problems.length).toBeGreaterThanOrEqual(8);
    expect(one.warnings.length).toBeGreaterThan(0);
    expect(parallel.problems).toEqual(one.problems);
    expect(parallel.warnings).toEqual(one.warnings);
    expect(parallel.reports).toEqual(one.reports);
    expect(parallel.reports).toHaveLength(121);
    expect(parallel.problems.map((p) => p.file)).toContain(path.join(root, "notes.txt"));
    // Sampled: the first folders here, the rest wherever it is quicker; the answer is the same.
    expect(await checkAllReports(root, "public", { threads: 2 })).toEqual(parallel);
  }, 120_000);
});
