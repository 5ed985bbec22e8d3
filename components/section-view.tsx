import type { LocalizedReport } from "@/lib/content/report-types";
import { HYDRATE_ON_DEMAND } from "@/lib/hydrate-on-demand";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { reportPath, sectionAnchor, sectionPath } from "@/lib/routes";
import { ArticleNotices } from "./article-notices";
import { Breadcrumb } from "./breadcrumb";
import { SectionToolsScript } from "./section-tools-script";
import { ReadAloud } from "./read-aloud";
import { ShareQrCode } from "./share-qr-code";

interface SectionViewProps {
  lang: Lang;
  content: LocalizedReport;
  isFallback: boolean;
  sectionId: string;
}

/**
 * One section on its own page, for shared links: the section's text, one
 * click from the whole report (at the same place) and from its neighbours.
 */
export function SectionView({ lang, content, isFallback, sectionId }: SectionViewProps) {
  const t = getT(lang);
  const { meta, sections } = content;
  const index = sections.findIndex((s) => s.id === sectionId);
  const section = sections[index]!;
  const neighbours = [
    { label: "article.previousSection", rel: "prev", section: sections[index - 1] },
    { label: "article.nextSection", rel: "next", section: sections[index + 1] },
  ].flatMap((n) => (n.section ? [{ ...n, section: n.section }] : []));
  return (
    <article className="article section-page" lang={HTML_LANG[meta.lang]} data-read-aloud="" {...HYDRATE_ON_DEMAND}>
      <SectionToolsScript />
      <div lang={HTML_LANG[lang]}>
        <Breadcrumb lang={lang} category={meta.category} />
        <ArticleNotices lang={lang} draft={meta.draft} isFallback={isFallback} />
        <p className="section-page-report">
          {t("article.partOf")}{" "}
          <a href={reportPath(lang, meta.slug)} lang={HTML_LANG[meta.lang]}>
            {meta.title}
          </a>
        </p>
      </div>
      <h1 className="article-title" id={section.id}>
        {section.title}
      </h1>
      <div className="section-tools no-print" lang={HTML_LANG[lang]}>
        <ReadAloud lang={lang} languages={[meta.lang]} />
        <ShareQrCode lang={lang} path={sectionPath(lang, meta.slug, section.id)} scope="section" />
      </div>
      <div className="section-body" data-read-aloud-text={meta.lang} dangerouslySetInnerHTML={{ __html: section.html }} />
      <nav className="section-page-nav" aria-label={t("article.sectionNav")} lang={HTML_LANG[lang]}>
        <p className="section-page-full">
          <a href={sectionAnchor(lang, meta.slug, section.id)}>{t("article.readFullAt")}</a>
        </p>
        <ul>
          {neighbours.map(({ label, rel, section: neighbour }) => (
            <li key={rel}>
              <span className="section-page-nav-label">{t(label)}</span>{" "}
              <a href={sectionPath(lang, meta.slug, neighbour.id)} rel={rel} lang={HTML_LANG[meta.lang]}>
                {neighbour.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </article>
  );
}
