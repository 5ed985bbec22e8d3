import fs from "node:fs";
import yaml from "js-yaml";
import type { ContentProblem } from "./content-problem";
import { displayPath } from "./content-root";

/** Chinese term → the English renderings a translation may use (content/glossary.yml). */
export interface GlossaryEntry {
  term: string;
  renderings: string[];
  /** Lower-cased renderings, compared with the lower-cased English paragraph. */
  lowered: string[];
}

export interface Glossary {
  file: string;
  entries: GlossaryEntry[];
}

/** Parses the glossary's text: a YAML map of term to one rendering or a list of them. */
export function parseGlossary(text: string, file: string): { glossary?: Glossary; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  let data: unknown;
  try {
    data = yaml.safeLoad(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    return { problems: [{ file, line: mark?.line !== undefined ? mark.line + 1 : undefined, message: `the glossary is not valid YAML (${reason})`, fix: 'write one term a line: 中文术语: "English rendering", or a list ["one", "another"]' }] };
  }
  if (data === null || data === undefined) return { glossary: { file, entries: [] }, problems };
  if (typeof data !== "object" || Array.isArray(data)) {
    return { problems: [{ file, line: 1, message: "the glossary is not a list of terms", fix: 'write one term a line: 中文术语: "English rendering"' }] };
  }
  const lines = text.split("\n");
  const entries: GlossaryEntry[] = [];
  for (const [term, value] of Object.entries(data as Record<string, unknown>)) {
    const renderings = (Array.isArray(value) ? value : [value]).filter((r): r is string => typeof r === "string" && r.trim() !== "").map((r) => r.trim());
    if (renderings.length === 0 || renderings.length !== (Array.isArray(value) ? value.length : 1)) {
      const line = lines.findIndex((l) => l.trimStart().startsWith(`${term}:`)) + 1 || undefined;
      problems.push({ file, line, message: `glossary term "${term}" has no English rendering`, fix: `write ${term}: "English rendering" (or a list of accepted renderings)` });
      continue;
    }
    entries.push({ term, renderings, lowered: renderings.map(normalizeEnglish) });
  }
  return problems.length > 0 ? { problems } : { glossary: { file, entries }, problems };
}

const cache = new Map<string, { mtimeMs: number; result: ReturnType<typeof parseGlossary> }>();

/** Reads a glossary file once per process (again when it changes); no file means no glossary. */
export function loadGlossary(filePath: string): ReturnType<typeof parseGlossary> {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(filePath).mtimeMs;
  } catch {
    return { problems: [] };
  }
  const cached = cache.get(filePath);
  if (cached && cached.mtimeMs === mtimeMs) return cached.result;
  const result = parseGlossary(fs.readFileSync(filePath, "utf8"), displayPath(filePath));
  cache.set(filePath, { mtimeMs, result });
  return result;
}

/** Glossary terms of a Chinese paragraph whose English pair uses none of the renderings. */
export function glossaryMisses(glossary: Glossary, zhText: string, enText: string): GlossaryEntry[] {
  let lowered: string | undefined;
  const misses: GlossaryEntry[] = [];
  for (const entry of glossary.entries) {
    if (!zhText.includes(entry.term)) continue;
    lowered ??= normalizeEnglish(enText);
    if (!entry.lowered.some((rendering) => lowered!.includes(rendering))) misses.push(entry);
  }
  return misses;
}

/** Case and apostrophe style do not make a rendering different. */
function normalizeEnglish(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'");
}
