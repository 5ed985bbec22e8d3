import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatProblem } from "@/lib/content/content-problem";
import { loadAllReports } from "@/lib/content/reports";

const FIXTURES = "tests/fixtures/content-errors";
const zh = (name: string) => `${FIXTURES}/${name}/sample-report/zh.md`;
const TITLE_EXAMPLE = 'title: "报道标题 / Report title"';

/** Each kind of editor mistake, and the exact line an editor is shown for it. */
const EXPECTED: Record<string, string[]> = {
  "missing-title": [`${zh("missing-title")}:1: front matter is missing "title"; add a line ${TITLE_EXAMPLE}`],
  "impossible-date": [`${zh("impossible-date")}:4: "date" is 2026-02-30, a day that does not exist (February 2026 has 28 days); write the real date, e.g. date: "2026-02-28"`],
  // Unquoted, YAML used to read a timestamp that JavaScript rolled over to 2026-03-02: refused in each file, at its own line.
  "impossible-date-unquoted": [
    `${zh("impossible-date-unquoted")}:4: "date" is 2026-02-30, a day that does not exist (February 2026 has 28 days); write the real date, e.g. date: "2026-02-28"`,
    `${FIXTURES}/impossible-date-unquoted/sample-report/en.md:4: "date" is 2026-02-30, a day that does not exist (February 2026 has 28 days); write the real date, e.g. date: "2026-02-28"`,
  ],
  "front-matter-js": [
    `${zh("front-matter-js")}:1: the front matter opens with "---js"; only YAML front matter is accepted, and nothing in a report is ever run; make the first line exactly --- and write the fields as YAML (key: "value"), closed by another --- line`,
  ],
  "front-matter-json": [
    `${zh("front-matter-json")}:1: the front matter opens with "---json"; only YAML front matter is accepted, and nothing in a report is ever run; make the first line exactly --- and write the fields as YAML (key: "value"), closed by another --- line`,
  ],
  "unknown-field": [
    `${zh("unknown-field")}:1: front matter is missing "title"; add a line ${TITLE_EXAMPLE}`,
    `${zh("unknown-field")}:2: unknown front-matter field "tittle"; did you mean "title"? (write ${TITLE_EXAMPLE})`,
  ],
  "unknown-category": [`${zh("unknown-category")}:6: unknown category "sports"; use one of: rule-of-law, government-affairs, livelihood`],
  "updated-before-date": [`${zh("updated-before-date")}:7: "updated" (2026-11-01) is before "date" (2026-11-20); write an update date on or after 2026-11-20`],
  "original-date-invalid": [`${zh("original-date-invalid")}:7: "originalDate" is 2026-11-31, a day that does not exist (November 2026 has 30 days); write the real date, e.g. originalDate: "2026-11-30"`],
  "original-date-after-date": [
    `${zh("original-date-after-date")}:7: "originalDate" (2026-11-21) is after "date" (2026-11-20), the day this site published it; write the day the source first published it, on or before 2026-11-20`,
  ],
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
  "figure-changed": [
    `${FIXTURES}/figure-changed/sample-report/en.md:15: section "functions", paragraph 2: the figure 300亿 in ${zh("figure-changed")}:15 is missing or changed in the English; write 30 billion as the Chinese says (or correct the figure in both files)`,
  ],
  // Paragraph 3 dropped and paragraph 2 split: the counts agree, the ordinals do not.
  "paragraph-drift": [
    `${FIXTURES}/paragraph-drift/sample-report/en.md:17: section "oversight", paragraph 3 does not translate ${zh("paragraph-drift")}:17 (the Chinese opens with item 3 and the English with no ordinal): zh "三是完善社会监督和舆论监…" / en "It also strengthened specialised oversight."; the paragraphs drift apart from here (one dropped, another split?); give each Chinese paragraph exactly one English paragraph, in the same order`,
  ],
  "invalid-slug": [`${FIXTURES}/invalid-slug/Sample_Report: folder name "Sample_Report" is not a valid slug; rename it to lowercase ASCII words joined by hyphens, e.g. sample-report`],
  "missing-chinese": [`${zh("missing-chinese")}: the Chinese text is missing; every report needs zh.md; run npm run new-report -- <slug> for a template`],
};

describe("content mistakes are reported with file, line and fix", () => {
  // The ---js fixture would write this file if its front matter were ever run.
  const marker = path.join(os.tmpdir(), `front-matter-js-${process.pid}`);
  process.env.FRONT_MATTER_MARKER = marker;
  afterAll(() => fs.rmSync(marker, { force: true }));

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, () => {
      const { reports, problems } = loadAllReports(path.join(FIXTURES, name), "public");
      expect(problems.map(formatProblem)).toEqual(expected);
      expect(reports).toEqual([]);
      expect(fs.existsSync(marker)).toBe(false);
    });
  }

  it("a valid folder has no problems and yields its reports", () => {
    const { reports, problems } = loadAllReports(path.join(FIXTURES, "valid"), "public");
    expect(problems).toEqual([]);
    expect(reports.map((r) => r.slug).sort()).toEqual(["chinese-only", "draft-report", "sample-report"]);
  });

  it("valid dates are accepted quoted or unquoted", () => {
    const { reports, problems } = loadAllReports(path.join(FIXTURES, "valid-unquoted-dates"), "public");
    expect(problems).toEqual([]);
    const { zh, en } = reports[0]!.languages;
    expect([zh.meta.date, zh.meta.updated, en?.meta.date, en?.meta.updated]).toEqual(["2026-02-28", "2028-02-29", "2026-02-28", "2028-02-29"]);
  });

  it("glossary-miss: a glossary term the English does not render is a warning, and the report still publishes", () => {
    const { reports, problems, warnings } = loadAllReports(path.join(FIXTURES, "glossary-miss", "reports"), "public");
    const en = `${FIXTURES}/glossary-miss/reports/sample-report/en.md`;
    expect(problems).toEqual([]);
    expect(warnings.map(formatProblem)).toEqual([
      `${en}:9: the lede, paragraph 1: ${FIXTURES}/glossary-miss/reports/sample-report/zh.md:9 has 获得感, and the English does not use the glossary's rendering; write "sense of fulfilment" (${FIXTURES}/glossary-miss/glossary.yml), or add this rendering there if it is also right`,
    ]);
    expect(reports.map((r) => r.slug)).toEqual(["sample-report"]);
  });
});
