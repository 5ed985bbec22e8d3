import type { Lang } from "@/lib/i18n/languages";

/**
 * Addresses of the moderation console: Chinese at /admin/…, English at
 * /admin/en/…; its form posts go to /api/admin/console/<action>. No server
 * imports: components use these too.
 */
export const CONSOLE_ROOT = "/admin";
export const CONSOLE_API = "/api/admin/console";

/** A console page, e.g. consolePath("en", "bans") → /admin/en/bans; params with empty values are left out. */
export function consolePath(lang: Lang, page = "", params: Record<string, string | number | undefined | null> = {}): string {
  const base = `${CONSOLE_ROOT}${lang === "en" ? "/en" : ""}${page ? `/${page}` : ""}`;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  const search = query.toString();
  return search ? `${base}?${search}` : base;
}

export function consoleActionPath(action: string): string {
  return `${CONSOLE_API}/${action}`;
}

/** A page of the console to go back to after a form post: only our own console paths, never another site (`//evil`). */
const RETURN_PATH = /^\/admin(?:\/[a-z0-9-]+){0,3}(?:\?[A-Za-z0-9%._~+=&-]*)?$/;

export function safeReturnPath(value: string | null | undefined, fallback: string): string {
  return value && RETURN_PATH.test(value) ? value : fallback;
}

/** `path` with `params` set in its query (replacing earlier values of the same names). */
export function withParams(path: string, params: Record<string, string | number>): string {
  const [base, search = ""] = path.split("?", 2);
  const query = new URLSearchParams(search);
  for (const [key, value] of Object.entries(params)) query.set(key, String(value));
  return `${base}?${query.toString()}`;
}
