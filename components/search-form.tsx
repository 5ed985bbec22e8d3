import { MAX_QUERY_CHARS } from "@/lib/search/search-query";
import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import { searchPath } from "@/lib/routes";

/** A plain GET form to /{lang}/search: works without JavaScript. Below the sticky header, so anchors keep their offset. */
export function SearchForm({ lang, query = "" }: { lang: Lang; query?: string }) {
  const t = getT(lang);
  const id = query ? "search-page-q" : "site-search-q";
  return (
    // The header's form is the search landmark; the search page's own box (holding the query) is a plain form.
    <form action={searchPath(lang)} method="get" className={query ? "search-form search-form-page" : "search-form"} {...(query ? {} : { role: "search", "aria-label": t("search.label") })}>
      <label htmlFor={id} className="visually-hidden">
        {t("search.label")}
      </label>
      <input id={id} type="search" name="q" defaultValue={query} placeholder={t("search.placeholder")} maxLength={MAX_QUERY_CHARS} autoComplete="off" enterKeyHint="search" />
      <button type="submit">{t("search.submit")}</button>
    </form>
  );
}
