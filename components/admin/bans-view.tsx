import { consoleActionPath, consolePath } from "@/lib/comments/moderation/console-paths";
import { formatCommentDate } from "@/lib/comments/relative-time";
import type { ConsolePageProps } from "./console-context";
import { ConsoleFormFields } from "./console-form-fields";
import styles from "./console.module.css";
import { ConsoleTable } from "./console-table";

/** Bans in force, each with a lift button. */
export async function BansView({ lang, t, session, runtime, path }: ConsolePageProps) {
  const bans = await runtime.store.listBans(new Date());
  return (
    <>
      <h1>{t("bans.heading")}</h1>
      {bans.length === 0 ? (
        <p>{t("bans.empty")}</p>
      ) : (
        <ConsoleTable columns={["#", t("bans.created"), t("bans.until"), t("bans.moderator"), t("bans.comment"), { hidden: t("bans.lift") }]}>
              {bans.map((ban) => (
                <tr key={ban.id}>
                  <td>{ban.id}</td>
                  <td>{formatCommentDate(ban.createdAt, lang)}</td>
                  <td>{ban.until ? formatCommentDate(ban.until, lang) : t("bans.permanent")}</td>
                  <td>{ban.moderator}</td>
                  <td>{ban.commentId ? <a href={consolePath(lang, "comment", { id: ban.commentId })}>#{ban.commentId}</a> : "—"}</td>
                  <td>
                    <form action={consoleActionPath("lift-ban")} method="post">
                      <ConsoleFormFields csrfToken={session.csrfToken} lang={lang} fields={{ ban: ban.id }} returnTo={consolePath(lang, path)} />
                      <button type="submit" className={`${styles.button} ${styles.secondary}`} aria-label={t("bans.liftBan", { id: ban.id })}>
                        {t("bans.lift")}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
        </ConsoleTable>
      )}
    </>
  );
}
