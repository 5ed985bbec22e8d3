import { consoleActionPath, consolePath } from "@/lib/comments/moderation/console-paths";
import { commentsClosedInFrontMatter } from "@/lib/comments/comments-closed";
import { getReportInLanguage, getReports } from "@/lib/content/reports";
import type { ConsolePageProps } from "./console-context";
import { ConsoleFormFields } from "./console-form-fields";
import styles from "./console.module.css";
import { ConsoleTable } from "./console-table";
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
      <ConsoleTable columns={[t("reports.report"), t("reports.state"), { hidden: t("reports.close") }]}>
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
                        <ConsoleFormFields csrfToken={session.csrfToken} lang={lang} fields={{ slug: report.slug, closed: byConsole ? "0" : "1" }} returnTo={here(page)} />
                        <button type="submit" className={`${styles.button} ${styles.secondary}`} aria-label={`${byConsole ? t("reports.reopen") : t("reports.close")}: ${report.slug}`}>
                          {byConsole ? t("reports.reopen") : t("reports.close")}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
      </ConsoleTable>
      <PagingLinks t={t} page={page} hasMore={page * REPORTS_PAGE_SIZE < all.length} pathFor={here} />
    </>
  );
}
