import type { TFunction } from "i18next";
import { consoleActionPath } from "@/lib/comments/moderation/console-paths";
import type { Lang } from "@/lib/i18n/languages";
import styles from "./console.module.css";

/** The sign-in page: a plain form (name and password) that works without JavaScript. */
export function SignInView({ lang, t, query }: { lang: Lang; t: TFunction; query: Record<string, string | undefined> }) {
  const error = query.error;
  const known = error === "invalid" || error === "rate_limited" || error === "session";
  const seconds = Number(query.retry);
  return (
    <main id="console-main" className={styles.main} tabIndex={-1}>
      <h1>{t("signIn.heading")}</h1>
      {query.done === "sign-out" ? (
        <p role="status" className={styles.notice}>
          {t("signIn.signedOut")}
        </p>
      ) : null}
      {known ? (
        <p role="alert" className={styles.error}>
          {t(`signIn.error.${error}`, { seconds: Number.isInteger(seconds) && seconds > 0 ? seconds : 60 })}
        </p>
      ) : null}
      <form className={styles.form} action={consoleActionPath("sign-in")} method="post">
        <input type="hidden" name="lang" value={lang} />
        <div className={styles.field}>
          <label htmlFor="console-name">{t("signIn.name")}</label>
          <input id="console-name" name="name" type="text" autoComplete="username" required maxLength={64} autoCapitalize="none" spellCheck={false} />
        </div>
        <div className={styles.field}>
          <label htmlFor="console-password">{t("signIn.password")}</label>
          <input id="console-password" name="password" type="password" autoComplete="current-password" required maxLength={1000} />
        </div>
        <div>
          <button type="submit" className={styles.button}>
            {t("signIn.submit")}
          </button>
        </div>
      </form>
    </main>
  );
}
