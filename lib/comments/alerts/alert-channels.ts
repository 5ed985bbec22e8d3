import type { AlertEvent } from "../store/comment-store";
import type { AlertConfig } from "./alert-config";
import { alertMessage } from "./alert-message";

/** A way to tell moderators; `send` throws when the message did not get through (it is then retried). */
export interface AlertChannel {
  name: string;
  send(events: readonly AlertEvent[]): Promise<void>;
}

/** A receiver that does not answer within this long counts as failed. */
const SEND_TIMEOUT_MS = 10_000;

async function post(url: string, body: unknown): Promise<Response> {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`answered ${response.status}`);
  return response;
}

export function alertChannels(config: AlertConfig): AlertChannel[] {
  const channels: AlertChannel[] = [];
  const { consoleUrl } = config;
  if (config.webhookUrl) {
    const url = config.webhookUrl;
    channels.push({
      name: "webhook",
      async send(events) {
        const message = alertMessage(events, consoleUrl);
        await post(url, {
          type: "comments.alert",
          counts: message.counts,
          events: events.map((e) => ({ id: e.id, kind: e.kind, commentId: e.commentId, slug: e.slug, at: e.createdAt.toISOString() })),
          text: message.text,
          console: consoleUrl,
        });
      },
    });
  }
  if (config.wecomUrl) {
    const url = config.wecomUrl;
    channels.push({
      name: "wecom",
      async send(events) {
        // WeCom group robot: {"msgtype":"markdown","markdown":{"content":…}}; it answers 200 with errcode ≠ 0 on failure.
        const response = await post(url, { msgtype: "markdown", markdown: { content: alertMessage(events, consoleUrl).markdown } });
        const answer = (await response.json().catch(() => null)) as { errcode?: number; errmsg?: string } | null;
        if (answer && typeof answer.errcode === "number" && answer.errcode !== 0) throw new Error(`WeCom errcode ${answer.errcode}: ${answer.errmsg ?? ""}`);
      },
    });
  }
  if (config.email) {
    const { smtpUrl, to, from } = config.email;
    // Loaded only when e-mail is configured: the site, tests and the CLI start faster without it.
    const transport = import("nodemailer").then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl));
    channels.push({
      name: "email",
      async send(events) {
        const message = alertMessage(events, consoleUrl);
        // A server that never answers must not hold the sender: give up (and retry later) after the timeout.
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer from the SMTP server within ${SEND_TIMEOUT_MS / 1000} s`)), SEND_TIMEOUT_MS * 3);
        });
        try {
          await Promise.race([transport.then((t) => t.sendMail({ from, to, subject: message.subject, text: message.text })), timeout]);
        } finally {
          clearTimeout(timer);
        }
      },
    });
  }
  return channels;
}
