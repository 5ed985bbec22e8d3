import { commentFormApiPath } from "@/lib/comments/comment-paths";
import { HONEYPOT_FIELD, MAX_NICKNAME_CHARS, MAX_TEXT_CHARS } from "@/lib/comments/comment-input";
import type { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import styles from "./comments.module.css";

/**
 * The comment form as a plain HTML form posting to the form endpoint, which
 * redirects back. A refused post's error and the reader's draft come back
 * from a flash cookie (escaped by React like all text), never from the URL.
 */
export function StaticCommentForm({ lang, slug, t, error, draftNickname, draftText }: { lang: Lang; slug: string; t: ReturnType<typeof getT>; error: string | null; draftNickname: string; draftText: string }) {
  return (
    <form id="comment-form" className={styles.form} action={commentFormApiPath(slug)} method="post" aria-labelledby="comment-form-title">
      <h2 id="comment-form-title" className={styles.formTitle}>
        {t("write")}
      </h2>
      {error ? (
        <p role="alert" className={`${styles.flash} ${styles.flashError}`}>
          {error}
        </p>
      ) : null}
      <input type="hidden" name="lang" value={lang} />
      <div className={styles.field}>
        <label htmlFor="comment-nickname">{t("nickname")}</label>
        <input id="comment-nickname" name="nickname" type="text" autoComplete="nickname" maxLength={MAX_NICKNAME_CHARS} defaultValue={draftNickname} aria-describedby="comment-nickname-hint" />
        <span id="comment-nickname-hint" className={styles.hint}>
          {t("nicknameHint")}
        </span>
      </div>
      <div className={styles.field}>
        <label htmlFor="comment-text">{t("text")}</label>
        <textarea id="comment-text" name="text" rows={5} required maxLength={MAX_TEXT_CHARS} placeholder={t("textPlaceholder")} defaultValue={draftText} aria-invalid={error ? true : undefined} />
      </div>
      <div className={styles.honeypot} aria-hidden="true">
        <label htmlFor="comment-website">{t("honeypot")}</label>
        <input id="comment-website" name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <div className={styles.formActions}>
        <button type="submit" className={styles.primaryButton}>
          {t("submit")}
        </button>
      </div>
    </form>
  );
}
