import type { ReactNode } from "react";
import type { ApiComment } from "@/lib/comments/comment-api-types";
import { formatCommentDate, formatRelativeTime } from "@/lib/comments/relative-time";
import type { Lang } from "@/lib/i18n/languages";
import styles from "./comments.module.css";

/**
 * One comment, shared by the widget and the server-rendered comments page.
 * Everything user-written is a plain text child (React escapes it); `dir="auto"`
 * and <bdi> keep right-to-left or odd text from spilling into the page around it.
 */
export function CommentView({
  comment,
  lang,
  now,
  anonymousLabel,
  justNowLabel,
  officialLabel,
  anchorId,
  actions,
  children,
}: {
  comment: ApiComment;
  lang: Lang;
  now: Date;
  anonymousLabel: string;
  justNowLabel: string;
  /** 官方回复 / Official reply: shown as a badge in place of the name on the newsroom's replies. */
  officialLabel: string;
  anchorId?: string;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  const created = new Date(comment.createdAt);
  return (
    <article id={anchorId} className={styles.comment}>
      <header className={styles.commentHeader}>
        {comment.official ? (
          <strong className={styles.officialBadge}>{officialLabel}</strong>
        ) : (
          <bdi className={comment.nickname === null ? `${styles.nickname} ${styles.anonymous}` : styles.nickname}>{comment.nickname ?? anonymousLabel}</bdi>
        )}
        <time className={styles.time} dateTime={comment.createdAt} title={formatCommentDate(created, lang)}>
          {formatRelativeTime(created, now, lang) ?? justNowLabel}
        </time>
      </header>
      <p className={styles.text} dir="auto">
        {comment.text}
      </p>
      {actions}
      {children}
    </article>
  );
}
