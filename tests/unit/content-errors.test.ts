import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem } from "@/lib/content/content-problem";
import { loadAllReports } from "@/lib/content/reports";

const FIXTURES = "tests/fixtures/content-errors";
const zh = (name: string) => `${FIXTURES}/${name}/sample-report/zh.md`;
const TITLE_EXAMPLE = 'title: "报道标题 / Report title"';

/** Each kind of editor mistake, and the exact line an editor is shown for it. */
const EXPECTED: Record<string, string[]> = {
  "missing-title": [`${zh("missing-title")}:1: front matter is missing "title"; add a line ${TITLE_EXAMPLE}`],
  "impossible-date": [`${zh("impossible-date")}:4: "date" must be a real date written YYYY-MM-DD, not "2026-02-30"; write date: "2026-11-26"`],
  "unknown-field": [
    `${zh("unknown-field")}:1: front matter is missing "title"; add a line ${TITLE_EXAMPLE}`,
    `${zh("unknown-field")}:2: unknown front-matter field "tittle"; did you mean "title"? (write ${TITLE_EXAMPLE})`,
  ],
  "unknown-category": [`${zh("unknown-category")}:6: unknown category "sports"; use one of: rule-of-law, government-affairs, livelihood`],
  "updated-before-date": [`${zh("updated-before-date")}:7: "updated" (2026-11-01) is before "date" (2026-11-20); write an update date on or after 2026-11-20`],
  "draft-not-boolean": [`${zh("draft-not-boolean")}:7: "draft" must be true or false, not "yes"; write draft: true (or remove the line to publish)`],
  "invalid-yaml": [
    `${zh("invalid-yaml")}:2: front matter is not valid YAML (incomplete explicit mapping pair; a key node is missed; or followed by a non-tabulated empty line); write each field as key: "value" between the two --- lines, quoting text that contains a colon`,
  ],
  "heading-without-id": [`${zh("heading-without-id")}:15: heading "第二部分" has no id; write ## 第二部分 {#section-id}, with an id in lowercase ASCII words joined by hyphens`],
  "heading-id-not-kebab": [`${zh("heading-id-not-kebab")}:15: heading id "Second_Part" is not lowercase ASCII kebab-case; write ## 第二部分 {#second-part}`],
  "duplicate-heading-id": [`${zh("duplicate-heading-id")}:15: duplicate heading id "first" (heading "第一部分" already has it); give each heading an id of its own`],
  "broken-section-link": [`${zh("broken-section-link")}:17: link to "#third" points at no section; link to one of: #first, #second`],
  "missing-image": [`${zh("missing-image")}:17: image "/images/no-such-photo.jpg" does not exist under public/; add the file public/images/no-such-photo.jpg or correct the path`],
  "empty-body": [`${zh("empty-body")}:8: the report has no text; write the lede paragraph, then the sections, each starting with ## Title {#id}`],
  "no-sections": [`${zh("no-sections")}:8: the report has no sections; divide the text into sections, each starting with ## Title {#id}`],
  "section-ids-differ": [
    `${FIXTURES}/section-ids-differ/sample-report/en.md:15: section 2 has id "part-two" where zh.md has "second"; use the same ids in the same order as zh.md: first, second`,
  ],
  "paragraph-count-differs": [
    `${FIXTURES}/paragraph-count-differs/sample-report/en.md:19: section "oversight" has 3 English paragraphs but 4 Chinese ones; they drift at paragraph 2 (zh: "二是加强行政监督和专门监…" / en: "Third, improving mechanisms for public oversight…"); give each Chinese paragraph exactly one English paragraph`,
  ],
  "invalid-slug": [`${FIXTURES}/invalid-slug/Sample_Report: folder name "Sample_Report" is not a valid slug; rename it to lowercase ASCII words joined by hyphens, e.g. sample-report`],
  "missing-chinese": [`${zh("missing-chinese")}: the Chinese text is missing; every report needs zh.md; run npm run new-report -- <slug> for a template`],
};

describe("content mistakes are reported with file, line and fix", () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, () => {
      const { reports, problems } = loadAllReports(path.join(FIXTURES, name), "public");
      expect(problems.map(formatProblem)).toEqual(expected);
      expect(reports).toEqual([]);
    });
  }

  it("a valid folder has no problems and yields its reports", () => {
    const { reports, problems } = loadAllReports(path.join(FIXTURES, "valid"), "public");
    expect(problems).toEqual([]);
    expect(reports.map((r) => r.slug).sort()).toEqual(["chinese-only", "draft-report", "sample-report"]);
  });
});
