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
    .use(remarkHtml, { sanitize: { ...defaultSchema, clobber: [] } });
}
