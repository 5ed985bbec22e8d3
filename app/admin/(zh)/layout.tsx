import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { ConsoleDocument } from "@/components/admin/console-document";
import { getT } from "@/lib/i18n/get-translator";

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export const metadata: Metadata = { title: getT("zh", "admin")("title"), robots: { index: false, follow: false } };

/** The moderation console (Chinese, the default): a document of its own. */
export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return <ConsoleDocument lang="zh">{children}</ConsoleDocument>;
}
