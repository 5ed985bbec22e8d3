import type { ReactNode } from "react";
import type { Lang } from "@/lib/i18n/languages";
import { NAMESPACES } from "@/lib/i18n/resources";
import { Translations } from "./translations";

/** Every namespace's strings in `lang` for the client components below (component tests use it; pages pass only what they need). */
export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return (
    <Translations lang={lang} namespaces={NAMESPACES}>
      {children}
    </Translations>
  );
}
