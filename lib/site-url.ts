/** Public origin of the site, from `SITE_URL`; every absolute URL (feeds, sitemap, previews) uses it. */
export const DEFAULT_SITE_URL = "http://localhost:3000";

export class SiteUrlError extends Error {}

/** Parses a configured site URL (an origin, optionally with a path prefix) into a URL. */
export function parseSiteUrl(value: string | undefined): URL {
  const text = value?.trim() || DEFAULT_SITE_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SiteUrlError(`SITE_URL must be an absolute http(s) URL such as https://news.example.org, not ${JSON.stringify(text)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SiteUrlError(`SITE_URL must start with http:// or https://, not ${JSON.stringify(text)}`);
  }
  url.search = "";
  url.hash = "";
  return url;
}

export function getSiteUrl(): URL {
  return parseSiteUrl(process.env.SITE_URL);
}

/** `/zh/reports/x` → `https://news.example.org/zh/reports/x`. */
export function absoluteUrl(path: string): string {
  const base = getSiteUrl();
  const prefix = base.pathname.replace(/\/+$/, "");
  return `${base.origin}${prefix}${path.startsWith("/") ? path : `/${path}`}`;
}
