import type { Report } from "@/lib/content/report-types";
import type { Lang } from "@/lib/i18n/languages";

/** What one search result points at: the lede or a section of a report, in one language. */
export interface SearchDocument {
  slug: string;
  reportTitle: string;
  /** undefined for the lede (the link goes to the article itself). */
  sectionId?: string;
  sectionTitle?: string;
  text: string;
  /** Language of the text: the reader's, or Chinese for a report not translated yet. */
  textLang: Lang;
}

/**
 * The parts of a report searched in `lang`: its text in that language, or the
 * Chinese text when it has no translation (readers of /en still find Chinese-only reports).
 */
export function searchDocuments(report: Report, lang: Lang): SearchDocument[] {
  const content = report.languages[lang] ?? report.languages.zh;
  const base = { slug: report.slug, reportTitle: content.meta.title, textLang: content.meta.lang };
  return [
    { ...base, text: `${content.meta.summary}\n\n${content.lede.text}` },
    ...content.sections.map((section) => ({ ...base, sectionId: section.id, sectionTitle: section.title, text: section.text })),
  ];
}
