"use client";

import { usePathname } from "next/navigation";
import { useTranslation } from "@/components/translations-provider";
import { CARRIES_SECTION_ATTRIBUTE, REMEMBER_LANG_ATTRIBUTE } from "@/lib/i18n/language-toggle-script";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { readingModeLinks } from "@/lib/routes";

interface LanguageToggleProps {
  /** Language of the interface. */
  lang: Lang;
}

/**
 * 中文 · English · 中英对照: plain links to the same page in each reading
 * mode, so they work without JavaScript. A client component only to know the
 * page's path (the layout does not); it holds no state and no effects: the
 * small script in <head> (lib/i18n/language-toggle-script.ts) makes the links
 * carry the section the reader is in (#id) and remembers a language choice in
 * a cookie, so hydrating the header measures nothing.
 */
export function LanguageToggle({ lang }: LanguageToggleProps) {
  const { t } = useTranslation("common");
  const pathname = usePathname() ?? `/${lang}`;
  // 中英对照 is offered on every report page; a page of a report without English hides it (see NoBilingualMode).
  const links = readingModeLinks(pathname);

  return (
    <nav aria-label={t("language.label")} className="language-toggle">
      <ul>
        {links.map(({ mode, href, current, carriesSection }) => {
          // 中文 and English are written in their own language; 中英对照 / Bilingual in the interface's.
          const labelLang = HTML_LANG[mode === "bilingual" ? lang : mode];
          const label = t(`language.${mode}`);
          return (
            <li key={mode} className={`reading-mode-${mode}`}>
              {current ? (
                <span aria-current="true" lang={labelLang} className="language-current">
                  {label}
                </span>
              ) : (
                <a
                  href={href}
                  hrefLang={labelLang}
                  lang={labelLang}
                  data-testid={`switch-to-${mode}`}
                  // The cookie decides which language / opens in; the bilingual mode is not a language.
                  {...(carriesSection ? { [CARRIES_SECTION_ATTRIBUTE]: href } : {})}
                  {...(mode === "bilingual" ? {} : { [REMEMBER_LANG_ATTRIBUTE]: mode })}
                >
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
