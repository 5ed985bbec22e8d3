import type { ReportReason } from "@/lib/comments/comment-api-types";

/** The 举报 / Report control's words, in the reader's language. */
export interface ReportLabels {
  report: string;
  heading: string;
  reason: string;
  reasons: Record<ReportReason, string>;
  submit: string;
  reported: string;
  alreadyReported: string;
}

/** The labels from the `comments` strings: one place for the widget and the no-JavaScript page. */
export function reportLabels(t: (key: string) => string): ReportLabels {
  return {
    report: t("report"),
    heading: t("reportHeading"),
    reason: t("reportReason"),
    reasons: { spam: t("reportReasons.spam"), abuse: t("reportReasons.abuse"), illegal: t("reportReasons.illegal"), other: t("reportReasons.other") },
    submit: t("reportSubmit"),
    reported: t("reported"),
    alreadyReported: t("alreadyReported"),
  };
}
