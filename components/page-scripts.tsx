"use client";

import { LANGUAGE_TOGGLE_SCRIPT } from "@/lib/i18n/language-toggle-script";
import { READ_ALOUD_SCRIPT } from "@/lib/reading/read-aloud-script";
import { READING_CONTROLS_SCRIPT } from "@/lib/reading/reading-controls-script";
import { READING_PREFERENCES_SCRIPT } from "@/lib/reading/reading-preferences-script";
import { COPY_LINK_SCRIPT } from "@/lib/sharing/copy-link-script";

/*
 * The pages' controls are plain HTML wired by small inline scripts, so
 * hydration has nothing of theirs to do. These are client components for the
 * scripts' bytes, not for behaviour: the server renders each script into the
 * page once, and the page's React data refers to the component instead of
 * carrying the script's text a second time. Each script is allowed by the
 * page's CSP hash.
 */

/** Every page's <head>: the reader's display choices before the first paint, 字号/长辈模式, and the language toggle. */
export function HeadScripts() {
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: READING_PREFERENCES_SCRIPT }} />
      <script dangerouslySetInnerHTML={{ __html: READING_CONTROLS_SCRIPT }} />
      <script dangerouslySetInnerHTML={{ __html: LANGUAGE_TOGGLE_SCRIPT }} />
    </>
  );
}

/** Pages with report sections, before the first section: copy link and read-aloud (which marks <html> before its buttons paint). */
export function SectionToolsScripts() {
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: COPY_LINK_SCRIPT }} />
      <script dangerouslySetInnerHTML={{ __html: READ_ALOUD_SCRIPT }} />
    </>
  );
}
