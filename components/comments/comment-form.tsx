"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "@/components/translations-provider";
import type { ApiComment } from "@/lib/comments/comment-api-types";
import { charCount, HONEYPOT_FIELD, MAX_NICKNAME_CHARS, MAX_TEXT_CHARS } from "@/lib/comments/comment-input";
import { commentFormApiPath } from "@/lib/comments/comment-paths";
import type { Lang } from "@/lib/i18n/languages";
import { CommentsRequestError, submitComment } from "./comments-api-client";
import { commentErrorMessage } from "./comment-error-message";
import styles from "./comments.module.css";

/**
 * The comment box (评论一下), or a reply box under a comment. With JavaScript it
 * posts JSON and keeps what was typed until the server accepted it. The main box
 * is also a plain form: without JavaScript it posts to the form endpoint, which
 * redirects to the server-rendered comments page.
 */
export function CommentForm({
  lang,
  slug,
  parent,
  onPublished,
  onPending,
  onCancel,
}: {
  lang: Lang;
  slug: string;
  /** Set for a reply box. */
  parent?: { id: string; name: string };
  onPublished: (comment: ApiComment) => void;
  onPending: () => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation("comments", { lng: lang });
  const id = useId();
  const [nickname, setNickname] = useState("");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const website = String(new FormData(event.currentTarget).get(HONEYPOT_FIELD) ?? "");
    // The same checks as the server, so the common mistakes need no round trip.
    const problem =
      text.trim() === "" ? "text_required" : charCount(text.trim()) > MAX_TEXT_CHARS ? "text_too_long" : charCount(nickname.trim()) > MAX_NICKNAME_CHARS ? "nickname_too_long" : null;
    if (problem) {
      setError(commentErrorMessage(t, problem));
      textRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const outcome = await submitComment(slug, { nickname, text, website, ...(parent ? { parentId: parent.id } : {}) });
      setText("");
      if (outcome.status === "published") onPublished(outcome.comment);
      else onPending();
    } catch (caught) {
      const failure = caught instanceof CommentsRequestError ? caught : new CommentsRequestError("internal_error");
      setError(commentErrorMessage(t, failure.code, failure.retryAfterSeconds));
    } finally {
      setBusy(false);
    }
  };

  const count = charCount(text.trim());
  return (
    <form
      className={parent ? `${styles.form} ${styles.replyForm}` : styles.form}
      action={commentFormApiPath(slug)}
      method="post"
      onSubmit={submit}
      aria-labelledby={parent ? undefined : `${id}-title`}
      aria-label={parent ? t("replyTo", { nickname: parent.name }) : undefined}
      noValidate
    >
      {parent ? null : (
        <h3 id={`${id}-title`} className={styles.formTitle}>
          {t("write")}
        </h3>
      )}
      <input type="hidden" name="lang" value={lang} />
      {parent ? <input type="hidden" name="parentId" value={parent.id} /> : null}
      <div className={styles.field}>
        <label htmlFor={`${id}-nickname`}>{t("nickname")}</label>
        <input
          id={`${id}-nickname`}
          name="nickname"
          type="text"
          autoComplete="nickname"
          maxLength={MAX_NICKNAME_CHARS}
          value={nickname}
          onChange={(event) => setNickname(event.target.value)}
          aria-describedby={`${id}-nickname-hint`}
        />
        <span id={`${id}-nickname-hint`} className={styles.hint}>
          {t("nicknameHint")}
        </span>
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-text`}>{parent ? t("replyTo", { nickname: parent.name }) : t("text")}</label>
        <textarea
          id={`${id}-text`}
          ref={textRef}
          name="text"
          rows={parent ? 3 : 4}
          required
          maxLength={MAX_TEXT_CHARS}
          placeholder={parent ? t("replyPlaceholder", { nickname: parent.name }) : t("textPlaceholder")}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-describedby={`${id}-count`}
          aria-invalid={error !== null ? true : undefined}
          autoFocus={parent !== undefined}
        />
        <span id={`${id}-count`} className={count > MAX_TEXT_CHARS ? `${styles.hint} ${styles.over}` : styles.hint}>
          {t("charCount", { count, max: MAX_TEXT_CHARS })}
        </span>
      </div>
      {/* Honeypot: hidden from people by CSS; bots that fill every field reveal themselves. */}
      <div className={styles.honeypot} aria-hidden="true">
        <label htmlFor={`${id}-website`}>{t("honeypot")}</label>
        <input id={`${id}-website`} name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <p role="alert" className={styles.error}>
        {error}
      </p>
      <div className={styles.formActions}>
        <button type="submit" className={styles.primaryButton} disabled={busy}>
          {busy ? t("submitting") : parent ? t("replySubmit") : t("submit")}
        </button>
        {onCancel ? (
          <button type="button" className={styles.secondaryButton} onClick={onCancel}>
            {t("cancel")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
