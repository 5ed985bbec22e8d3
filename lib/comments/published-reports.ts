import { getReports } from "@/lib/content/reports";

/** Slugs have this shape; anything else is not looked up at all. */
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

let cache: { slugs: ReadonlySet<string>; until: number } | undefined;

/**
 * Whether readers may comment on this report: it must be published. Reading the
 * reports parses Markdown, far too slow for every request, so the set of slugs
 * is kept: for the life of the process in production (the site is built and
 * deployed with its content), a few seconds in development and tests.
 */
export function isPublishedReport(slug: string): boolean {
  if (!SLUG.test(slug)) return false;
  const now = Date.now();
  if (!cache || now > cache.until) {
    const lifetime = process.env.NODE_ENV === "production" ? Infinity : 5_000;
    cache = { slugs: new Set(getReports().map((report) => report.slug)), until: now + lifetime };
  }
  return cache.slugs.has(slug);
}

export function isSlugShaped(value: string): boolean {
  return SLUG.test(value);
}
