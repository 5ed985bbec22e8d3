import type { ApiComment } from "@/lib/comments/comment-api-types";
import type { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import { CommentView } from "./comment-view";
import styles from "./comments.module.css";
import { ReportControl } from "./report-control";
import { reportLabels as reportLabelsOf } from "./report-labels";

type Translate = ReturnType<typeof getT>;

/** One comment and its shown replies as plain HTML: likes as a number and 举报 as a form, both without JavaScript. */
export function StaticComment({ comment, lang, now, t, page, inThread = false }: { comment: ApiComment; lang: Lang; now: Date; t: Translate; page: string; inThread?: boolean }) {
  const labels = { anonymousLabel: t("anonymous"), justNowLabel: t("justNow"), officialLabel: t("officialReply") };
  const reportLabels = reportLabelsOf(t);
  const actions = (c: ApiComment) => (
    <div className={styles.commentActions}>
      <p className={styles.likesStatic}>{`${t("like")} ${c.likes}`}</p>
      <ReportControl lang={lang} commentId={c.id} labels={reportLabels} />
    </div>
  );
  return (
    <CommentView comment={comment} lang={lang} now={now} anchorId={inThread ? `thread-${comment.id}` : `comment-${comment.id}`} actions={actions(comment)} {...labels}>
      {comment.replies.length > 0 ? (
        <ol className={styles.replies}>
          {comment.replies.map((reply) => (
            <li key={reply.id}>
              <CommentView comment={reply} lang={lang} now={now} anchorId={inThread ? `reply-${reply.id}` : `comment-${reply.id}`} actions={actions(reply)} {...labels} />
            </li>
          ))}
        </ol>
      ) : null}
      {!inThread && comment.replyCount > comment.replies.length ? (
        <p className={styles.more}>
          <a href={`${page}?thread=${comment.id}#thread-heading`}>{t("viewAllReplies", { count: comment.replyCount })}</a>
        </p>
      ) : null}
    </CommentView>
  );
}
