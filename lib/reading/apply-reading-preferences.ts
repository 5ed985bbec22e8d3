import { MODE_ATTRIBUTE, MODE_KEY, SIZE_ATTRIBUTE, SIZE_KEY, parsePreferences, type ReadingPreferences } from "./reading-preferences";

/** What the pre-paint script applied (or the defaults). Browser only. */
export function readPreferences(): ReadingPreferences {
  let stored: { mode: string | null; size: string | null } = { mode: null, size: null };
  try {
    stored = { mode: localStorage.getItem(MODE_KEY), size: localStorage.getItem(SIZE_KEY) };
  } catch {
    // Storage blocked: the choice applies to this page only.
  }
  return parsePreferences(stored);
}

/** Applies a choice to the page at once and remembers it for the next pages. Browser only. */
export function applyPreferences(preferences: ReadingPreferences): void {
  const root = document.documentElement;
  if (preferences.mode === "large") root.setAttribute(MODE_ATTRIBUTE, "large");
  else root.removeAttribute(MODE_ATTRIBUTE);
  if (preferences.size === "normal") root.removeAttribute(SIZE_ATTRIBUTE);
  else root.setAttribute(SIZE_ATTRIBUTE, preferences.size);
  try {
    localStorage.setItem(MODE_KEY, preferences.mode);
    localStorage.setItem(SIZE_KEY, preferences.size);
  } catch {
    // Storage blocked: nothing to remember with; the page still changes.
  }
}
