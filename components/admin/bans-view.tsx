import { consoleActionPath, consolePath } from "@/lib/comments/moderation/console-paths";
import { formatCommentDate } from "@/lib/comments/relative-time";
import type { ConsolePageProps } from "./console-context";
import styles from "./console.module.css";

/** Bans in force, each with a lift button. */
export async function BansView({ lang, t, session, runtime, path }: ConsolePageProps) {
  const bans = await runtime.store.listBans(new Date());
  return (
    <>
      <h1>{t("bans.heading")}</h1>
      {bans.length === 0 ? (
        <p>{t("bans.empty")}</p>
      ) : (
        <div className={styles.scroll}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t("bans.created")}</th>
                <th scope="col">{t("bans.until")}</th>
                <th scope="col">{t("bans.moderator")}</th>
                <th scope="col">{t("bans.comment")}</th>
                <th scope="col">
                  <span className={styles.skip}>{t("bans.lift")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {bans.map((ban) => (
                <tr key={ban.id}>
                  <td>{ban.id}</td>
                  <td>{formatCommentDate(ban.createdAt, lang)}</td>
                  <td>{ban.until ? formatCommentDate(ban.until, lang) : t("bans.permanent")}</td>
                  <td>{ban.moderator}</td>
                  <td>{ban.commentId ? <a href={consolePath(lang, "comment", { id: ban.commentId })}>#{ban.commentId}</a> : "—"}</td>
                  <td>
                    <form action={consoleActionPath("lift-ban")} method="post">
                      <input type="hidden" name="csrf" value={session.csrfToken} />
                      <input type="hidden" name="lang" value={lang} />
                      <input type="hidden" name="ban" value={ban.id} />
                      <input type="hidden" name="return" value={consolePath(lang, path)} />
                      <button type="submit" className={`${styles.button} ${styles.secondary}`} aria-label={t("bans.liftBan", { id: ban.id })}>
                        {t("bans.lift")}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
