import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const LOCALES = path.resolve("locales");

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function readNamespace(lang: string, file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(LOCALES, lang, file), "utf8"));
}

describe("UI strings", () => {
  const zhFiles = fs.readdirSync(path.join(LOCALES, "zh")).sort();
  const enFiles = fs.readdirSync(path.join(LOCALES, "en")).sort();

  it("have the same namespaces in Chinese and English", () => {
    expect(enFiles).toEqual(zhFiles);
  });

  for (const file of zhFiles) {
    it(`${file}: every key exists in both languages, with text`, () => {
      const zh = readNamespace("zh", file);
      const en = readNamespace("en", file);
      expect(keys(en).sort()).toEqual(keys(zh).sort());
      for (const key of keys(zh)) {
        const get = (tree: Record<string, unknown>) => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
        expect(typeof get(zh), `zh ${key}`).toBe("string");
        expect(String(get(en)).trim(), `en ${key}`).not.toBe("");
      }
    });
  }

  it("every category a report may use has a label in both languages", async () => {
    const { CATEGORIES } = await import("@/lib/content/categories");
    for (const lang of ["zh", "en"]) {
      const common = readNamespace(lang, "common.json") as { category: Record<string, string> };
      for (const category of CATEGORIES) expect(common.category[category], `${lang} ${category}`).toBeTruthy();
    }
  });
});
