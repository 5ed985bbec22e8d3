import zhCommon from "@/locales/zh/common.json";

/**
 * Categories are defined in one place: the `category` object of
 * `locales/<lang>/common.json`, key → label. The keys are what reports name in
 * their front matter and what category URLs use; the labels are UI strings,
 * and the locales test fails when a key lacks a label in either language. An
 * editor adds a category by adding one line to each locale file.
 */
export type Category = keyof typeof zhCommon.category;
export const CATEGORIES = Object.keys(zhCommon.category) as Category[];

export function isCategory(value: unknown): value is Category {
  return typeof value === "string" && (CATEGORIES as readonly string[]).includes(value);
}
