import { getReports } from "@/lib/content/reports";
import type { ReportSummary } from "@/lib/content/report-types";
import type { CommentsRuntime } from "./comments-runtime";

let index: { reports: readonly ReportSummary[]; closed: ReadonlySet<string> } | undefined;

/** Whether a report's front matter says `comments: false` (in any of its languages). */
export function commentsClosedInFrontMatter(slug: string): boolean {
  const reports = getReports();
  if (index?.reports !== reports) {
    const closed = new Set(reports.filter((report) => Object.values(report.languages).some((content) => content?.meta.comments === false)).map((report) => report.slug));
    index = { reports, closed };
  }
  return index.closed.has(slug);
}

/** Closed by the front matter or from the console: readers may read the comments, not add any or like them. */
export async function areCommentsClosed(runtime: CommentsRuntime, slug: string): Promise<boolean> {
  return commentsClosedInFrontMatter(slug) || (await runtime.store.isReportClosed(slug));
}
