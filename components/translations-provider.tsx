"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import type { Namespace } from "@/lib/i18n/resources";
import { translate, type StringTable, type TranslateValues } from "@/lib/i18n/translate";

interface Translations {
  lang: Lang;
  tables: Partial<Record<Namespace, StringTable>>;
}

const TranslationsContext = createContext<Translations | null>(null);

/**
 * Hands client components the string tables the server chose for this page
 * (see `<Translations>`); nested providers add namespaces to their parent's.
 */
export function TranslationsProvider({ lang, tables, children }: Translations & { children: ReactNode }) {
  const parent = useContext(TranslationsContext);
  const value = useMemo(() => ({ lang, tables: parent && parent.lang === lang ? { ...parent.tables, ...tables } : tables }), [lang, tables, parent]);
  return <TranslationsContext.Provider value={value}>{children}</TranslationsContext.Provider>;
}

export type TFunction = (key: string, values?: TranslateValues) => string;

/**
 * Drop-in for react-i18next's `useTranslation(ns)`: returns `{ t }` for one
 * namespace in the page's language. (`options.lng` is accepted for the same
 * call shape; the provider's language is the page's.)
 */
export function useTranslation(ns: Namespace = "common", _options?: { lng?: Lang }): { t: TFunction } {
  const context = useContext(TranslationsContext);
  if (!context) throw new Error(`useTranslation("${ns}") needs a <Translations> around it`);
  const table = context.tables[ns];
  if (!table) throw new Error(`the page did not pass the "${ns}" strings: add it to <Translations namespaces>`);
  const locale = HTML_LANG[context.lang];
  const t = useMemo<TFunction>(() => (key, values) => translate(table, locale, key, values), [table, locale]);
  return { t };
}
