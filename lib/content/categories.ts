/**
 * Categories a report may name in its front matter. Each one's label lives in
 * `locales/<lang>/common.json` under `category.<key>`.
 */
export const CATEGORIES = ["rule-of-law"] as const;
export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: unknown): value is Category {
  return typeof value === "string" && (CATEGORIES as readonly string[]).includes(value);
}
