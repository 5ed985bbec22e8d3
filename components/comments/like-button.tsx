"use client";

import { useState } from "react";
import { useTranslation } from "react-i18next";
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
      <span aria-hidden="true">👍</span> {t("like")} <span className={styles.likeCount}>{likes}</span>
    </button>
  );
}
