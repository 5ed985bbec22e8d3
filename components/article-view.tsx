import type { LocalizedReport } from "@/lib/content/report-types";
import { HYDRATE_ON_DEMAND } from "@/lib/hydrate-on-demand";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { reportPath, sectionPath } from "@/lib/routes";
import { ArticleByline } from "./article-byline";
import { ArticleNotices } from "./article-notices";
import { Breadcrumb } from "./breadcrumb";
import { SectionToolsScript } from "./section-tools-script";
import { CommentsOnDemand } from "./comments-on-demand";
import { CopyLinkButton } from "./copy-link-button";
import { ReadAloud } from "./read-aloud";
import { ShareQrCode } from "./share-qr-code";
import { TableOfContents } from "./table-of-contents";

interface ArticleViewProps {
  /** Language of the interface. */
  lang: Lang;
  /** The text shown: in `lang`, or the Chinese original when there is no translation. */
  content: LocalizedReport;
  isFallback: boolean;
}

/**
 * The article: breadcrumb, title, byline, lede, contents and sections. Report
 * HTML comes from our own Markdown pipeline (sanitized there), never from readers.
 */
export function ArticleView({ lang, content, isFallback }: ArticleViewProps) {
  const t = getT(lang);
  const { meta, lede, sections } = content;
  const textLang = HTML_LANG[meta.lang];
  const path = reportPath(lang, meta.slug);
  return (
    <article className="article" lang={textLang} {...HYDRATE_ON_DEMAND}>
      <SectionToolsScript />
      <div lang={HTML_LANG[lang]}>
        <Breadcrumb lang={lang} category={meta.category} />
        <ArticleNotices lang={lang} draft={meta.draft} isFallback={isFallback} />
      </div>
      <header className="article-header">
        <h1 className="article-title">{meta.title}</h1>
        <ArticleByline lang={lang} meta={meta} path={path} />
        <div lang={HTML_LANG[lang]} className="no-print">
          <ShareQrCode lang={lang} path={path} scope="report" />
        </div>
      </header>
      <div className="article-lede" dangerouslySetInnerHTML={{ __html: lede.html }} />
      <div lang={HTML_LANG[lang]}>
        <TableOfContents lang={lang} sections={sections} />
      </div>
      {sections.map((section) => (
        <section key={section.id} className="report-section" data-section-id={section.id} data-read-aloud="" aria-labelledby={section.id}>
          <div className="section-heading">
            <h2 id={section.id} className="section-title">
              <a href={`#${section.id}`} className="section-anchor">
                {section.title}
              </a>
            </h2>
            <div className="section-tools" lang={HTML_LANG[lang]}>
              <CopyLinkButton lang={lang} path={sectionPath(lang, meta.slug, section.id)} title={section.title} />
              <ReadAloud lang={lang} languages={[meta.lang]} />
              <ShareQrCode lang={lang} path={sectionPath(lang, meta.slug, section.id)} scope="section" />
            </div>
          </div>
          <div className="section-body" data-read-aloud-text={meta.lang} dangerouslySetInnerHTML={{ __html: section.html }} />
        </section>
      ))}
      <div lang={HTML_LANG[lang]} className="no-print">
        <CommentsOnDemand lang={lang} slug={meta.slug} />
      </div>
    </article>
  );
}
