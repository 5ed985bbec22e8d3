import { alignReport, type ParagraphPair } from "@/lib/content/align-paragraphs";
import type { LocalizedReport } from "@/lib/content/report-types";
import { HYDRATE_ON_DEMAND } from "@/lib/hydrate-on-demand";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { bilingualPath, sectionPath } from "@/lib/routes";
import { ArticleByline } from "./article-byline";
import { ArticleNotices } from "./article-notices";
import { Breadcrumb } from "./breadcrumb";
import { SectionToolsScript } from "./section-tools-script";
import { CopyLinkButton } from "./copy-link-button";
import { ReadAloud } from "./read-aloud";
import { ShareQrCode } from "./share-qr-code";
import { TableOfContents } from "./table-of-contents";

interface BilingualViewProps {
  /** Language of the interface (breadcrumb, byline, contents, buttons). */
  lang: Lang;
  zh: LocalizedReport;
  en: LocalizedReport;
}

/**
 * 中英对照: the article with each Chinese paragraph beside (wide screens) or
 * above (narrow ones) its English translation. Sections keep the article's
 * markup (`section[data-section-id]` > `h2#id` > self-link), so #links, the
 * :target highlight and the language toggle's section tracking work unchanged.
 */
export function BilingualView({ lang, zh, en }: BilingualViewProps) {
  const t = getT(lang);
  const { lede, sections } = alignReport(zh, en);
  // Byline and dates as the reader's language writes them; the draft flag is the Chinese file's.
  const meta = lang === "zh" ? zh.meta : en.meta;
  const path = bilingualPath(lang, zh.meta.slug);
  return (
    <article className="article bilingual" lang={HTML_LANG[lang]} {...HYDRATE_ON_DEMAND}>
      <SectionToolsScript />
      <Breadcrumb lang={lang} category={meta.category} />
      <ArticleNotices lang={lang} draft={zh.meta.draft} isFallback={false} />
      <header className="article-header">
        <h1 className="article-title bilingual-title">
          <span className="bilingual-title-zh" lang={HTML_LANG.zh}>
            {zh.meta.title}
          </span>{" "}
          <span className="bilingual-title-en" lang={HTML_LANG.en}>
            {en.meta.title}
          </span>
        </h1>
        <ArticleByline lang={lang} meta={meta} path={path} />
        <p className="bilingual-note">{t("language.bilingualNote")}</p>
        <div className="no-print">
          <ShareQrCode lang={lang} path={path} scope="report" />
        </div>
      </header>
      <div className="article-lede">
        <ParagraphPairs pairs={lede} />
      </div>
      <TableOfContents lang={lang} sections={sections.map((section) => ({ id: section.id, title: section.title[lang] }))} />
      {sections.map((section) => (
        <section key={section.id} className="report-section" data-section-id={section.id} data-read-aloud="" aria-labelledby={section.id}>
          <div className="section-heading">
            <h2 id={section.id} className="section-title">
              <a href={`#${section.id}`} className="section-anchor">
                <span className="bilingual-heading-zh" lang={HTML_LANG.zh}>
                  {section.title.zh}
                </span>{" "}
                <span className="bilingual-heading-en" lang={HTML_LANG.en}>
                  {section.title.en}
                </span>
              </a>
            </h2>
            <div className="section-tools">
              <CopyLinkButton lang={lang} path={sectionPath(lang, zh.meta.slug, section.id)} title={section.title[lang]} />
              <ReadAloud lang={lang} languages={["zh", "en"]} />
              <ShareQrCode lang={lang} path={sectionPath(lang, zh.meta.slug, section.id)} scope="section" />
            </div>
          </div>
          <ParagraphPairs pairs={section.pairs} />
        </section>
      ))}
    </article>
  );
}

/**
 * Each pair in reading order, Chinese first, each paragraph in its own
 * language. Report HTML comes from our own Markdown pipeline (sanitized there).
 */
function ParagraphPairs({ pairs }: { pairs: ParagraphPair[] }) {
  return (
    <div className="bilingual-pairs">
      {pairs.map((pair, index) => (
        <div key={index} className="bilingual-pair">
          <div className="bilingual-zh" lang={HTML_LANG.zh} data-read-aloud-text="zh" dangerouslySetInnerHTML={{ __html: pair.zh.html }} />
          <div className="bilingual-en" lang={HTML_LANG.en} data-read-aloud-text="en" dangerouslySetInnerHTML={{ __html: pair.en.html }} />
        </div>
      ))}
    </div>
  );
}
