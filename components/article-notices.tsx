import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";

/** The draft banner (editor previews only) and the untranslated-report notice. */
export function ArticleNotices({ lang, draft, isFallback }: { lang: Lang; draft: boolean; isFallback: boolean }) {
  const t = getT(lang);
  return (
    <>
      {draft ? (
        <p className="draft-banner" role="note">
          {t("article.draft")}
        </p>
      ) : null}
      {isFallback ? (
        <p className="fallback-notice" role="note">
          {t("article.chineseOnly")}
        </p>
      ) : null}
    </>
  );
}
