/**
 * The reader's display choices: 长辈模式 / large-text mode and 字号 / text
 * size. Kept in localStorage (pages are static: the server never sees them)
 * and applied as data attributes on <html>, which the stylesheet reads.
 */
export const DISPLAY_MODES = ["standard", "large"] as const;
export type DisplayMode = (typeof DISPLAY_MODES)[number];

export const TEXT_SIZES = ["small", "normal", "large"] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

export interface ReadingPreferences {
  mode: DisplayMode;
  size: TextSize;
}

export const DEFAULT_PREFERENCES: ReadingPreferences = { mode: "standard", size: "normal" };

/** localStorage keys. */
export const MODE_KEY = "reading-mode";
export const SIZE_KEY = "text-size";

/** Attributes on <html>; absent means the default. `data-js` says scripts run, so controls that need them may show. */
export const MODE_ATTRIBUTE = "data-reading-mode";
export const SIZE_ATTRIBUTE = "data-text-size";
export const JS_ATTRIBUTE = "data-js";

/** Whatever is stored (possibly tampered with, or from an older version) becomes a known value. */
export function parsePreferences(stored: { mode: string | null; size: string | null }): ReadingPreferences {
  return {
    mode: (DISPLAY_MODES as readonly (string | null)[]).includes(stored.mode) ? (stored.mode as DisplayMode) : DEFAULT_PREFERENCES.mode,
    size: (TEXT_SIZES as readonly (string | null)[]).includes(stored.size) ? (stored.size as TextSize) : DEFAULT_PREFERENCES.size,
  };
}
