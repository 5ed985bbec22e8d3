import { commentsPagePath } from "@/lib/comments/comment-paths";
import { COMMENTS_FRAGMENT_PREFIX, HYDRATE_TRIGGER_ATTRIBUTE } from "@/lib/hydrate-on-demand";
import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import { CommentsLoader } from "./comments-loader";
import { Translations } from "./translations";

/**
 * The article's comment box, loaded when the reader approaches it: its code is
 * not part of the page's first JavaScript. Until then (and without
 * JavaScript) a plain link leads to the server-rendered comments page, where
 * comments can be read and written. The placeholder is what tells the server
 * entry to load React at all on an article (lib/hydrate-on-demand.ts).
 */
export function CommentsOnDemand({ lang, slug }: { lang: Lang; slug: string }) {
  const t = getT(lang, "comments");
  return (
    <Translations lang={lang} namespaces={["comments"]}>
      <CommentsLoader lang={lang} slug={slug}>
        <section id="comments" className="comments comments-placeholder" aria-labelledby="comments-heading" {...{ [HYDRATE_TRIGGER_ATTRIBUTE]: COMMENTS_FRAGMENT_PREFIX }}>
          <h2 id="comments-heading">{t("heading")}</h2>
          <p>
            <a href={commentsPagePath(lang, slug)}>{t("noscriptLink")}</a>
          </p>
        </section>
      </CommentsLoader>
    </Translations>
  );
}
