import { COMMENT_COUNT_SCRIPT } from "@/lib/comments/comment-count-script";
import type { ReportSummary } from "@/lib/content/report-types";
import { getReportInLanguage } from "@/lib/content/reports";
import { formatDate } from "@/lib/i18n/format-date";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { categoryPath, reportPath } from "@/lib/routes";
import { CommentCount } from "./comments/comment-count";

/** A list page's reports, newest first (the order comes from lib/), then the script that fills in their comment counts. */
export function ReportList({ lang, reports, empty }: { lang: Lang; reports: ReportSummary[]; empty?: string }) {
  const t = getT(lang);
  if (reports.length === 0) return <p>{empty ?? t("home.empty")}</p>;
  return (
    <>
      <ol className="report-list">
        {reports.map((report) => {
          const { content, isFallback } = getReportInLanguage(report, lang);
          const { meta } = content;
          return (
            <li key={report.slug} className="report-card">
              <h2 className="report-card-title" lang={HTML_LANG[meta.lang]}>
                <a href={reportPath(lang, report.slug)}>{meta.title}</a>
              </h2>
              <p className="report-card-meta">
                <time dateTime={meta.date}>{formatDate(meta.date, lang)}</time>
                <a href={categoryPath(lang, meta.category)}>{t(`category.${meta.category}`)}</a>
                {isFallback ? <span className="badge">{t("home.chineseOnly")}</span> : null}
                {meta.draft ? <span className="badge badge-draft">{t("article.draft")}</span> : null}
                <CommentCount lang={lang} slug={report.slug} />
              </p>
              <p className="report-card-summary" lang={HTML_LANG[meta.lang]}>
                {meta.summary}
              </p>
            </li>
          );
        })}
      </ol>
      <script dangerouslySetInnerHTML={{ __html: COMMENT_COUNT_SCRIPT }} />
    </>
  );
}
