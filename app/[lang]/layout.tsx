import type { Metadata, Viewport } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { HeadScripts } from "@/components/head-scripts";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { Translations } from "@/components/translations";
import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, isLang, LANGUAGES } from "@/lib/i18n/languages";
import { APPLE_TOUCH_ICON, manifestPath, THEME_COLOR } from "@/lib/seo/web-app-manifest";
import { getSiteUrl } from "@/lib/site-url";
import "../globals.css";

export function generateStaticParams() {
  return LANGUAGES.map((lang) => ({ lang }));
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: THEME_COLOR };

export async function generateMetadata({ params }: LayoutProps<"/[lang]">): Promise<Metadata> {
  const { lang } = await params;
  if (!isLang(lang)) return {};
  const t = getT(lang);
  return {
    metadataBase: getSiteUrl(),
    title: { default: t("site.name"), template: `%s · ${t("site.name")}` },
    description: t("home.description"),
    manifest: manifestPath(lang),
    icons: { apple: APPLE_TOUCH_ICON },
  };
}

export default async function LangLayout({ children, params }: LayoutProps<"/[lang]">) {
  const { lang } = await params;
  if (!isLang(lang)) notFound();
  const t = getT(lang);
  return (
    // The pre-paint script sets the reader's display choices on <html> before hydration.
    <html lang={HTML_LANG[lang]} suppressHydrationWarning>
      <head>
        <HeadScripts />
      </head>
      <body>
        <a href="#main" className="skip-link">
          {t("nav.skipToContent")}
        </a>
        <Translations lang={lang} namespaces={["common"]}>
          <SiteHeader lang={lang} />
          <main id="main" tabIndex={-1}>
            {children}
          </main>
          <SiteFooter lang={lang} />
        </Translations>
      </body>
    </html>
  );
}
