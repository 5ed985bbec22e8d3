import type { ReportSummary } from "@/lib/content/report-types";

/**
 * Marks a page of a report that has no English: the stylesheet then hides the
 * header's 中英对照 link (`body:has(.no-bilingual-mode)`). The layout's header
 * cannot know which report a page shows, and giving it the list of such reports
 * would put that list, growing with the archive, into every page.
 */
export function NoBilingualMode({ report }: { report: ReportSummary }) {
  return report.languages.en ? null : <span className="no-bilingual-mode" hidden />;
}
