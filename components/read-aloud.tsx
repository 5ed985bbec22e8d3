import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import { READ_ALOUD_SLOT_ATTRIBUTE, readAloudMarkup } from "@/lib/reading/read-aloud-script";

/**
 * 朗读本节 / Listen (朗读中文, 朗读英文 in 中英对照) for the section it sits in:
 * markup for the small script in <head> (lib/reading/read-aloud-script.ts),
 * which reads with the browser's own speech synthesis; no client component.
 * Shown only where the browser can speak (the script marks <html> before the
 * first paint, so nothing shifts), and removed where it cannot.
 */
export function ReadAloud({ lang, languages }: { lang: Lang; languages: readonly Lang[] }) {
  const t = getT(lang);
  const labels = {
    listen: t("readAloud.listen"),
    listenZh: t("readAloud.listenZh"),
    listenEn: t("readAloud.listenEn"),
    pause: t("readAloud.pause"),
    resume: t("readAloud.resume"),
    stop: t("readAloud.stop"),
  };
  // The inside is the script's (it may remove it), so it is opaque to React.
  return <span className="read-aloud-slot" {...{ [READ_ALOUD_SLOT_ATTRIBUTE]: "" }} dangerouslySetInnerHTML={{ __html: readAloudMarkup(languages, labels) }} />;
}
