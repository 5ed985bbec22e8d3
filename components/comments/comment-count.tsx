import { COMMENT_COUNT_ATTRIBUTE, COUNT_TEMPLATE_PREFIX } from "@/lib/comments/comment-count-script";
import { commentsAnchorPath } from "@/lib/comments/comment-paths";
import type { Lang } from "@/lib/i18n/languages";
import { RESOURCES } from "@/lib/i18n/resources";

/**
 * “3条评论” / “3 comments” beside a report in a list, linking to its comment
 * box. The list pages are static, so the number is filled in the browser by
 * COMMENT_COUNT_SCRIPT (after the list) from the text templates carried here,
 * one per plural category; the link stays hidden until then, and without
 * JavaScript.
 */
export function CommentCount({ lang, slug }: { lang: Lang; slug: string }) {
  const { commentCount_one: one, commentCount_other: other } = RESOURCES[lang].comments;
  const templates = { [`${COUNT_TEMPLATE_PREFIX}one`]: one, [`${COUNT_TEMPLATE_PREFIX}other`]: other };
  return <a href={commentsAnchorPath(lang, slug)} className="comment-count" hidden {...{ [COMMENT_COUNT_ATTRIBUTE]: slug }} {...templates} />;
}
