import type { ReactNode } from "react";
import type { Lang } from "@/lib/i18n/languages";
import { RESOURCES, type Namespace } from "@/lib/i18n/resources";
import { TranslationsProvider } from "./translations-provider";

/**
 * Server side of `useTranslation`: passes the client components below it the
 * strings of `namespaces` in `lang`, and nothing else.
 */
export function Translations({ lang, namespaces, children }: { lang: Lang; namespaces: Namespace[]; children: ReactNode }) {
  const tables = Object.fromEntries(namespaces.map((ns) => [ns, RESOURCES[lang][ns]]));
  return (
    <TranslationsProvider lang={lang} tables={tables}>
      {children}
    </TranslationsProvider>
  );
}
