import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, LANGUAGES, type Lang } from "@/lib/i18n/languages";
import { homePath } from "@/lib/routes";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * A complete, self-contained 404 page in the reader's language (both when the
 * language is unknown). Served as plain HTML by a route handler because
 * Next 16 renders `notFound()` from dynamic routes as an empty shell that
 * needs JavaScript (vercel/next.js#62228); readers without it must still
 * be told what happened.
 */
export function notFoundHtml(lang: Lang | undefined): string {
  const langs: Lang[] = lang ? [lang] : [...LANGUAGES];
  const first = langs[0]!;
  const blocks = langs
    .map((l) => {
      const t = getT(l);
      return `<section lang="${HTML_LANG[l]}"><h1>${escape(t("notFound.title"))}</h1><p>${escape(t("notFound.body"))}</p><p><a href="${homePath(l)}">${escape(t("notFound.home"))}</a></p></section>`;
    })
    .join("");
  const title = langs.map((l) => getT(l)("notFound.title")).join(" · ");
  const siteName = getT(first)("site.name");
  return `<!DOCTYPE html><html lang="${HTML_LANG[first]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title><link rel="icon" href="/icon.svg" type="image/svg+xml"><style>${STYLE}</style></head><body><header><a href="${homePath(first)}">${escape(siteName)}</a></header><main>${blocks}</main></body></html>`;
}

const STYLE = [
  "body{margin:0;font-family:system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;color:#1f1f1f;line-height:1.7}",
  "header{background:#9f1d20;padding:0.9rem 1rem}header a{color:#fff;font-weight:700;text-decoration:none}",
  "main{max-width:46rem;margin:0 auto;padding:2rem 1rem}a{color:#9f1d20}",
].join("");
