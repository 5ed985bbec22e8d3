import { createHash, randomBytes } from "node:crypto";

/**
 * The site's Content-Security-Policy. Scripts: our own files, plus each inline
 * script of the page by its sha256 (static pages), plus the request's nonce on
 * pages rendered per request (Next puts the nonce on its own scripts when the
 * request carries a CSP header naming it). Never 'unsafe-inline' for scripts.
 * Styles keep 'unsafe-inline': React writes style attributes, and a style
 * cannot run code.
 */
export function contentSecurityPolicy(scriptSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scriptSources].join(" "),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
    "form-action 'self'",
  ].join("; ");
}

/** A fresh nonce for one request. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** What Next reads from the request to put a nonce on the scripts it renders. */
export function nonceRequestPolicy(nonce: string): string {
  return `script-src 'nonce-${nonce}'`;
}

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/**
 * `'sha256-…'` for every inline script of an HTML page (scripts with `src`
 * load from 'self'; JSON data blocks never run, but hashing them is harmless).
 * Browsers hash the text between the tags exactly as sent, so this reads the
 * served bytes, not a template: any inline script a page carries is covered.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const attributes = match[1] ?? "";
    if (/\ssrc\s*=/i.test(` ${attributes}`)) continue;
    hashes.add(`'sha256-${createHash("sha256").update(match[2] ?? "", "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

/** The policy for one HTML page: its inline scripts' hashes, and the nonce when the page used it. */
export function htmlPolicy(html: string, nonce: string | undefined): string {
  const sources = inlineScriptHashes(html);
  if (nonce !== undefined && html.includes(`nonce="${nonce}"`)) sources.unshift(`'nonce-${nonce}'`);
  return contentSecurityPolicy(sources);
}

/** HSTS for a site served over https (a year, subdomains included); nothing for http. */
export function strictTransportSecurity(siteUrl: string | undefined): string | null {
  return siteUrl?.trim().toLowerCase().startsWith("https://") ? "max-age=31536000; includeSubDomains" : null;
}
