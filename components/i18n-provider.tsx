"use client";

import { useState, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { getI18n } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";

/** Gives client components `useTranslation()` in the page's language. */
export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const [i18n] = useState(() => getI18n(lang));
  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}
