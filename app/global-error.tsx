"use client";

import { useEffect, useState } from "react";
import { ErrorNotice, langOfPath } from "@/components/error-notice";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import "./globals.css";

/** When the layout itself (header, language toggle) throws: the whole document is replaced, never left blank. */
export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  const [lang, setLang] = useState<Lang>("zh");
  useEffect(() => setLang(langOfPath(window.location.pathname)), []);
  return (
    <html lang={HTML_LANG[lang]}>
      <body>
        <main id="main">
          <ErrorNotice lang={lang} onRetry={reset} />
        </main>
      </body>
    </html>
  );
}
