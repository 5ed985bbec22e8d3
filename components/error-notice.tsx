"use client";

// Only the error strings, not every table: this component ships in every page's JavaScript.
import enErrors from "@/locales/en/errors.json";
import zhErrors from "@/locales/zh/errors.json";
import { HTML_LANG, isLang, LANGUAGES, otherLang, type Lang } from "@/lib/i18n/languages";
import { homePath } from "@/lib/routes";

const ERROR_STRINGS: Record<Lang, typeof zhErrors> = { zh: zhErrors, en: enErrors };

/** The page's language from its URL (`/en/...`), else Chinese: an error page may not know its params. */
export function langOfPath(pathname: string): Lang {
  const first = pathname.split("/")[1];
  return isLang(first) ? first : "zh";
}

/**
 * What a reader sees instead of a blank page when something breaks in the
 * browser: a plain message in the page's language and the other one, a retry,
 * and a link home (which works without JavaScript).
 */
export function ErrorNotice({ lang, onRetry }: { lang: Lang; onRetry: () => void }) {
  const order: Lang[] = [lang, otherLang(lang)].filter((l, i, all) => all.indexOf(l) === i && LANGUAGES.includes(l));
  return (
    <div className="not-found" role="alert">
      {order.map((l) => {
        const strings = ERROR_STRINGS[l].errorBoundary;
        return (
          <section key={l} lang={HTML_LANG[l]}>
            <h1>{strings.title}</h1>
            <p>{strings.message}</p>
            <p>
              <button type="button" onClick={onRetry}>
                {strings.retry}
              </button>{" "}
              <a href={homePath(l)}>{strings.home}</a>
            </p>
          </section>
        );
      })}
    </div>
  );
}
