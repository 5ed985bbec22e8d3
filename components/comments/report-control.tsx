"use client";

import { useState, type FormEvent } from "react";
import { reportFormApiPath } from "@/lib/comments/comment-paths";
import type { Lang } from "@/lib/i18n/languages";
import { REPORT_REASONS } from "@/lib/comments/comment-api-types";
import type { ReportLabels } from "./report-labels";
import { CommentsRequestError, reportComment } from "./comments-api-client";
import styles from "./comments.module.css";

/**
 * 举报 / Report: a disclosure with a plain form (reason, then send), so it
 * works without JavaScript (the form posts and the page comes back with a
 * message); with JavaScript the same form is sent with fetch and answered in
 * place. `errorMessage` turns an API error code into the reader's language.
 */
export function ReportControl({
  lang,
  commentId,
  labels,
  errorMessage,
}: {
  lang: Lang;
  commentId: string;
  labels: ReportLabels;
  errorMessage?: (code: string, retryAfterSeconds: number | null) => string;
}) {
  const [state, setState] = useState<{ status: "idle" | "busy" | "done" | "error"; message?: string }>({ status: "idle" });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    if (!errorMessage) return; // no handler given: let the browser post the form
    event.preventDefault();
    const reason = new FormData(event.currentTarget).get("reason");
    setState({ status: "busy" });
    try {
      const outcome = await reportComment(commentId, String(reason));
      setState({ status: "done", message: outcome === "reported" ? labels.reported : labels.alreadyReported });
    } catch (caught) {
      const failure = caught instanceof CommentsRequestError ? caught : new CommentsRequestError("internal_error");
      setState({ status: "error", message: errorMessage(failure.code, failure.retryAfterSeconds) });
    }
  };

  if (state.status === "done") {
    return (
      <p role="status" className={styles.reportDone}>
        {state.message}
      </p>
    );
  }
  return (
    <details className={styles.report}>
      <summary className={styles.textButton}>{labels.report}</summary>
      <form action={reportFormApiPath(commentId)} method="post" className={styles.reportForm} onSubmit={submit}>
        <input type="hidden" name="lang" value={lang} />
        <fieldset>
          <legend>{labels.heading}</legend>
          {REPORT_REASONS.map((reason, i) => (
            <label key={reason} className={styles.reportReason}>
              <input type="radio" name="reason" value={reason} required defaultChecked={i === 0} /> {labels.reasons[reason]}
            </label>
          ))}
        </fieldset>
        {state.status === "error" ? (
          <p role="alert" className={`${styles.flash} ${styles.flashError}`}>
            {state.message}
          </p>
        ) : null}
        <button type="submit" className={styles.textButton} disabled={state.status === "busy"}>
          {labels.submit}
        </button>
      </form>
    </details>
  );
}
