import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import { homePath } from "@/lib/routes";
import { LanguageToggle } from "./language-toggle";
import { ReadingControls } from "./reading-controls";
import { SearchForm } from "./search-form";

export function SiteHeader({ lang }: { lang: Lang }) {
  const t = getT(lang);
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <a href={homePath(lang)} className="site-name">
            {t("site.name")}
          </a>
          <LanguageToggle lang={lang} />
        </div>
        <div className="site-header-tools">
          <ReadingControls lang={lang} />
        </div>
      </header>
      <SearchForm lang={lang} />
    </>
  );
}
