import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAllReports } from "@/lib/content/check/check-all-reports";
import { getReports, storeCheckedSummaries } from "@/lib/content/reports";
import { writeSyntheticReports } from "../../scripts/synthetic-reports";

/**
 * next build hands its workers and the built server the key under which
 * content:check stored the summaries (CONTENT_INDEX), so they need not hash
 * every file before their first page: they list what the check passed.
 */
const saved = { ...process.env };
let base: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), "content-index-key-"));
  process.env.CONTENT_CACHE_DIR = path.join(base, "cache");
  (process.env as Record<string, string>).NODE_ENV = "production";
});

afterAll(() => {
  process.env = saved;
  fs.rmSync(base, { recursive: true, force: true });
});

function checkedFolder(name: string): { root: string } {
  const root = path.join(base, name);
  writeSyntheticReports(root, 3);
  return { root };
}

/** A fresh process: the index a production process reads once is held on globalThis. */
function forgetIndex() {
  delete (globalThis as { [key: symbol]: { index?: unknown } })[Symbol.for("yangguang.content.publishedIndex")]!.index;
}

describe("the checked summaries' key (CONTENT_INDEX)", () => {
  it("serves the reports the check passed, without reading the folder again", async () => {
    const { root } = checkedFolder("built");
    const checked = await checkAllReports(root, "public");
    const index = storeCheckedSummaries(root, checked.reports)!;
    expect(JSON.parse(index)).toMatchObject({ root });
    process.env.CONTENT_DIR = root;
    process.env.CONTENT_INDEX = index;
    forgetIndex();
    // Edited after the build: the built site keeps listing what was checked and built.
    const zh = path.join(root, "synthetic-report-00000", "zh.md");
    fs.writeFileSync(zh, fs.readFileSync(zh, "utf8").replace("合成报道第0号", "构建之后改的标题"));
    expect(getReports().map((r) => r.languages.zh.meta.title)).toEqual(["合成报道第0号", "合成报道第1号", "合成报道第2号"]);
  });

  it("is ignored for another content folder, or when it is not what the build writes", async () => {
    const { root: built } = checkedFolder("other-build");
    const index = storeCheckedSummaries(built, (await checkAllReports(built, "public")).reports)!;
    const { root } = checkedFolder("served");
    const zh = path.join(root, "synthetic-report-00001", "zh.md");
    fs.writeFileSync(zh, fs.readFileSync(zh, "utf8").replace("合成报道第1号", "另一个文件夹"));
    process.env.CONTENT_DIR = root;
    for (const value of [index, "{not json", JSON.stringify({ root, key: "../../etc/passwd" })]) {
      process.env.CONTENT_INDEX = value;
      forgetIndex();
      expect(getReports().map((r) => r.languages.zh.meta.title), value).toContain("另一个文件夹");
    }
  });
});
