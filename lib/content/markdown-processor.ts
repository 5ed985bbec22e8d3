import { defaultSchema } from "hast-util-sanitize";
import { remark } from "remark";
import remarkHtml from "remark-html";
import { remarkCheckReferences } from "./remark-check-references";
import { remarkHeadingIds } from "./remark-heading-ids";

/**
 * The content pipeline: Markdown → checked mdast with heading ids → sanitized HTML.
 * The default sanitize schema prefixes ids with `user-content-`; ours are
 * explicit and validated, so they are kept as written.
 */
export function createMarkdownProcessor(publicRoot: string) {
  return remark()
    .use(remarkHeadingIds)
    .use(remarkCheckReferences, { publicRoot })
    .use(remarkHtml, { sanitize: { ...defaultSchema, clobber: [] } })
    .freeze();
}

const processors = new Map<string, ReturnType<typeof createMarkdownProcessor>>();

/**
 * One processor per public folder, reused for every file: building one
 * (combining micromark's syntax extensions, freezing the plugins) cost about
 * as much as parsing a short report. The plugins keep no state between files.
 */
export function markdownProcessor(publicRoot: string): ReturnType<typeof createMarkdownProcessor> {
  let processor = processors.get(publicRoot);
  if (!processor) {
    processor = createMarkdownProcessor(publicRoot);
    processors.set(publicRoot, processor);
  }
  return processor;
}
