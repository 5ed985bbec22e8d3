import { describeDateProblem, readCalendarDate } from "./calendar-date";
import { CATEGORIES, isCategory } from "./categories";
import type { ContentProblem } from "./content-problem";
import type { ReportMeta } from "./report-types";
import type { Lang } from "@/lib/i18n/languages";

const REQUIRED = ["title", "summary", "date", "source", "category"] as const;
const OPTIONAL = ["updated", "originalDate", "draft", "reporter", "correspondent", "comments"] as const;
const KNOWN_KEYS: readonly string[] = [...REQUIRED, ...OPTIONAL];

const EXAMPLES: Record<string, string> = {
  title: 'title: "报道标题 / Report title"',
  summary: 'summary: "一两句话的摘要 / One or two sentences on what the report says"',
  date: 'date: "2026-11-26"',
  updated: 'updated: "2026-12-01"',
  originalDate: 'originalDate: "2026-11-25"',
  source: 'source: "青岛财经日报 / Qingdao Finance Daily"',
  category: `category: "${CATEGORIES[0]}"`,
  draft: "draft: true",
  comments: "comments: false",
  reporter: 'reporter: "记者姓名 / Reporter name"',
  correspondent: 'correspondent: "通讯员姓名 / Correspondent name"',
};

export interface FrontMatterInput {
  data: Record<string, unknown>;
  /** The front matter's text, to find the line of each key. */
  raw: string;
  file: string;
  slug: string;
  lang: Lang;
}

/**
 * Turns untrusted front matter into typed metadata, or says precisely what is
 * wrong with every field.
 */
export function parseFrontMatter(input: FrontMatterInput): { meta?: ReportMeta; problems: ContentProblem[] } {
  const { data, file } = input;
  const problems: ContentProblem[] = [];
  const lineOf = (key: string) => findKeyLine(input.raw, key);
  const problem = (key: string | undefined, message: string, fix: string) =>
    problems.push({ file, line: key ? lineOf(key) ?? 1 : 1, message, fix });

  for (const key of Object.keys(data)) {
    if (!KNOWN_KEYS.includes(key)) {
      const guess = closest(key, KNOWN_KEYS);
      problem(
        key,
        `unknown front-matter field "${key}"`,
        guess ? `did you mean "${guess}"? (write ${EXAMPLES[guess]})` : `remove it; known fields are ${KNOWN_KEYS.join(", ")}`,
      );
    }
  }

  const text = (key: string, required: boolean): string | undefined => {
    const value = data[key];
    if (value === undefined || value === null) {
      if (required) problem(undefined, `front matter is missing "${key}"`, `add a line ${EXAMPLES[key]}`);
      return undefined;
    }
    if (typeof value !== "string" || value.trim() === "") {
      problem(key, `"${key}" must be non-empty text`, `write ${EXAMPLES[key]}`);
      return undefined;
    }
    return value.trim();
  };
  const date = (key: string, required: boolean): string | undefined => {
    const value = data[key];
    if (value === undefined || value === null) {
      if (required) problem(undefined, `front matter is missing "${key}"`, `add a line ${EXAMPLES[key]}`);
      return undefined;
    }
    const date = readCalendarDate(value);
    if ("problem" in date) {
      const { message, fix } = describeDateProblem(key, date);
      problem(key, message, fix);
      return undefined;
    }
    return date.iso;
  };

  const title = text("title", true);
  const summary = text("summary", true);
  const published = date("date", true);
  const updated = date("updated", false);
  const originalDate = date("originalDate", false);
  const source = text("source", true);
  const reporter = text("reporter", false);
  const correspondent = text("correspondent", false);

  let category: string | undefined;
  if (data.category === undefined || data.category === null) {
    problem(undefined, 'front matter is missing "category"', `add a line ${EXAMPLES.category}`);
  } else if (!isCategory(data.category)) {
    problem("category", `unknown category ${JSON.stringify(String(data.category))}`, `use one of: ${CATEGORIES.join(", ")}`);
  } else {
    category = data.category;
  }

  let draft = false;
  if (data.draft !== undefined && data.draft !== null) {
    if (typeof data.draft !== "boolean") {
      problem("draft", `"draft" must be true or false, not ${JSON.stringify(String(data.draft))}`, "write draft: true (or remove the line to publish)");
    } else {
      draft = data.draft;
    }
  }

  // `comments: false` closes the report's comments (readers can read them, not add any).
  let comments = true;
  if (data.comments !== undefined && data.comments !== null) {
    if (typeof data.comments !== "boolean") {
      problem("comments", `"comments" must be true or false, not ${JSON.stringify(String(data.comments))}`, "write comments: false to close comments (or remove the line)");
    } else {
      comments = data.comments;
    }
  }

  if (published && updated && updated < published) {
    problem("updated", `"updated" (${updated}) is before "date" (${published})`, `write an update date on or after ${published}`);
  }

  if (published && originalDate && originalDate > published) {
    problem("originalDate", `"originalDate" (${originalDate}) is after "date" (${published}), the day this site published it`, `write the day the source first published it, on or before ${published}`);
  }

  if (problems.length > 0 || !title || !summary || !published || !source || !category) return { problems };
  return {
    problems,
    meta: {
      slug: input.slug,
      lang: input.lang,
      title,
      summary,
      date: published,
      ...(updated ? { updated } : {}),
      ...(originalDate ? { originalDate } : {}),
      source,
      ...(reporter ? { reporter } : {}),
      ...(correspondent ? { correspondent } : {}),
      category,
      draft,
      ...(comments ? {} : { comments: false as const }),
    },
  };
}

/**
 * Line of `key:` in the file. gray-matter's `matter` keeps the newline that
 * ends the opening `---`, so its first line is the file's line 1.
 */
function findKeyLine(raw: string, key: string): number | undefined {
  const index = raw.split("\n").findIndex((line) => line.startsWith(`${key}:`));
  return index === -1 ? undefined : index + (raw.startsWith("\n") ? 1 : 2);
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(best.candidate.length / 3)) ? best.candidate : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
