import type { Heading, Root, Text } from "mdast";
import { toString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";
import type { VFile } from "vfile";

/** Lowercase ASCII words joined by hyphens: what a section id, and a slug, may be. */
export const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const EXPLICIT_ID = /\s*\{#([^}]*)\}\s*$/;

/**
 * Ids the page or the URL scheme already uses: a section URL is
 * /<lang>/reports/<slug>/<id>, beside /bilingual and /comments, and the page
 * has its own elements with these ids.
 */
export const RESERVED_IDS: ReadonlySet<string> = new Set(["bilingual", "comments", "main", "toc-heading", "opengraph-image"]);

export interface HeadingIdData {
  id?: string;
  hProperties?: { id?: string };
}

/**
 * Explicit heading ids, as in Docusaurus: `## Title {#id}` becomes a heading
 * "Title" with id `id`. Ids must be given on every `##` heading (shared links
 * depend on them never changing), in kebab-case, and once per file.
 * Problems are reported as vfile messages whose `note` says what to write.
 */
export function remarkHeadingIds() {
  return (tree: Root, file: VFile) => {
    const seen = new Map<string, string>();
    visit(tree, "heading", (heading: Heading) => {
      const last = heading.children.at(-1);
      const match = last?.type === "text" ? EXPLICIT_ID.exec((last as Text).value) : null;
      if (!match) {
        if (heading.depth === 2) {
          const title = toString(heading).trim();
          report(file, heading, `heading "${title}" has no id`, `write ## ${title} {#section-id}, with an id in lowercase ASCII words joined by hyphens`);
        }
        return;
      }
      const text = last as Text;
      text.value = text.value.slice(0, match.index);
      if (text.value === "") heading.children.pop();
      const id = match[1]!.trim();
      const title = toString(heading).trim();
      if (!KEBAB_CASE.test(id)) {
        const suggestion = id.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "section-id";
        report(file, heading, `heading id "${id}" is not lowercase ASCII kebab-case`, `write ## ${title} {#${suggestion}}`);
        return;
      }
      if (RESERVED_IDS.has(id)) {
        report(file, heading, `heading id "${id}" is reserved by the site`, `choose another id, e.g. ## ${title} {#${id}-section}`);
        return;
      }
      const firstTitle = seen.get(id);
      if (firstTitle !== undefined) {
        report(file, heading, `duplicate heading id "${id}" (heading "${firstTitle}" already has it)`, "give each heading an id of its own");
        return;
      }
      seen.set(id, title);
      const data = (heading.data ??= {}) as HeadingIdData;
      data.id = id;
      data.hProperties = { ...data.hProperties, id };
    });
  };
}

function report(file: VFile, heading: Heading, reason: string, fix: string) {
  const message = file.message(reason, { place: heading.position, ruleId: "heading-id", source: "remark-heading-ids" });
  message.note = fix;
}

export function headingId(heading: Heading): string | undefined {
  return (heading.data as HeadingIdData | undefined)?.id;
}
