import type { ReportMeta } from "@/lib/content/report-types";
import { formatDate } from "@/lib/i18n/format-date";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { absoluteUrl } from "@/lib/site-url";

/**
 * Source, reporter and correspondent (in the text's language, `meta.lang`),
 * the dates (in the interface language), and the page's address for print.
 */
export function ArticleByline({ lang, meta, path }: { lang: Lang; meta: ReportMeta; path: string }) {
  const t = getT(lang);
  return (
    <>
      <p className="article-meta" lang={HTML_LANG[meta.lang]}>
        <span>{t("article.source", { source: meta.source, lng: meta.lang })}</span>
        {meta.originalDate ? (
          <time dateTime={meta.originalDate} lang={HTML_LANG[lang]}>
            {t("article.originallyPublished", { date: formatDate(meta.originalDate, lang) })}
          </time>
        ) : null}
        {meta.reporter ? <span>{t("article.reporter", { name: meta.reporter, lng: meta.lang })}</span> : null}
        {meta.correspondent ? <span>{t("article.correspondent", { name: meta.correspondent, lng: meta.lang })}</span> : null}
      </p>
      <p className="article-dates" lang={HTML_LANG[lang]}>
        <time dateTime={meta.date}>{t("article.published", { date: formatDate(meta.date, lang) })}</time>
        {meta.updated ? <time dateTime={meta.updated}>{t("article.updated", { date: formatDate(meta.updated, lang) })}</time> : null}
      </p>
      <p className="print-only" lang={HTML_LANG[lang]}>
        {t("article.printedFrom")}
        {absoluteUrl(path)}
      </p>
    </>
  );
}
