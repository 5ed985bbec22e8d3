import type { Metadata } from "next";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, LANGUAGES } from "@/lib/i18n/languages";
import { homePath } from "@/lib/routes";
import "./globals.css";

export const metadata: Metadata = { title: LANGUAGES.map((lang) => getT(lang)("notFound.title")).join(" · ") };

/** For URLs outside any language (e.g. /fr/...): the language is unknown, so say it in both. */
export default function GlobalNotFound() {
  return (
    <html lang={HTML_LANG.zh}>
      <body>
        <main id="main" className="not-found">
          {LANGUAGES.map((lang) => {
            const t = getT(lang);
            return (
              <section key={lang} lang={HTML_LANG[lang]}>
                <h1>{t("notFound.title")}</h1>
                <p>{t("notFound.body")}</p>
                <p>
                  <a href={homePath(lang)}>{t("notFound.home")}</a>
                </p>
              </section>
            );
          })}
        </main>
      </body>
    </html>
  );
}
