"use client";

import { useState } from "react";
import { useTranslation } from "@/components/translations-provider";
import type { Lang } from "@/lib/i18n/languages";
import { CommentsRequestError, setLike } from "./comments-api-client";
import { commentErrorMessage } from "./comment-error-message";
import styles from "./comments.module.css";

/** 赞 / Like, a toggle: pressed once liked; pressing again un-likes. */
export function LikeButton({
  lang,
  commentId,
  likes,
  liked,
  onChange,
  onError,
}: {
  lang: Lang;
  commentId: string;
  likes: number;
  liked: boolean;
  onChange: (likes: number, liked: boolean) => void;
  onError: (message: string) => void;
}) {
  const { t } = useTranslation("comments", { lng: lang });
  const [busy, setBusy] = useState(false);

  const toggle = async () => {
    setBusy(true);
    try {
      onChange(await setLike(commentId, !liked), !liked);
    } catch (caught) {
      const failure = caught instanceof CommentsRequestError ? caught : new CommentsRequestError("internal_error");
      onError(commentErrorMessage(t, failure.code, failure.retryAfterSeconds));
    } finally {
      setBusy(false);
    }
  };

  return (
    <button
      type="button"
      className={liked ? `${styles.likeButton} ${styles.liked}` : styles.likeButton}
      aria-pressed={liked}
      disabled={busy}
      onClick={toggle}
    >
      <ThumbIcon /> {t("like")} <span className={styles.likeCount}>{likes}</span>
    </button>
  );
}

/** Drawn, not an emoji: emoji fonts are missing on many systems. */
function ThumbIcon() {
  return (
    <svg className={styles.likeIcon} viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z"
      />
    </svg>
  );
}
