"use client";

import { useEffect, useState } from "react";
import { useTranslation } from "@/components/translations-provider";
import { commentsAnchorPath } from "@/lib/comments/comment-paths";
import type { Lang } from "@/lib/i18n/languages";
import { loadCommentCount } from "./comment-counts-loader";
import styles from "./comments.module.css";

/**
 * “3条评论” / “3 comments” beside a report on the home page, linking to its
 * comment box. The home page is static, so the count is fetched in the browser
 * (one request for every report on the page); nothing shows until it arrives.
 */
export function CommentCount({ lang, slug }: { lang: Lang; slug: string }) {
  const { t } = useTranslation("comments", { lng: lang });
  const [count, setCount] = useState<number | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void loadCommentCount(slug).then((value) => {
      if (live) setCount(value);
    });
    return () => {
      live = false;
    };
  }, [slug]);

  if (count === undefined) return null;
  return (
    <a href={commentsAnchorPath(lang, slug)} className={styles.countLink}>
      {t("commentCount", { count })}
    </a>
  );
}
