import type { Lang } from "@/lib/i18n/languages";

/** Voice languages: a zh-CN voice for Chinese, an English one for English. */
export const SPEECH_LANG: Record<Lang, string> = { zh: "zh-CN", en: "en-US" };

/** The best installed voice for a language: exact tag, then same language; undefined lets the browser choose by `lang`. */
export function pickVoice<V extends { lang: string; localService?: boolean }>(voices: readonly V[], lang: Lang): V | undefined {
  const tag = SPEECH_LANG[lang].toLowerCase();
  const normal = (voice: V) => voice.lang.replace(/_/g, "-").toLowerCase();
  const local = (list: V[]) => list.find((voice) => voice.localService !== false) ?? list[0];
  return local(voices.filter((voice) => normal(voice) === tag)) ?? local(voices.filter((voice) => normal(voice).split("-")[0] === tag.split("-")[0]));
}

/** What to read, in order: blocks with text (empty ones would be silent stops). */
export function readableBlocks(elements: readonly Element[]): { element: Element; text: string }[] {
  return elements.map((element) => ({ element, text: (element.textContent ?? "").replace(/\s+/g, " ").trim() })).filter((block) => block.text !== "");
}
