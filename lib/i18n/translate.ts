/**
 * The part of i18next the browser needs, without i18next: look a key up in
 * one namespace's string table, pick the plural form for `count`, and fill in
 * `{{name}}` placeholders. Client components get their tables from the server
 * (only the namespaces a page uses), so no string table and no i18next ship
 * in the JavaScript bundle.
 */
export type StringTable = { readonly [key: string]: string | StringTable };

export type TranslateValues = Record<string, unknown> & { count?: number };

const pluralRules = new Map<string, Intl.PluralRules>();

function pluralCategory(locale: string, count: number): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(count);
}

function lookup(table: StringTable | undefined, key: string): string | undefined {
  let node: string | StringTable | undefined = table;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

/** i18next's behaviour for our tables: `key_one`/`key_other` by count, else `key`; a missing key shows itself. */
export function translate(table: StringTable | undefined, locale: string, key: string, values: TranslateValues = {}): string {
  const plural = typeof values.count === "number" ? lookup(table, `${key}_${pluralCategory(locale, values.count)}`) ?? lookup(table, `${key}_other`) : undefined;
  const template = plural ?? lookup(table, key);
  if (template === undefined) return key;
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    return value === undefined || value === null ? placeholder : String(value);
  });
}
