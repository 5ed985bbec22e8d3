/**
 * Where moderators hear that comments wait for review or were reported
 * (each channel is on when its variables are set):
 *
 * - COMMENTS_ALERT_WEBHOOK_URL: a JSON POST (http or https)
 * - COMMENTS_ALERT_WECOM_URL: a WeCom (企业微信) group robot's webhook (markdown message)
 * - COMMENTS_ALERT_SMTP_URL (smtp:// or smtps://user:pass@host:port) with
 *   COMMENTS_ALERT_EMAIL_TO and COMMENTS_ALERT_EMAIL_FROM: e-mail through nodemailer
 * - COMMENTS_ALERT_INTERVAL_SECONDS (default 300): at most one message per channel per interval
 * - COMMENTS_ALERT_CONSOLE_URL (default SITE_URL's origin + /admin): the link in each message
 */
export interface AlertConfig {
  webhookUrl: string | null;
  wecomUrl: string | null;
  email: { smtpUrl: string; to: string; from: string } | null;
  intervalSeconds: number;
  consoleUrl: string | null;
}

export class AlertConfigError extends Error {
  override name = "AlertConfigError";
}

type Env = Record<string, string | undefined>;

const nonEmpty = (value: string | undefined) => value?.trim() || null;

function url(env: Env, name: string, schemes: readonly string[]): string | null {
  const value = nonEmpty(env[name]);
  if (value === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new AlertConfigError(`${name} is not a URL`);
  }
  // Only the scheme goes into the message: the rest may hold a key or a password.
  if (!schemes.includes(parsed.protocol.replace(/:$/, ""))) throw new AlertConfigError(`${name} must be a ${schemes.join(" or ")} URL, not ${parsed.protocol}`);
  return value;
}

export function parseAlertConfig(env: Env): AlertConfig {
  const smtpUrl = url(env, "COMMENTS_ALERT_SMTP_URL", ["smtp", "smtps"]);
  const to = nonEmpty(env.COMMENTS_ALERT_EMAIL_TO);
  const from = nonEmpty(env.COMMENTS_ALERT_EMAIL_FROM);
  if (smtpUrl !== null && (to === null || from === null)) throw new AlertConfigError("COMMENTS_ALERT_SMTP_URL needs COMMENTS_ALERT_EMAIL_TO and COMMENTS_ALERT_EMAIL_FROM");
  const interval = nonEmpty(env.COMMENTS_ALERT_INTERVAL_SECONDS) ?? "300";
  if (!/^\d{1,6}$/.test(interval)) throw new AlertConfigError(`COMMENTS_ALERT_INTERVAL_SECONDS must be a whole number of seconds, not ${JSON.stringify(interval)}`);
  const site = nonEmpty(env.SITE_URL);
  return {
    webhookUrl: url(env, "COMMENTS_ALERT_WEBHOOK_URL", ["http", "https"]),
    wecomUrl: url(env, "COMMENTS_ALERT_WECOM_URL", ["http", "https"]),
    email: smtpUrl !== null ? { smtpUrl, to: to!, from: from! } : null,
    intervalSeconds: Number(interval),
    consoleUrl: nonEmpty(env.COMMENTS_ALERT_CONSOLE_URL) ?? (site ? `${originOf(site)}/admin` : null),
  };
}

function originOf(site: string): string {
  try {
    return new URL(site).origin;
  } catch {
    throw new AlertConfigError("SITE_URL is not a URL");
  }
}

export function alertsConfigured(config: AlertConfig): boolean {
  return config.webhookUrl !== null || config.wecomUrl !== null || config.email !== null;
}
