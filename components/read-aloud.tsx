"use client";

import { useEffect, useRef, useState } from "react";
import { HTML_LANG, type Lang } from "@/lib/i18n/languages";
import { pickVoice, readableBlocks, SPEECH_LANG } from "@/lib/reading/read-aloud";
import { useTranslation } from "./translations-provider";

type Status = "idle" | "speaking" | "paused";

/** One section reads at a time: starting another stops the one reading. */
let active: { owner: object; stop: () => void } | undefined;

const HIGHLIGHT = "reading-aloud";

/**
 * 朗读本节 / Listen: reads the section it sits in (the closest
 * `[data-read-aloud]`: its heading, then each block of `[data-read-aloud-text=lang]`)
 * with the browser's own speech synthesis, one block at a time, highlighting
 * the block being read and keeping it in view. Nothing goes over the network.
 * Not shown where the browser cannot speak.
 */
export function ReadAloud({ languages }: { languages: readonly Lang[] }) {
  const { t } = useTranslation("common");
  const [supported, setSupported] = useState<boolean>();
  const [status, setStatus] = useState<Status>("idle");
  const rootRef = useRef<HTMLSpanElement>(null);
  const pauseRef = useRef<HTMLButtonElement>(null);
  const run = useRef(0);
  const current = useRef<Element | undefined>(undefined);
  const self = useRef({}).current;

  useEffect(() => setSupported(typeof window.speechSynthesis?.speak === "function" && typeof window.SpeechSynthesisUtterance === "function"), []);
  // Leaving the page (or a client navigation) stops the reading.
  useEffect(() => () => stop(), []);

  const highlight = (element: Element | undefined) => {
    current.current?.classList.remove(HIGHLIGHT);
    current.current = element;
    if (!element) return;
    element.classList.add(HIGHLIGHT);
    const box = element.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      element.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
    }
  };

  function stop() {
    run.current++;
    if (active?.owner === self) {
      active = undefined;
      speechSynthesis.cancel();
    }
    highlight(undefined);
    setStatus("idle");
  }

  const start = (lang: Lang) => {
    active?.stop();
    speechSynthesis.cancel();
    const root = rootRef.current?.closest("[data-read-aloud]");
    if (!root) return;
    const heading = root.querySelector("h1, h2");
    const blocks = readableBlocks([...(heading ? [heading] : []), ...root.querySelectorAll(`[data-read-aloud-text="${lang}"] > *`)]);
    // In 中英对照 the heading holds both languages: read only the chosen one.
    const title = languages.length > 1 ? heading?.querySelector(`[lang="${HTML_LANG[lang]}"]`) : undefined;
    if (heading && title && blocks[0]?.element === heading) blocks[0] = { element: heading, text: (title.textContent ?? "").trim() };
    const voice = pickVoice(speechSynthesis.getVoices(), lang);
    const token = ++run.current;
    const speak = (index: number) => {
      if (token !== run.current) return;
      const block = blocks[index];
      if (!block) return stop();
      const utterance = new SpeechSynthesisUtterance(block.text);
      utterance.lang = SPEECH_LANG[lang];
      if (voice) utterance.voice = voice as SpeechSynthesisVoice;
      utterance.onstart = () => token === run.current && highlight(block.element);
      utterance.onend = () => speak(index + 1);
      utterance.onerror = (event) => {
        // "interrupted"/"canceled" is our own stop; anything else skips the block rather than hanging.
        if (event.error !== "interrupted" && event.error !== "canceled") speak(index + 1);
      };
      speechSynthesis.speak(utterance);
    };
    active = { owner: self, stop };
    setStatus("speaking");
    speak(0);
  };

  useEffect(() => {
    if (status === "speaking" && document.activeElement?.closest(".read-aloud") === rootRef.current) pauseRef.current?.focus();
  }, [status]);

  if (supported === false) return null;
  return (
    // Keeps its place (invisible) until scripts run, so nothing shifts when it appears.
    <span ref={rootRef} className={supported ? "read-aloud" : "read-aloud is-pending"}>
      {status === "idle" ? (
        languages.map((lang) => (
          <button key={lang} type="button" className="section-tool-button" onClick={() => start(lang)}>
            {t(languages.length > 1 ? (lang === "zh" ? "readAloud.listenZh" : "readAloud.listenEn") : "readAloud.listen")}
          </button>
        ))
      ) : (
        <>
          <button
            ref={pauseRef}
            type="button"
            className="section-tool-button"
            onClick={() => {
              if (status === "speaking") {
                speechSynthesis.pause();
                setStatus("paused");
              } else {
                speechSynthesis.resume();
                setStatus("speaking");
              }
            }}
          >
            {t(status === "speaking" ? "readAloud.pause" : "readAloud.resume")}
          </button>
          <button type="button" className="section-tool-button" onClick={stop}>
            {t("readAloud.stop")}
          </button>
        </>
      )}
    </span>
  );
}
