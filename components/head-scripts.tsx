"use client";

import { LANGUAGE_TOGGLE_SCRIPT } from "@/lib/i18n/language-toggle-script";
import { SPEECH_FLAG_SCRIPT } from "@/lib/reading/read-aloud-script";
import { READING_CONTROLS_SCRIPT } from "@/lib/reading/reading-controls-script";
import { READING_PREFERENCES_SCRIPT } from "@/lib/reading/reading-preferences-script";

/**
 * Every page's inline scripts in <head>: the reader's display choices and
 * whether the browser can speak, before the first paint; then 字号/长辈模式 and
 * the language toggle as plain script, so hydration has nothing of theirs to
 * do. Each is allowed by the page's CSP hash. A client component for the
 * scripts' bytes, not for behaviour: the server renders them into the page
 * once, and the page's React data refers to this component instead of
 * carrying their text a second time.
 */
export function HeadScripts() {
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: READING_PREFERENCES_SCRIPT }} />
      <script dangerouslySetInnerHTML={{ __html: SPEECH_FLAG_SCRIPT }} />
      <script dangerouslySetInnerHTML={{ __html: READING_CONTROLS_SCRIPT }} />
      <script dangerouslySetInnerHTML={{ __html: LANGUAGE_TOGGLE_SCRIPT }} />
    </>
  );
}
