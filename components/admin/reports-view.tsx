import { consoleActionPath, consolePath } from "@/lib/comments/moderation/console-paths";
import { commentsClosedInFrontMatter } from "@/lib/comments/comments-closed";
import { getReportInLanguage, getReports } from "@/lib/content/reports";
import type { ConsolePageProps } from "./console-context";
import styles from "./console.module.css";
import { pageParam, PagingLinks } from "./paging-links";

const REPORTS_PAGE_SIZE = 50;

/** Close or reopen comments per report; reports closed in their front matter say so (and are changed there). */
export async function ReportsView({ lang, t, session, query, runtime, path }: ConsolePageProps) {
  const page = pageParam(query.page);
  const all = getReports();
  const reports = all.slice((page - 1) * REPORTS_PAGE_SIZE, page * REPORTS_PAGE_SIZE);
  const closed = new Set(await runtime.store.listClosedReports());
  const here = (p: number) => consolePath(lang, path, { page: p > 1 ? p : undefined });
  return (
    <>
      <h1>{t("reports.heading")}</h1>
      <div className={styles.scroll}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">{t("reports.report")}</th>
              <th scope="col">{t("reports.state")}</th>
              <th scope="col">
                <span className={styles.skip}>{t("reports.close")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {reports.map((report) => {
              const byFrontMatter = commentsClosedInFrontMatter(report.slug);
              const byConsole = closed.has(report.slug);
              const title = getReportInLanguage(report, lang).content.meta.title;
              return (
                <tr key={report.slug} id={`report-${report.slug}`}>
                  <td>
                    {title}
                    <br />
                    <code>{report.slug}</code>
                  </td>
                  <td>{byFrontMatter ? t("reports.closedFrontMatter") : byConsole ? t("reports.closedHere") : t("reports.open")}</td>
                  <td>
                    {byFrontMatter ? null : (
                      <form action={consoleActionPath("close")} method="post">
                        <input type="hidden" name="csrf" value={session.csrfToken} />
                        <input type="hidden" name="lang" value={lang} />
                        <input type="hidden" name="slug" value={report.slug} />
                        <input type="hidden" name="closed" value={byConsole ? "0" : "1"} />
                        <input type="hidden" name="return" value={here(page)} />
                        <button type="submit" className={`${styles.button} ${styles.secondary}`} aria-label={`${byConsole ? t("reports.reopen") : t("reports.close")}: ${report.slug}`}>
                          {byConsole ? t("reports.reopen") : t("reports.close")}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <PagingLinks t={t} page={page} hasMore={page * REPORTS_PAGE_SIZE < all.length} pathFor={here} />
    </>
  );
}
