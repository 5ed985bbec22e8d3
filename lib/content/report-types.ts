import type { Lang } from "@/lib/i18n/languages";

export interface ReportMeta {
  slug: string;
  lang: Lang;
  title: string;
  summary: string;
  /** Day this site published the report, YYYY-MM-DD. */
  date: string;
  /** Day the source first published it, YYYY-MM-DD, when an editor knows it; never after `date`. */
  originalDate?: string;
  /** Date of the last substantive update, YYYY-MM-DD, never before `date`. */
  updated?: string;
  source: string;
  reporter?: string;
  correspondent?: string;
  /** Key of a known category (see `categories.ts`); its label comes from the locales. */
  category: string;
  draft: boolean;
  /** `comments: false` in the front matter: comments are closed (absent: open). */
  comments?: false;
}

/** One top-level block (usually a paragraph) of the body. */
export interface ContentBlock {
  html: string;
  text: string;
  /** Line in the Markdown file where the block starts, for content:check messages. */
  line?: number;
}

export interface ReportSection {
  /** Stable id shared by every language, e.g. `oversight`. */
  id: string;
  title: string;
  html: string;
  text: string;
  blocks: ContentBlock[];
}

export interface Lede {
  html: string;
  text: string;
  blocks: ContentBlock[];
}

/** A report in one language. */
export interface LocalizedReport {
  meta: ReportMeta;
  lede: Lede;
  sections: ReportSection[];
}

/** A report folder: Chinese always, English when translated. */
export interface Report {
  slug: string;
  languages: Partial<Record<Lang, LocalizedReport>> & { zh: LocalizedReport };
}

/**
 * What lists, feeds' channel, sitemaps and routing need of a report in one
 * language: its metadata and section ids and titles, never the body. With
 * thousands of reports, each process keeps only these and loads a body when
 * a page needs it.
 */
export interface LocalizedReportSummary {
  meta: ReportMeta;
  sections: Pick<ReportSection, "id" | "title">[];
}

export interface ReportSummary {
  slug: string;
  languages: Partial<Record<Lang, LocalizedReportSummary>> & { zh: LocalizedReportSummary };
}
