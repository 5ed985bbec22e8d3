import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { LANGUAGES, type Lang } from "@/lib/i18n/languages";
import type { SearchDocument } from "./search-documents";
import { snippetText, type SnippetText } from "./snippet-text";
import { indexTerms } from "./tokenize";

/**
 * The search index: SQLite FTS5 (through better-sqlite3, already the comment
 * store's driver) over terms made by our own tokenizer (Chinese bigrams,
 * stemmed English), so the built-in tokenizer only splits on spaces. Each
 * language has its own contentless table (`detail=none`: no positions, the
 * smallest index) whose rowids follow the reports newest first, so the first
 * page of a query that matches thousands of sections reads only as many
 * postings as it shows. `docs` holds each section's text for snippets as
 * they read it (snippetText: flattened, with how matches can be looked for
 * in it), made once here rather than for every hit of every query; small
 * columns come before the text, so reading them never walks the text's pages.
 * The file is built once per content version and opened read-only by every
 * process, so memory does not grow with the archive.
 */
export interface SearchHit extends Omit<SearchDocument, "text"> {
  id: number;
  text: SnippetText;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Matches counted up to COUNT_LIMIT; `total > COUNT_LIMIT - 1` means "at least". */
  total: number;
}

export const COUNT_LIMIT = 1000;

/**
 * What the file holds, kept in its `user_version`: raised with every change
 * to the schema or to what a column means. The file's name already changes
 * with this code (the content version covers lib/search's source), so this
 * is the second lock: a file of another format is never read as this one.
 */
export const SEARCH_INDEX_FORMAT = 2;

const SCHEMA = `
  CREATE TABLE docs (id INTEGER PRIMARY KEY, slug TEXT NOT NULL, report_title TEXT NOT NULL, section_id TEXT, section_title TEXT, text_lang TEXT NOT NULL, normalized_by TEXT NOT NULL, cjk_as_is INTEGER NOT NULL, text TEXT NOT NULL);
  ${LANGUAGES.map((lang) => `CREATE VIRTUAL TABLE terms_${lang} USING fts5(title, body, content='', detail=none, tokenize='unicode61 remove_diacritics 0');`).join("\n")}
`;

/**
 * Writes a new index file from `documents` (per language, newest report
 * first): into a temporary file, renamed into place when complete, so a
 * reader never opens half an index.
 */
export function writeSearchIndex(file: string, documents: Iterable<{ lang: Lang; documents: SearchDocument[] }>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const db = new Database(temporary);
  try {
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.pragma("cache_size = -65536");
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SEARCH_INDEX_FORMAT}`);
    // Merging segments while loading is work the final 'optimize' redoes: merge once, at the end.
    db.exec(LANGUAGES.map((lang) => `INSERT INTO terms_${lang}(terms_${lang}, rank) VALUES ('automerge', 0);`).join("\n"));
    const insertDoc = db.prepare("INSERT INTO docs (id, slug, report_title, section_id, section_title, text_lang, normalized_by, cjk_as_is, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const insertTerms = Object.fromEntries(LANGUAGES.map((lang) => [lang, db.prepare(`INSERT INTO terms_${lang} (rowid, title, body) VALUES (?, ?, ?)`)]));
    let id = 0;
    const insertBatch = db.transaction((lang: Lang, batch: SearchDocument[]) => {
      for (const doc of batch) {
        id++;
        const text = snippetText(doc.text);
        insertDoc.run(id, doc.slug, doc.reportTitle, doc.sectionId ?? null, doc.sectionTitle ?? null, doc.textLang, text.normalizedBy, text.cjkAsIs ? 1 : 0, text.flat);
        insertTerms[lang]!.run(id, indexTerms(`${doc.reportTitle} ${doc.sectionTitle ?? ""}`), indexTerms(doc.text));
      }
    });
    // A transaction per few dozen reports, not per report: 20,000 commits at 10,000 reports.
    let pending: { lang: Lang; documents: SearchDocument[] }[] = [];
    const flush = db.transaction((batches: typeof pending) => {
      for (const { lang, documents: batch } of batches) insertBatch(lang, batch);
    });
    for (const batch of documents) {
      pending.push(batch);
      if (pending.length >= 100) {
        flush(pending);
        pending = [];
      }
    }
    flush(pending);
    db.exec(LANGUAGES.map((lang) => `INSERT INTO terms_${lang}(terms_${lang}) VALUES ('optimize');`).join("\n"));
    db.close();
    fs.renameSync(temporary, file);
  } catch (error) {
    if (db.open) db.close();
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

export interface SearchIndex {
  search(lang: Lang, terms: string[], offset: number, limit: number): SearchPage;
  close(): void;
}

/** The format of an index file (its `user_version`; 0 before formats were numbered), or undefined when it cannot be read. */
export function searchIndexFormat(file: string): number | undefined {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.pragma("user_version", { simple: true }) as number;
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

/** Opens an index file read-only; refuses one of another format. Terms must come from the same tokenizer (`tokenize`). */
export function openSearchIndex(file: string): SearchIndex {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const format = db.pragma("user_version", { simple: true }) as number;
  if (format !== SEARCH_INDEX_FORMAT) {
    db.close();
    throw new Error(`${file}: search index format ${format}, expected ${SEARCH_INDEX_FORMAT}: rebuild it (npm run search:index)`);
  }
  const statements = Object.fromEntries(
    LANGUAGES.map((lang) => [
      lang,
      {
        page: db.prepare(
          `SELECT d.id, d.slug, d.report_title, d.section_id, d.section_title, d.text_lang, d.normalized_by, d.cjk_as_is, d.text FROM (SELECT rowid FROM terms_${lang} WHERE terms_${lang} MATCH ? ORDER BY rowid LIMIT ? OFFSET ?) m JOIN docs d ON d.id = m.rowid ORDER BY d.id`,
        ),
        count: db.prepare(`SELECT count(*) AS n FROM (SELECT rowid FROM terms_${lang} WHERE terms_${lang} MATCH ? LIMIT ${COUNT_LIMIT})`),
      },
    ]),
  );
  return {
    search(lang, terms, offset, limit) {
      if (terms.length === 0) return { hits: [], total: 0 };
      // Terms are letters and digits only (the tokenizer's output); quoting makes each a plain string.
      const match = terms.map((term) => `"${term.replace(/"/g, '""')}"`).join(" AND ");
      const { page, count } = statements[lang]!;
      const rows = page.all(match, limit, offset) as { id: number; slug: string; report_title: string; section_id: string | null; section_title: string | null; text_lang: Lang; normalized_by: SnippetText["normalizedBy"]; cjk_as_is: number; text: string }[];
      const total = (count.get(match) as { n: number }).n;
      return {
        total,
        hits: rows.map((row) => ({
          id: row.id,
          slug: row.slug,
          reportTitle: row.report_title,
          ...(row.section_id ? { sectionId: row.section_id } : {}),
          ...(row.section_title ? { sectionTitle: row.section_title } : {}),
          text: { flat: row.text, normalizedBy: row.normalized_by, cjkAsIs: row.cjk_as_is === 1 },
          textLang: row.text_lang,
        })),
      };
    },
    close: () => db.close(),
  };
}
