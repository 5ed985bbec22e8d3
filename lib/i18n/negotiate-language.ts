import { DEFAULT_LANG, isLang, type Lang } from "./languages";

/**
 * Picks the reader's language: a remembered choice (cookie) first, then the
 * browser's Accept-Language preferences in q order, then Chinese.
 */
export function negotiateLanguage(cookieValue: string | undefined, acceptLanguage: string | null): Lang {
  if (isLang(cookieValue)) return cookieValue;
  for (const tag of parseAcceptLanguage(acceptLanguage ?? "")) {
    const primary = tag.split("-")[0]!.toLowerCase();
    if (isLang(primary)) return primary;
  }
  return DEFAULT_LANG;
}

function parseAcceptLanguage(header: string): string[] {
  return header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.tag !== "" && entry.tag !== "*" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}
