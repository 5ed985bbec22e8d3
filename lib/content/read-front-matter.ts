import matter from "gray-matter";
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
 * Content is data, never code. gray-matter picks a parser from the text after
 * the opening `---` (`---js` evaluates the block with `eval`), so any opening
 * line other than a plain `---` is refused before gray-matter sees it, and
 * every engine but YAML throws should anything reach one anyway. YAML is read
 * with the core schema: no timestamps (an unquoted 2026-02-30 would roll over
 * to 2026-03-02), no custom types.
 */
const refuse = () => {
  throw new Error("only YAML front matter is accepted");
};
const readYaml = (text: string): unknown => yaml.safeLoad(text, { schema: yaml.CORE_SCHEMA });
const MATTER_OPTIONS = {
  language: "yaml",
  engines: { yaml: readYaml, yml: readYaml, javascript: refuse, js: refuse, json: refuse, coffee: refuse, cson: refuse, toml: refuse },
};

const OPENING_FIX = "make the first line exactly --- and write the fields as YAML (key: \"value\"), closed by another --- line";

/** Splits a report file into its YAML front matter and its Markdown, or says why it cannot. */
export function readFrontMatter(source: string, file: string): { block?: FrontMatterBlock; problem?: ContentProblem } {
  const text = source.replace(/^\uFEFF/, "");
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
    // gray-matter caches by text only when called without options; ours are always given.
    const parsed = matter(text, MATTER_OPTIONS as Parameters<typeof matter>[1]);
    const data = parsed.data as unknown;
    if (data !== null && (typeof data !== "object" || Array.isArray(data))) {
      return { problem: { file, line: 2, message: "the front matter is not a list of fields", fix: OPENING_FIX } };
    }
    return { block: { data: (data ?? {}) as Record<string, unknown>, raw: parsed.matter, content: parsed.content } };
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
