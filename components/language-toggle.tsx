"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { HTML_LANG, LANG_COOKIE, LANGUAGES, type Lang } from "@/lib/i18n/languages";
import { switchLanguagePath } from "@/lib/routes";
import { currentSectionId } from "./current-section-id";

/**
 * 中文 · English: plain links to the same page in each language, so they work
 * without JavaScript. With JavaScript they also carry the section the reader
 * is in (#id) and remember the choice in a cookie.
 */
export function LanguageToggle({ lang }: { lang: Lang }) {
  const { t } = useTranslation("common");
  const pathname = usePathname() ?? `/${lang}`;
  const [fragment, setFragment] = useState("");

  useEffect(() => {
    const update = () => {
      const id = currentSectionId();
      setFragment(id ? `#${id}` : "");
    };
    update();
    window.addEventListener("scroll", update, { passive: true });
    window.addEventListener("hashchange", update);
    return () => {
      window.removeEventListener("scroll", update);
      window.removeEventListener("hashchange", update);
    };
  }, []);

  const remember = (choice: Lang) => {
    document.cookie = `${LANG_COOKIE}=${choice}; path=/; max-age=31536000; samesite=lax`;
  };

  return (
    <nav aria-label={t("language.label")} className="language-toggle">
      <ul>
        {LANGUAGES.map((option) => (
          <li key={option}>
            {option === lang ? (
              <span aria-current="true" lang={HTML_LANG[option]} className="language-current">
                {t(`language.${option}`)}
              </span>
            ) : (
              <a
                href={`${switchLanguagePath(pathname, option)}${fragment}`}
                hrefLang={HTML_LANG[option]}
                lang={HTML_LANG[option]}
                onClick={() => remember(option)}
                data-testid={`switch-to-${option}`}
              >
                {t(`language.${option}`)}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
