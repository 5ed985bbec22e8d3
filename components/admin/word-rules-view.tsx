import { consoleActionPath, consolePath } from "@/lib/comments/moderation/console-paths";
import { MAX_WORD_RULE_LENGTH } from "@/lib/comments/word-rules/word-rule";
import type { ConsolePageProps } from "./console-context";
import { ConsoleFormFields } from "./console-form-fields";
import styles from "./console.module.css";
import { ConsoleTable } from "./console-table";
import { pageParam, PagingLinks } from "./paging-links";

const WORDS_PAGE_SIZE = 100;
/** The pasted list's size cap: the console's form bodies are read up to this. */
export const MAX_WORD_LIST_CHARS = 60_000;

/** 敏感词: the list (filterable, paged), add one entry, remove one, or import a list in the file format. */
export async function WordRulesView({ lang, t, session, query, runtime, path }: ConsolePageProps) {
  const page = pageParam(query.page);
  const search = (query.q ?? "").trim().slice(0, MAX_WORD_RULE_LENGTH);
  const all = (await runtime.store.listWordRules()).filter((rule) => search === "" || rule.word.includes(search));
  const rules = all.slice((page - 1) * WORDS_PAGE_SIZE, page * WORDS_PAGE_SIZE);
  const here = (p: number) => consolePath(lang, path, { q: search, page: p > 1 ? p : undefined });
  const hidden = <ConsoleFormFields csrfToken={session.csrfToken} lang={lang} returnTo={here(page)} />;
  return (
    <>
      <h1>{t("tabs.words")}</h1>
      <p>{t("words.intro")}</p>
      <form action={consoleActionPath("words-add")} method="post" className={styles.filters} aria-labelledby="words-add-heading">
        <h2 id="words-add-heading" className={styles.skip}>
          {t("words.add")}
        </h2>
        {hidden}
        <div className={styles.field}>
          <label htmlFor="word-new">{t("words.word")}</label>
          <input id="word-new" name="word" required maxLength={MAX_WORD_RULE_LENGTH} />
        </div>
        <div className={styles.field}>
          <label htmlFor="word-action">{t("words.action")}</label>
          <select id="word-action" name="action" defaultValue="reject">
            <option value="reject">{t("words.reject")}</option>
            <option value="hold">{t("words.hold")}</option>
          </select>
        </div>
        <button type="submit" className={styles.button}>
          {t("words.add")}
        </button>
      </form>

      <form method="get" action={consolePath(lang, path)} className={styles.filters} aria-label={t("queue.filters")}>
        <div className={styles.field}>
          <label htmlFor="word-search">{t("words.search")}</label>
          <input id="word-search" name="q" type="search" defaultValue={search} />
        </div>
        <button type="submit" className={`${styles.button} ${styles.secondary}`}>
          {t("queue.apply")}
        </button>
      </form>

      <p>{t("words.count", { count: all.length })}</p>
      {rules.length === 0 ? null : (
        <ConsoleTable columns={[t("words.word"), t("words.action"), { hidden: t("words.remove") }]}>
              {rules.map((rule) => (
                <tr key={rule.word}>
                  <td>
                    <bdi>{rule.word}</bdi>
                  </td>
                  <td>{rule.action === "hold" ? t("words.hold") : t("words.reject")}</td>
                  <td>
                    <form action={consoleActionPath("words-remove")} method="post">
                      {hidden}
                      <input type="hidden" name="word" value={rule.word} />
                      <button type="submit" className={`${styles.button} ${styles.secondary}`} aria-label={`${t("words.remove")}: ${rule.word}`}>
                        {t("words.remove")}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
        </ConsoleTable>
      )}
      <PagingLinks t={t} page={page} hasMore={page * WORDS_PAGE_SIZE < all.length} pathFor={here} />

      <section className={styles.section} aria-labelledby="words-import-heading">
        <h2 id="words-import-heading">{t("words.import")}</h2>
        <p>{t("words.importHint")}</p>
        <form action={consoleActionPath("words-import")} method="post" className={styles.form}>
          {hidden}
          <div className={styles.field}>
            <label htmlFor="words-list">{t("words.list")}</label>
            <textarea id="words-list" name="list" rows={8} maxLength={MAX_WORD_LIST_CHARS} required />
          </div>
          <button type="submit" className={styles.button}>
            {t("words.importSubmit")}
          </button>
        </form>
        <p>
          <a href={`${consoleActionPath("words")}?lang=${lang}`} download>
            {t("words.download")}
          </a>
        </p>
      </section>

    </>
  );
}
