import { consoleActionPath, consolePath } from "@/lib/comments/moderation/console-paths";
import { formatCommentDate } from "@/lib/comments/relative-time";
import type { ConsolePageProps } from "./console-context";
import styles from "./console.module.css";
import { ConsoleTable } from "./console-table";
import { pageParam, PagingLinks } from "./paging-links";

const AUDIT_PAGE_SIZE = 50;

/** The audit log, newest first, with its downloads. */
export async function AuditView({ lang, t, query, runtime, path }: ConsolePageProps) {
  const page = pageParam(query.page);
  const { entries, hasMore } = await runtime.store.listAudit((page - 1) * AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE);
  const here = (p: number) => consolePath(lang, path, { page: p > 1 ? p : undefined });
  return (
    <>
      <h1>{t("audit.heading")}</h1>
      <p className={styles.actions}>
        <a href={`${consoleActionPath("audit")}?format=csv`} download>
          {t("audit.downloadCsv")}
        </a>
        <a href={`${consoleActionPath("audit")}?format=json`} download>
          {t("audit.downloadJson")}
        </a>
      </p>
      {entries.length === 0 ? (
        <p>{t("audit.empty")}</p>
      ) : (
        <ConsoleTable columns={(["at", "moderator", "action", "comment", "report", "before", "after", "detail"] as const).map((column) => t(`audit.${column}`))}>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.at.toISOString()}>{formatCommentDate(entry.at, lang)}</time>
                  </td>
                  <td>{entry.moderator}</td>
                  <td>{entry.action}</td>
                  <td>{entry.commentId ? <a href={consolePath(lang, "comment", { id: entry.commentId })}>#{entry.commentId}</a> : "—"}</td>
                  <td>{entry.slug ?? "—"}</td>
                  <td>{entry.statusBefore ?? "—"}</td>
                  <td>{entry.statusAfter ?? "—"}</td>
                  <td>{entry.detail ?? ""}</td>
                </tr>
              ))}
        </ConsoleTable>
      )}
      <PagingLinks t={t} page={page} hasMore={hasMore} pathFor={here} />
    </>
  );
}
