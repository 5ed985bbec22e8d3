import yaml from "js-yaml";
import type { ContentProblem } from "./content-problem";

export interface FrontMatterBlock {
  /** The fields, as YAML's core schema reads them (dates stay text, so impossible ones can be refused). */
  data: Record<string, unknown>;
  /** The front matter's text, to find the line of each key. */
  raw: string;
  /** The Markdown after the closing ---. */
  content: string;
}

/**
 * Content is data, never code. The block between the `---` lines is only ever
 * read as YAML (gray-matter, which this replaced, picked a parser from the
 * text after the opening `---`, and `---js` ran the block with `eval`); any
 * opening line other than a plain `---` is refused. YAML is read with the
 * core schema: no timestamps (an unquoted 2026-02-30 would roll over to
 * 2026-03-02), no custom types.
 */
const readYaml = (text: string): unknown => yaml.safeLoad(text, { schema: yaml.CORE_SCHEMA });

/**
 * Splits the text as gray-matter did, to the character (the lines of
 * problems depend on it): the block runs from after the opening `---` to the
 * next line starting with `---`, and the Markdown starts after that line's
 * `---` and one line break. gray-matter also looked its input up in a cache
 * keyed by the whole text, which cost more than splitting it.
 */
function splitFrontMatter(text: string): FrontMatterBlock {
  if (!text.startsWith("---")) return { data: {}, raw: "", content: text };
  const rest = text.slice(3);
  const close = rest.indexOf("\n---");
  const end = close === -1 ? rest.length : close;
  const raw = rest.slice(0, end);
  // Only comments, or nothing: no fields (YAML would read null).
  const data = raw.replace(/^\s*#[^\n]+/gm, "").trim() === "" ? {} : (readYaml(raw) as Record<string, unknown>);
  let content = close === -1 ? "" : rest.slice(close + 4);
  if (content.startsWith("\r")) content = content.slice(1);
  if (content.startsWith("\n")) content = content.slice(1);
  return { data, raw, content };
}

const OPENING_FIX = "make the first line exactly --- and write the fields as YAML (key: \"value\"), closed by another --- line";

/** Splits a report file into its YAML front matter and its Markdown, or says why it cannot. */
export function readFrontMatter(source: string, file: string): { block?: FrontMatterBlock; problem?: ContentProblem } {
  // Every byte-order mark (gray-matter removed a second one after this check had looked at the first line).
  const text = source.replace(/^\uFEFF+/, "");
  const end = text.indexOf("\n");
  const firstLine = (end === -1 ? text : text.slice(0, end)).trimEnd();
  if (firstLine.startsWith("---") && firstLine !== "---") {
    return {
      problem: {
        file,
        line: 1,
        message: `the front matter opens with "${firstLine.slice(0, 40)}"; only YAML front matter is accepted, and nothing in a report is ever run`,
        fix: OPENING_FIX,
      },
    };
  }
  try {
    const parsed = splitFrontMatter(text);
    const data = parsed.data as unknown;
    if (data !== null && (typeof data !== "object" || Array.isArray(data))) {
      return { problem: { file, line: 2, message: "the front matter is not a list of fields", fix: OPENING_FIX } };
    }
    return { block: { ...parsed, data: (data ?? {}) as Record<string, unknown> } };
  } catch (error) {
    // js-yaml counts lines from 0 within the front matter, which starts on the opening --- line.
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    return {
      problem: {
        file,
        line: mark?.line !== undefined ? mark.line + 1 : 1,
        message: `front matter is not valid YAML (${reason})`,
        fix: 'write each field as key: "value" between the two --- lines, quoting text that contains a colon',
      },
    };
  }
}
