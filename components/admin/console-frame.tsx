import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { consoleActionPath, consolePath } from "@/lib/comments/moderation/console-paths";
import type { ConsoleSession } from "@/lib/comments/moderation/moderator-session";
import { otherLang, type Lang } from "@/lib/i18n/languages";
import { CONSOLE_ROUTES } from "./console-routes";
import { ConsoleFormFields } from "./console-form-fields";
import styles from "./console.module.css";

/** The console around a page: title, the other language, who is signed in, sign-out, tabs, and the outcome of the last form. */
export function ConsoleFrame({ lang, t, session, current, query, children }: { lang: Lang; t: TFunction; session: ConsoleSession; current: string; query: Record<string, string | undefined>; children: ReactNode }) {
  const done = query.done;
  const error = query.error;
  const count = Number(query.count ?? 0);
  return (
    <>
      <header className={styles.top}>
        <p className={styles.brand}>
          <a href={consolePath(lang)}>{t("title")}</a>
        </p>
        <div className={styles.account}>
          <a href={consolePath(otherLang(lang), current)} lang={otherLang(lang) === "zh" ? "zh-CN" : "en"} hrefLang={otherLang(lang) === "zh" ? "zh-CN" : "en"}>
            {t("otherLanguage")}
          </a>
          <span>{t("signedInAs", { name: session.moderator.name })}</span>
          <form action={consoleActionPath("sign-out")} method="post">
            <ConsoleFormFields csrfToken={session.csrfToken} lang={lang} />
            <button type="submit">{t("signOut")}</button>
          </form>
        </div>
      </header>
      <nav className={styles.tabs} aria-label={t("nav")}>
        <ul>
          {CONSOLE_ROUTES.filter((route) => route.tab).map((route) => (
            <li key={route.path}>
              <a href={consolePath(lang, route.path)} aria-current={route.path === current ? "page" : undefined}>
                {t(`tabs.${route.tab}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="console-main" className={styles.main} tabIndex={-1}>
        {done ? (
          <p role="status" className={styles.notice}>
            {t(`done.${done}`, { count, defaultValue: "" })}
          </p>
        ) : null}
        {error ? (
          <p role="alert" className={styles.error}>
            {t(`errors.${error}`, { count, defaultValue: t("errors.invalid") })}
          </p>
        ) : null}
        {children}
      </main>
    </>
  );
}
