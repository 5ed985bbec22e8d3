import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { SearchDocument } from "@/lib/search/search-documents";
import { openSearchIndex, SEARCH_INDEX_FORMAT, searchIndexFormat, writeSearchIndex } from "@/lib/search/search-index";
import { indexTerms } from "@/lib/search/tokenize";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "search-index-file-"));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const doc = (i: number, text: string): SearchDocument => ({ slug: `report-${i}`, reportTitle: `报道${i}`, sectionId: `s${i}`, sectionTitle: "一节", text, textLang: "zh" });

describe("search index file", () => {
  it("stores each section flattened, with how to look for matches in it, and says its format", () => {
    const file = path.join(folder, "flat.sqlite");
    writeSearchIndex(file, [{ lang: "zh", documents: [doc(1, "推进\n\n  法治，ＡＢＣ建设"), doc(2, "前文⼀二后文")] }]);
    expect(searchIndexFormat(file)).toBe(SEARCH_INDEX_FORMAT);
    const index = openSearchIndex(file);
    try {
      expect(index.search("zh", ["法治"], 0, 20).hits.map((hit) => hit.text)).toEqual([{ flat: "推进 法治，ＡＢＣ建设", normalizedBy: "nfkc", cjkAsIs: true }]);
      expect(index.search("zh", ["一二"], 0, 20).hits.map((hit) => hit.text)).toEqual([{ flat: "前文⼀二后文", normalizedBy: "nfkc", cjkAsIs: false }]);
    } finally {
      index.close();
    }
  });

  it("counts the matches beyond the page, and knows the total of a last page from its rows", () => {
    const file = path.join(folder, "count.sqlite");
    writeSearchIndex(file, [{ lang: "zh", documents: Array.from({ length: 45 }, (_, i) => doc(i, `第${i}节：法治建设`)) }]);
    const index = openSearchIndex(file);
    try {
      const totals = [0, 20, 40, 60].map((offset) => index.search("zh", ["法治"], offset, 20));
      expect(totals.map((page) => [page.hits.length, page.total])).toEqual([
        [20, 45],
        [20, 45],
        [5, 45],
        [0, 45],
      ]);
    } finally {
      index.close();
    }
  });

  it("refuses to read an index of another format (one written before formats were numbered)", () => {
    const file = path.join(folder, "old.sqlite");
    const db = new Database(file);
    db.exec("CREATE TABLE docs (id INTEGER PRIMARY KEY, slug TEXT NOT NULL, report_title TEXT NOT NULL, section_id TEXT, section_title TEXT, text TEXT NOT NULL, text_lang TEXT NOT NULL)");
    db.exec("CREATE VIRTUAL TABLE terms_zh USING fts5(title, body, content='', detail=none, tokenize='unicode61 remove_diacritics 0'); CREATE VIRTUAL TABLE terms_en USING fts5(title, body, content='', detail=none, tokenize='unicode61 remove_diacritics 0');");
    db.prepare("INSERT INTO terms_zh (rowid, title, body) VALUES (1, '', ?)").run(indexTerms("法治"));
    db.close();
    expect(searchIndexFormat(file)).toBe(0);
    expect(() => openSearchIndex(file)).toThrow(/search index format 0, expected/);
    expect(searchIndexFormat(path.join(folder, "missing.sqlite"))).toBeUndefined();
  });
});
