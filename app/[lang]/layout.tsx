import type { Metadata, Viewport } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { I18nProvider } from "@/components/i18n-provider";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, isLang, LANGUAGES } from "@/lib/i18n/languages";
import { getSiteUrl } from "@/lib/site-url";
import "../globals.css";

export function generateStaticParams() {
  return LANGUAGES.map((lang) => ({ lang }));
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#9f1d20" };

export async function generateMetadata({ params }: LayoutProps<"/[lang]">): Promise<Metadata> {
  const { lang } = await params;
  if (!isLang(lang)) return {};
  const t = getT(lang);
  return {
    metadataBase: getSiteUrl(),
    title: { default: t("site.name"), template: `%s · ${t("site.name")}` },
    description: t("home.description"),
  };
}

export default async function LangLayout({ children, params }: LayoutProps<"/[lang]">) {
  const { lang } = await params;
  if (!isLang(lang)) notFound();
  const t = getT(lang);
  return (
    <html lang={HTML_LANG[lang]}>
      <body>
        <a href="#main" className="skip-link">
          {t("nav.skipToContent")}
        </a>
        <I18nProvider lang={lang}>
          <SiteHeader lang={lang} />
          <main id="main" tabIndex={-1}>
            {children}
          </main>
          <SiteFooter lang={lang} />
        </I18nProvider>
      </body>
    </html>
  );
}
