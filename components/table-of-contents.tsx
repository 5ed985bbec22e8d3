import type { ReportSection } from "@/lib/content/report-types";
import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";

/** Plain in-page links to every section: works without JavaScript. */
export function TableOfContents({ lang, sections }: { lang: Lang; sections: Pick<ReportSection, "id" | "title">[] }) {
  const t = getT(lang);
  return (
    <nav aria-labelledby="toc-heading" className="toc">
      <h2 id="toc-heading" className="toc-heading">
        {t("article.toc")}
      </h2>
      <ol>
        {sections.map((section) => (
          <li key={section.id}>
            <a href={`#${section.id}`}>{section.title}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
