import { hasBilingualMode } from "@/lib/content/align-paragraphs";
import { getReports } from "@/lib/content/reports";
import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import { homePath } from "@/lib/routes";
import { LanguageToggle } from "./language-toggle";
import { ReadingControls } from "./reading-controls";

export function SiteHeader({ lang }: { lang: Lang }) {
  const t = getT(lang);
  // Only reports with an English text get a 中英对照 link in the toggle.
  const bilingualSlugs = getReports().filter(hasBilingualMode).map((report) => report.slug);
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <a href={homePath(lang)} className="site-name">
          {t("site.name")}
        </a>
        <LanguageToggle lang={lang} bilingualSlugs={bilingualSlugs} />
      </div>
      <div className="site-header-tools">
        <ReadingControls />
      </div>
    </header>
  );
}
