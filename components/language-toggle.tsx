"use client";

import { usePathname } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "@/components/translations-provider";
import { HTML_LANG, LANG_COOKIE, type Lang } from "@/lib/i18n/languages";
import { readingModeLinks, type ReadingMode } from "@/lib/routes";
import { currentSectionId } from "./current-section-id";

interface LanguageToggleProps {
  /** Language of the interface. */
  lang: Lang;
}

/**
 * 中文 · English · 中英对照: plain links to the same page in each reading
 * mode, so they work without JavaScript. With JavaScript they also carry the
 * section the reader is in (#id) and remember a language choice in a cookie.
 */
export function LanguageToggle({ lang }: LanguageToggleProps) {
  const { t } = useTranslation("common");
  const pathname = usePathname() ?? `/${lang}`;
  const [sectionInView, setSectionInView] = useState<string>();
  // 中英对照 is offered on every report page; a page of a report without English hides it (see NoBilingualMode).
  const links = useMemo(() => readingModeLinks(pathname), [pathname]);

  useEffect(() => {
    const update = () => setSectionInView(currentSectionId());
    update();
    window.addEventListener("scroll", update, { passive: true });
    window.addEventListener("hashchange", update);
    return () => {
      window.removeEventListener("scroll", update);
      window.removeEventListener("hashchange", update);
    };
  }, []);

  const remember = (choice: ReadingMode) => {
    // The cookie decides which language / opens in; the bilingual mode is not a language.
    if (choice === "bilingual") return;
    document.cookie = `${LANG_COOKIE}=${choice}; path=/; max-age=31536000; samesite=lax`;
  };

  return (
    <nav aria-label={t("language.label")} className="language-toggle">
      <ul>
        {links.map(({ mode, href, current, carriesSection }) => {
          // 中文 and English are written in their own language; 中英对照 / Bilingual in the interface's.
          const labelLang = HTML_LANG[mode === "bilingual" ? lang : mode];
          const label = t(`language.${mode}`);
          const target = carriesSection && sectionInView ? `${href.replace(/#.*$/, "")}#${sectionInView}` : href;
          return (
            <li key={mode} className={`reading-mode-${mode}`}>
              {current ? (
                <span aria-current="true" lang={labelLang} className="language-current">
                  {label}
                </span>
              ) : (
                <a href={target} hrefLang={labelLang} lang={labelLang} onClick={() => remember(mode)} data-testid={`switch-to-${mode}`}>
                  {label}
                </a>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
