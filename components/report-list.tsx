import type { ReportSummary } from "@/lib/content/report-types";
import { getReportInLanguage } from "@/lib/content/reports";
import { formatDate } from "@/lib/i18n/format-date";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { categoryPath, reportPath } from "@/lib/routes";
import { CommentCount } from "./comments/comment-count";
import { Translations } from "./translations";

/** The home page's list of reports, newest first (the order comes from lib/). */
export function ReportList({ lang, reports, empty }: { lang: Lang; reports: ReportSummary[]; empty?: string }) {
  const t = getT(lang);
  if (reports.length === 0) return <p>{empty ?? t("home.empty")}</p>;
  return (
    <Translations lang={lang} namespaces={["comments"]}>
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
    </Translations>
  );
}
