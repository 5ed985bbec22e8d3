import fs from "node:fs";
import type { Heading, Root, RootContent } from "mdast";
import { toString } from "mdast-util-to-string";
import { VFile } from "vfile";
import type { Lang } from "@/lib/i18n/languages";
import type { ContentProblem } from "./content-problem";
import { displayPath } from "./content-root";
import { parseFrontMatter } from "./front-matter";
import { readFrontMatter } from "./read-front-matter";
import { markdownProcessor } from "./markdown-processor";
import { headingId } from "./remark-heading-ids";
import type { ContentBlock, LocalizedReport, ReportSection } from "./report-types";

export interface ParsedReportFile {
  report?: LocalizedReport;
  problems: ContentProblem[];
  /** Section ids in order with the line of each heading, for cross-language checks. */
  headings: { id: string; line: number }[];
  /** Lede and sections as parsed, even when problems stop the report, so languages can still be compared. */
  body?: Pick<LocalizedReport, "lede" | "sections">;
}

export interface ParseReportFileOptions {
  slug: string;
  lang: Lang;
  publicRoot: string;
}

/** Reads one language file of a report into a typed report, or every problem that stops it. */
export function parseReportFile(filePath: string, options: ParseReportFileOptions): ParsedReportFile {
  const file = displayPath(filePath);
  let source: string;
  try {
    source = fs.readFileSync(filePath, "utf8");
  } catch {
    return { problems: [{ file, message: "file cannot be read", fix: "check that it exists and is a UTF-8 text file" }], headings: [] };
  }
  return parseReportSource(source, file, options);
}

/** A part's whole html and text from its blocks. */
export function joinBlocks(blocks: Pick<ContentBlock, "html" | "text">[]): { html: string; text: string } {
  return { html: blocks.map((b) => b.html).join("\n"), text: blocks.map((b) => b.text).join("\n\n") };
}

export function parseReportSource(source: string, file: string, options: ParseReportFileOptions): ParsedReportFile {
  const problems: ContentProblem[] = [];
  const { block: parsed, problem } = readFrontMatter(source, file);
  if (!parsed) return { problems: [problem!], headings: [] };
  if (!source.trimStart().startsWith("---")) {
    problems.push({ file, line: 1, message: "the file has no front matter", fix: "start the file with ---, the fields (title, summary, date, source, category), then ---" });
  }
  const { meta, problems: metaProblems } = parseFrontMatter({ data: parsed.data, raw: parsed.raw, file, slug: options.slug, lang: options.lang });
  problems.push(...metaProblems);

  const lineOffset = source.slice(0, source.length - parsed.content.length).split("\n").length - 1;
  const processor = markdownProcessor(options.publicRoot);
  const vfile = new VFile({ path: file, value: parsed.content });
  const tree = processor.runSync(processor.parse(vfile), vfile) as Root;
  for (const message of vfile.messages) {
    problems.push({ file, line: (message.line ?? 0) + lineOffset || undefined, message: message.reason, fix: message.note ?? "see content/README.md" });
  }

  const toBlock = (node: RootContent, line: number): ContentBlock => ({
    html: String(processor.stringify({ type: "root", children: [node] } as Root, vfile)).trim(),
    text: toString(node).trim(),
    line,
  });
  const ledeBlocks: ContentBlock[] = [];
  const sections: ReportSection[] = [];
  const headings: ParsedReportFile["headings"] = [];
  for (const node of tree.children) {
    const line = (node.position?.start.line ?? 0) + lineOffset;
    if (node.type === "heading" && node.depth === 1) {
      problems.push({ file, line, message: `"# ${toString(node)}" is a top-level heading`, fix: "the title comes from the front matter: remove this line, or make it a section with ## Title {#id}" });
      continue;
    }
    if (node.type === "heading" && node.depth === 2) {
      const id = headingId(node as Heading) ?? "";
      if (id) headings.push({ id, line });
      sections.push({ id, title: toString(node).trim(), html: "", text: "", blocks: [] });
      continue;
    }
    if (node.type === "html") {
      problems.push({ file, line, message: "raw HTML is not allowed in a report", fix: "write it in Markdown (it would be removed from the page)" });
      continue;
    }
    const block = toBlock(node, line);
    const target = sections.at(-1)?.blocks ?? ledeBlocks;
    target.push(block);
  }

  if (tree.children.length === 0) {
    problems.push({ file, line: lineOffset + 1, message: "the report has no text", fix: "write the lede paragraph, then the sections, each starting with ## Title {#id}" });
  } else {
    if (ledeBlocks.length === 0) {
      problems.push({ file, line: lineOffset + 1, message: "there is no lede before the first section", fix: "write the opening paragraph above the first ## heading" });
    }
    if (sections.length === 0) {
      problems.push({ file, line: lineOffset + 1, message: "the report has no sections", fix: "divide the text into sections, each starting with ## Title {#id}" });
    }
    for (const section of sections) {
      if (section.blocks.length === 0) {
        const at = headings.find((h) => h.id === section.id)?.line;
        problems.push({ file, line: at, message: `section "${section.title}" is empty`, fix: "write its text under the heading, or remove the heading" });
      }
    }
  }

  for (const section of sections) Object.assign(section, joinBlocks(section.blocks));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const lede = { blocks: ledeBlocks, ...joinBlocks(ledeBlocks) };
  const body = { lede, sections };
  if (problems.length > 0 || !meta) return { problems, headings, body };
  return { problems, headings, body, report: { meta, lede, sections } };
}
