import type { AlertEvent } from "../store/comment-store";
import { getT } from "@/lib/i18n/get-translator";

/** Most events listed one by one in a message; the rest are counted. */
const LISTED = 20;

export interface AlertMessage {
  subject: string;
  /** Plain text (e-mail). */
  text: string;
  /** Markdown (WeCom). */
  markdown: string;
  counts: { pending: number; reported: number };
}

/** One message for a batch, in Chinese (the newsroom's language): counts, then the first events, then the console link. */
export function alertMessage(events: readonly AlertEvent[], consoleUrl: string | null): AlertMessage {
  const t = getT("zh", "comments");
  const counts = { pending: events.filter((e) => e.kind === "pending").length, reported: events.filter((e) => e.kind === "reported").length };
  const subject = t("alerts.subject", { pending: counts.pending, reported: counts.reported });
  const lines = events.slice(0, LISTED).map((e) => t(`alerts.${e.kind}`, { id: e.commentId, slug: e.slug }));
  if (events.length > LISTED) lines.push(t("alerts.more", { count: events.length - LISTED }));
  const link = consoleUrl ? t("alerts.open", { url: consoleUrl }) : "";
  return {
    subject,
    text: [subject, "", ...lines, ...(link ? ["", link] : [])].join("\n"),
    markdown: [`**${subject}**`, ...lines.map((line) => `> ${line}`), ...(consoleUrl ? [`[${t("alerts.openLink")}](${consoleUrl})`] : [])].join("\n"),
    counts,
  };
}
