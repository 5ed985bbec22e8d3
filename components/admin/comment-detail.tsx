import { notFound } from "next/navigation";
import { MAX_TEXT_CHARS } from "@/lib/comments/comment-input";
import { consoleActionPath, consolePath } from "@/lib/comments/moderation/console-paths";
import { BAN_PERIODS } from "@/lib/comments/moderation/ban-periods";
import { formatCommentDate } from "@/lib/comments/relative-time";
import type { ConsolePageProps } from "./console-context";
import { ConsoleFormFields } from "./console-form-fields";
import styles from "./console.module.css";

const QUEUE_OF = { pending: "", published: "published", hidden: "hidden" } as const;

/** One comment: its state, an official reply, and a ban of its author. */
export async function CommentDetail({ lang, t, session, query, runtime }: ConsolePageProps) {
  const comment = query.id ? await runtime.store.getComment(query.id) : undefined;
  if (!comment) notFound();
  const here = consolePath(lang, "comment", { id: comment.id });
  const hidden = (
    <>
      <ConsoleFormFields csrfToken={session.csrfToken} lang={lang} fields={{ id: comment.id }} returnTo={here} />
    </>
  );
  return (
    <>
      <p>
        <a href={consolePath(lang, QUEUE_OF[comment.status])}>{t("comment.back")}</a>
      </p>
      <h1>{t("comment.heading", { id: comment.id })}</h1>
      <p className={styles.meta}>
        <bdi>{comment.nickname ?? "—"}</bdi> · <time dateTime={comment.createdAt.toISOString()}>{formatCommentDate(comment.createdAt, lang)}</time> · {t("queue.inReport", { slug: comment.slug })} ·{" "}
        {t("comment.status", { status: t(`comment.status_${comment.status}`) })}
        {comment.official ? <span className={styles.badge}>{t("queue.official")}</span> : null}
      </p>
      <p className={styles.text} dir="auto">
        {comment.text}
      </p>

      <section className={styles.section} aria-labelledby="reply-heading">
        <h2 id="reply-heading">{t("comment.replyHeading")}</h2>
        <form className={styles.form} action={consoleActionPath("reply")} method="post">
          {hidden}
          <div className={styles.field}>
            <label htmlFor="reply-text">{t("comment.replyText")}</label>
            <textarea id="reply-text" name="text" rows={4} required maxLength={MAX_TEXT_CHARS} />
          </div>
          <div>
            <button type="submit" className={styles.button}>
              {t("comment.replySubmit")}
            </button>
          </div>
        </form>
      </section>

      {comment.official ? null : (
        <section className={styles.section} aria-labelledby="ban-heading">
          <h2 id="ban-heading">{t("comment.banHeading")}</h2>
          <p id="ban-hint">{t("comment.banHint")}</p>
          <form className={styles.form} action={consoleActionPath("ban")} method="post" aria-describedby="ban-hint">
            {hidden}
            <div className={styles.field}>
              <label htmlFor="ban-period">{t("comment.banPeriod")}</label>
              <select id="ban-period" name="period" defaultValue="7d">
                {BAN_PERIODS.map((period) => (
                  <option key={period} value={period}>
                    {t(`periods.${period}`)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <button type="submit" className={styles.button}>
                {t("comment.banSubmit")}
              </button>
            </div>
          </form>
        </section>
      )}
    </>
  );
}
