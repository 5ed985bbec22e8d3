import { hasBilingualMode } from "@/lib/content/align-paragraphs";
import { getReports } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import { homePath } from "@/lib/routes";
import { LanguageToggle } from "./language-toggle";
import { SearchForm } from "./search-form";

export function SiteHeader({ lang }: { lang: Lang }) {
  const t = getT(lang);
  const chineseOnlySlugs = getReports()
    .filter((report) => !hasBilingualMode(report))
    .map((report) => report.slug);
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <a href={homePath(lang)} className="site-name">
            {t("site.name")}
          </a>
          <LanguageToggle lang={lang} chineseOnlySlugs={chineseOnlySlugs} />
        </div>
      </header>
      <SearchForm lang={lang} />
    </>
  );
}
