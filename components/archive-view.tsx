import type { ArchiveMonth } from "@/lib/content/report-listing";
import type { ReportSummary } from "@/lib/content/report-types";
import { getReportInLanguage } from "@/lib/content/reports";
import { HYDRATE_ON_DEMAND } from "@/lib/hydrate-on-demand";
import { formatDate, formatMonth } from "@/lib/i18n/format-date";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { archivePath, reportPath } from "@/lib/routes";
import { BrowseNav } from "./browse-nav";

/** Every year, and in it every month with reports and how many: plain links. */
export function ArchiveIndex({ lang, months }: { lang: Lang; months: ArchiveMonth[] }) {
  const t = getT(lang);
  const years = [...new Set(months.map((m) => m.year))];
  return (
    <div className="home archive" {...HYDRATE_ON_DEMAND}>
      <h1 className="home-heading">{t("archive.heading")}</h1>
      <BrowseNav lang={lang} current="archive" />
      {years.length === 0 ? <p>{t("archive.empty")}</p> : null}
      {years.map((year) => (
        <section key={year} className="archive-year" aria-labelledby={`year-${year}`}>
          <h2 id={`year-${year}`}>{year}</h2>
          <ul className="archive-months">
            {months
              .filter((m) => m.year === year)
              .map((m) => (
                <li key={m.month}>
                  <a href={archivePath(lang, m.year, m.month)}>{formatMonth(m.year, m.month, lang)}</a>{" "}
                  <span className="archive-count">{t("archive.monthCount", { count: m.count })}</span>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** One month's reports, oldest last, as a compact list of dates and titles. */
export function ArchiveMonthView({ lang, year, month, reports }: { lang: Lang; year: number; month: number; reports: ReportSummary[] }) {
  const t = getT(lang);
  return (
    <div className="home archive" {...HYDRATE_ON_DEMAND}>
      <h1 className="home-heading">{t("archive.monthHeading", { month: formatMonth(year, month, lang) })}</h1>
      <p>
        <a href={archivePath(lang)}>{t("archive.backToArchive")}</a>
      </p>
      <ol className="archive-list">
        {reports.map((report) => {
          const { meta } = getReportInLanguage(report, lang).content;
          return (
            <li key={report.slug}>
              <time dateTime={meta.date}>{formatDate(meta.date, lang)}</time>{" "}
              <a href={reportPath(lang, report.slug)} lang={HTML_LANG[meta.lang]}>
                {meta.title}
              </a>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
