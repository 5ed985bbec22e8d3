import fs from "node:fs";
import path from "node:path";
import { LANGUAGES, type Lang } from "@/lib/i18n/languages";
import { excerpt, findParagraphMismatches } from "./align-paragraphs";
import { checkTranslation } from "./check-translation";
import type { ContentProblem } from "./content-problem";
import { displayPath } from "./content-root";
import type { Glossary } from "./glossary";
import { cacheKey, readCached, writeCached } from "./parse-cache";
import { joinBlocks, parseReportFile, parseReportSource, type ParsedReportFile } from "./parse-report-file";
import { KEBAB_CASE } from "./remark-heading-ids";
import type { ContentBlock, LocalizedReport, Report } from "./report-types";

const parsedFiles = new Map<string, { mtimeMs: number; parsed: ParsedReportFile }>();

/**
 * Parses each language file of a report folder once per process (again in dev
 * only when the file changes), and keeps the results in the content cache,
 * one entry per folder keyed by the files' text, so the next content:check,
 * build worker or server reuses them. One entry, not one per file: creating a
 * file is most of what writing the cache costs (up to a millisecond of kernel
 * time each on a busy disk), and a cold check writes one per report. Files
 * with images are always parsed: whether the image exists is not part of the text.
 */
function parseLanguageFiles(folder: string, slug: string, langs: Lang[], publicRoot: string): Partial<Record<Lang, ParsedReportFile>> {
  const parsed: Partial<Record<Lang, ParsedReportFile>> = {};
  const read: { lang: Lang; filePath: string; file: string; source: string; mtimeMs: number }[] = [];
  for (const lang of langs) {
    const filePath = path.join(folder, `${lang}.md`);
    const mtimeMs = fs.statSync(filePath).mtimeMs;
    const remembered = parsedFiles.get(filePath);
    if (remembered && remembered.mtimeMs === mtimeMs) {
      parsed[lang] = remembered.parsed;
      continue;
    }
    try {
      read.push({ lang, filePath, file: displayPath(filePath), source: fs.readFileSync(filePath, "utf8"), mtimeMs });
    } catch {
      parsed[lang] = parseReportFile(filePath, { slug, lang, publicRoot });
    }
  }
  const cacheable = read.filter(({ source }) => !source.includes("!["));
  const key = cacheable.length > 0 ? cacheKey("report-files", slug, publicRoot, ...cacheable.flatMap(({ lang, file, source }) => [lang, file, source])) : "";
  const stored = key ? readCached<Partial<Record<Lang, ParsedReportFile>>>("reports", key) : undefined;
  let parsedAny = false;
  for (const { lang, filePath, file, source, mtimeMs } of read) {
    const fromStore = cacheable.some((c) => c.lang === lang) ? stored?.[lang] : undefined;
    const result = fromStore ? fromCache(fromStore) : parseReportSource(source, file, { slug, lang, publicRoot });
    if (!fromStore) parsedAny = true;
    parsed[lang] = result;
    // Only the dev server re-reads the folder on every request; elsewhere this would hold every body.
    if (process.env.NODE_ENV === "development") parsedFiles.set(filePath, { mtimeMs, parsed: result });
  }
  if (key && parsedAny) writeCached("reports", key, Object.fromEntries(cacheable.map(({ lang }) => [lang, toCache(parsed[lang]!)])));
  return parsed;
}

type Body = NonNullable<ParsedReportFile["body"]>;

/**
 * The cached form stores each text once: a published file's body is its
 * report's lede and sections, and a part's html and text are its blocks'
 * joined; reading the cache is then half the JSON to parse. A block that is a
 * plain paragraph (its html is its text escaped, in <p>) keeps only its text,
 * which makes the entries 40 % smaller to write (a cold check writes one per
 * report) and to read.
 */
function toCache(parsed: ParsedReportFile): ParsedReportFile {
  const strip = <T extends Part>(part: T): T => ({ ...part, html: "", text: "", blocks: part.blocks.map(compactBlock) });
  const body = (b: Body): Body => ({ lede: strip(b.lede), sections: b.sections.map(strip) });
  if (parsed.report) return { ...parsed, body: undefined, report: { ...parsed.report, ...body(parsed.report) } };
  return parsed.body ? { ...parsed, body: body(parsed.body) } : parsed;
}

function fromCache(stored: ParsedReportFile): ParsedReportFile {
  const join = <T extends Part>(part: T): T => {
    const blocks = part.blocks.map(expandBlock);
    return { ...part, blocks, ...joinBlocks(blocks) };
  };
  const body = (b: Body): Body => ({ lede: join(b.lede), sections: b.sections.map(join) });
  if (stored.report) {
    const report = { ...stored.report, ...body(stored.report) };
    return { ...stored, report, body: { lede: report.lede, sections: report.sections } };
  }
  return stored.body ? { ...stored, body: body(stored.body) } : stored;
}

type Part = { html: string; text: string; blocks: ContentBlock[] };

/** The html the Markdown processor gives a paragraph of plain text (hast-util-to-html escapes & and < in text). */
function plainParagraphHtml(text: string): string {
  return `<p>${text.replaceAll("&", "&#x26;").replaceAll("<", "&#x3C;")}</p>`;
}

/** Without its html when the html is the plain paragraph of its text; compared, so nothing is lost whatever the block holds. */
function compactBlock(block: ContentBlock): ContentBlock {
  if (block.html !== plainParagraphHtml(block.text)) return block;
  return { ...block, html: undefined as unknown as string }; // JSON.stringify leaves the key out
}

function expandBlock(block: ContentBlock): ContentBlock {
  // html first, where a fresh parse puts it (the stored block has no html key).
  return block.html === undefined ? Object.assign({ html: plainParagraphHtml(block.text) }, block) : block;
}

/** Reads one report folder (`<slug>/zh.md`, optional `<slug>/en.md`) and checks the languages agree. */
export function loadReportFolder(folder: string, publicRoot: string, glossary?: Glossary): { report?: Report; problems: ContentProblem[]; warnings: ContentProblem[] } {
  const slug = path.basename(folder);
  const where = displayPath(folder);
  const problems: ContentProblem[] = [];
  const warnings: ContentProblem[] = [];
  if (!KEBAB_CASE.test(slug)) {
    const suggestion = slug.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "report-name";
    problems.push({ file: where, message: `folder name "${slug}" is not a valid slug`, fix: `rename it to lowercase ASCII words joined by hyphens, e.g. ${suggestion}` });
  }
  const expected = new Set(LANGUAGES.map((lang) => `${lang}.md`));
  for (const entry of fs.readdirSync(folder)) {
    if (!expected.has(entry) && !entry.startsWith(".")) {
      problems.push({ file: `${where}/${entry}`, message: `unexpected file "${entry}" in a report folder`, fix: `a report folder holds only ${[...expected].join(" and ")}; rename or remove it` });
    }
  }

  const present = LANGUAGES.filter((lang) => fs.existsSync(path.join(folder, `${lang}.md`)));
  const parsed = parseLanguageFiles(folder, slug, present, publicRoot);
  for (const lang of LANGUAGES) {
    if (!parsed[lang]) {
      if (lang === "zh") problems.push({ file: `${where}/zh.md`, message: "the Chinese text is missing", fix: "every report needs zh.md; run npm run new-report -- <slug> for a template" });
      continue;
    }
    problems.push(...parsed[lang]!.problems);
  }

  const zh = parsed.zh;
  const en = parsed.en;
  if (zh && en) problems.push(...compareLanguages(zh, en, `${where}/en.md`));
  if (zh?.body && en?.body) {
    const translation = checkTranslation(zh.body, en.body, { zhFile: `${where}/zh.md`, enFile: `${where}/en.md` }, glossary);
    problems.push(...translation.errors);
    warnings.push(...translation.warnings);
  }
  if (problems.length > 0 || !zh?.report) return { problems, warnings };
  const languages: Report["languages"] = { zh: zh.report };
  if (en?.report) languages.en = en.report;
  return { problems, warnings, report: { slug, languages } };
}

/** The English file must have the same sections, in the same order, as the Chinese one. */
function compareLanguages(zh: ParsedReportFile, en: ParsedReportFile, enFile: string): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const zhIds = zh.headings.map((h) => h.id);
  const enIds = en.headings.map((h) => h.id);
  const firstDiff = Array.from({ length: Math.max(zhIds.length, enIds.length) }).findIndex((_, i) => zhIds[i] !== enIds[i]);
  if (firstDiff !== -1 && zhIds.length > 0) {
    const line = en.headings[firstDiff]?.line ?? en.headings.at(-1)?.line;
    const got = enIds[firstDiff] ? `"${enIds[firstDiff]}"` : "nothing";
    const want = zhIds[firstDiff] ? `"${zhIds[firstDiff]}"` : "no further section";
    problems.push({
      file: enFile,
      line,
      message: `section ${firstDiff + 1} has id ${got} where zh.md has ${want}`,
      fix: `use the same ids in the same order as zh.md: ${zhIds.join(", ")}`,
    });
  }
  problems.push(...compareParagraphs(zh, en, enFile));
  const zhMeta = zh.report?.meta;
  const enMeta = en.report?.meta;
  if (zhMeta && enMeta) {
    for (const key of ["date", "category"] as const) {
      if (zhMeta[key] !== enMeta[key]) {
        problems.push({ file: enFile, message: `"${key}" is ${enMeta[key]} but zh.md says ${zhMeta[key]}`, fix: `write ${key}: "${zhMeta[key]}" as in zh.md` });
      }
    }
  }
  return problems;
}

/**
 * 中英对照 pairs paragraphs by position, so every part needs as many English
 * paragraphs as Chinese ones; the message names where they start to drift.
 */
function compareParagraphs(zh: ParsedReportFile, en: ParsedReportFile, enFile: string): ContentProblem[] {
  if (!zh.body || !en.body) return [];
  const enBody = en.body;
  return findParagraphMismatches(zh.body, enBody).map(({ sectionId, zhCount, enCount, driftIndex }) => {
    const zhBlocks = sectionId === undefined ? zh.body!.lede.blocks : zh.body!.sections.find((s) => s.id === sectionId)!.blocks;
    const enBlocks = sectionId === undefined ? enBody.lede.blocks : enBody.sections.find((s) => s.id === sectionId)!.blocks;
    const part = sectionId === undefined ? "the lede" : `section "${sectionId}"`;
    const quote = (blocks: typeof zhBlocks, lang: "zh" | "en") => {
      const block = blocks[driftIndex];
      return block ? `"${excerpt(block.text, lang)}"` : "nothing";
    };
    const headingLine = en.headings.find((h) => h.id === sectionId)?.line;
    const line = enBlocks[driftIndex]?.line ?? (sectionId === undefined ? enBlocks.at(-1)?.line : headingLine);
    return {
      file: enFile,
      line,
      message: `${part} has ${enCount} English ${enCount === 1 ? "paragraph" : "paragraphs"} but ${zhCount} Chinese ${zhCount === 1 ? "one" : "ones"}; they drift at paragraph ${driftIndex + 1} (zh: ${quote(zhBlocks, "zh")} / en: ${quote(enBlocks, "en")})`,
      fix: "give each Chinese paragraph exactly one English paragraph",
    };
  });
}

export type { LocalizedReport };
