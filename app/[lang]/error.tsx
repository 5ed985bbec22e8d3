"use client";

import { usePathname } from "next/navigation";
import { ErrorNotice, langOfPath } from "@/components/error-notice";

/** A page that throws in the browser shows a message and a retry, inside the site's header and footer. */
export default function PageError({ reset }: { error: Error; reset: () => void }) {
  return <ErrorNotice lang={langOfPath(usePathname() ?? "/")} onRetry={reset} />;
}
