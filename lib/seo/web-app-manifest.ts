import { getT } from "@/lib/i18n/get-translator";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { homePath } from "@/lib/routes";

/** The site's colour: header, browser chrome (`theme-color`) and the home-screen launch screen. */
export const THEME_COLOR = "#9f1d20";

/** Icons drawn by scripts/make-icons.ts into public/icons/. */
export const APPLE_TOUCH_ICON = "/icons/apple-touch-icon.png";

export function manifestPath(lang: Lang): string {
  return `${homePath(lang)}/manifest.webmanifest`;
}

/**
 * Web app manifest in one language, so "add to home screen" shows
 * 阳光城阳 for a Chinese reader and Sunshine Chengyang for an English one,
 * and opens that language's home page.
 */
export function webAppManifest(lang: Lang) {
  const t = getT(lang);
  return {
    id: homePath(lang),
    name: t("site.name"),
    short_name: t("manifest.shortName"),
    description: t("manifest.description"),
    lang: HTML_LANG[lang],
    dir: "ltr",
    start_url: homePath(lang),
    scope: "/",
    display: "minimal-ui",
    background_color: "#ffffff",
    theme_color: THEME_COLOR,
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
