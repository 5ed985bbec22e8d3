import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import { MODE_TOGGLE_ATTRIBUTE } from "@/lib/reading/reading-controls-script";
import { DEFAULT_PREFERENCES, TEXT_SIZES } from "@/lib/reading/reading-preferences";

/**
 * 字号 小/中/大 and 长辈模式 in the header: plain buttons, wired by the small
 * script the layout puts in <head> (lib/reading/reading-controls-script.ts); no client component.
 * The pre-paint script has already applied the remembered choice to <html>,
 * and the pressed look comes from those attributes in CSS. Without JavaScript
 * the group is hidden (it could not work).
 */
export function ReadingControls({ lang }: { lang: Lang }) {
  const t = getT(lang);
  return (
    <div className="reading-controls" role="group" aria-label={t("reading.label")}>
      <div className="text-size" role="group" aria-labelledby="text-size-label">
        <span id="text-size-label" className="text-size-label">
          {t("reading.textSize")}
        </span>
        {TEXT_SIZES.map((size) => (
          <button key={size} type="button" className="reading-button" data-size-option={size} aria-pressed={DEFAULT_PREFERENCES.size === size}>
            {t(`reading.size.${size}`)}
          </button>
        ))}
      </div>
      <button type="button" className="reading-button large-mode-toggle" {...{ [MODE_TOGGLE_ATTRIBUTE]: "" }} aria-pressed={DEFAULT_PREFERENCES.mode === "large"}>
        {t("reading.largeMode")}
      </button>
    </div>
  );
}
