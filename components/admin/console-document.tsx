import type { ReactNode } from "react";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import styles from "./console.module.css";

/** The console's own document (it has no site header or reading script): the right `lang`, a skip link. */
export function ConsoleDocument({ lang, children }: { lang: Lang; children: ReactNode }) {
  const t = getT(lang, "admin");
  return (
    <html lang={HTML_LANG[lang]}>
      <body className={styles.body}>
        <a href="#console-main" className={styles.skip}>
          {t("skipToContent")}
        </a>
        {children}
      </body>
    </html>
  );
}
