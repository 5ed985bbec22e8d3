"use client";

import { useEffect, useState } from "react";
import { applyPreferences, readPreferences } from "@/lib/reading/apply-reading-preferences";
import { DEFAULT_PREFERENCES, TEXT_SIZES, type ReadingPreferences } from "@/lib/reading/reading-preferences";
import { useTranslation } from "./translations-provider";

/**
 * 字号 小/中/大 and 长辈模式 in the header. The pre-paint script has already
 * applied the remembered choice to <html>, and the pressed look comes from
 * those attributes in CSS, so nothing changes when this hydrates. Without
 * JavaScript the group is hidden (it could not work).
 */
export function ReadingControls() {
  const { t } = useTranslation("common");
  const [preferences, setPreferences] = useState<ReadingPreferences>(DEFAULT_PREFERENCES);
  useEffect(() => setPreferences(readPreferences()), []);

  const choose = (next: ReadingPreferences) => {
    applyPreferences(next);
    setPreferences(next);
  };

  return (
    <div className="reading-controls" role="group" aria-label={t("reading.label")}>
      <div className="text-size" role="group" aria-labelledby="text-size-label">
        <span id="text-size-label" className="text-size-label">
          {t("reading.textSize")}
        </span>
        {TEXT_SIZES.map((size) => (
          <button
            key={size}
            type="button"
            className="reading-button"
            data-size-option={size}
            aria-pressed={preferences.size === size}
            onClick={() => choose({ ...preferences, size })}
          >
            {t(`reading.size.${size}`)}
          </button>
        ))}
      </div>
      <button
        type="button"
        className="reading-button large-mode-toggle"
        aria-pressed={preferences.mode === "large"}
        onClick={() => choose({ ...preferences, mode: preferences.mode === "large" ? "standard" : "large" })}
      >
        {t("reading.largeMode")}
      </button>
    </div>
  );
}
