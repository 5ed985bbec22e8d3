import { HTML_LANG, LANGUAGES, type Lang } from "@/lib/i18n/languages";

/** Voice languages: a zh-CN voice for Chinese, an English one for English. */
export const SPEECH_LANG: Record<Lang, string> = { zh: "zh-CN", en: "en-US" };

/** On <html> when the browser can speak: the stylesheet shows the 朗读 controls only then (from the first paint). */
export const SPEECH_ATTRIBUTE = "data-speech";
/** The controls' slot: React leaves its inside to the script (it may remove it). */
export const READ_ALOUD_SLOT_ATTRIBUTE = "data-read-aloud-slot";

export interface ReadAloudLabels {
  listen: string;
  listenZh: string;
  listenEn: string;
  pause: string;
  resume: string;
  stop: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The controls of one section: a start button per language (朗读本节, or
 * 朗读中文 and 朗读英文 in 中英对照), then pause, resume and stop, hidden until
 * reading starts. Markup, not React: the script below shows and hides the
 * buttons and removes them where the browser cannot speak, which React would
 * take for a hydration mismatch if it owned them.
 */
export function readAloudMarkup(languages: readonly Lang[], labels: ReadAloudLabels): string {
  const button = (action: string, label: string, extra = "") =>
    `<button type="button" class="section-tool-button" data-read-aloud-action="${action}"${extra}>${escapeHtml(label)}</button>`;
  const start = languages.map((lang) =>
    button("start", languages.length > 1 ? (lang === "zh" ? labels.listenZh : labels.listenEn) : labels.listen, ` data-read-aloud-lang="${lang}"`),
  );
  return `<span class="read-aloud">${start.join("")}${button("pause", labels.pause, " hidden")}${button("resume", labels.resume, " hidden")}${button("stop", labels.stop, " hidden")}</span>`;
}

const SPEECH = JSON.stringify(Object.fromEntries(LANGUAGES.map((lang) => [lang, SPEECH_LANG[lang]])));
const TEXT_LANG = JSON.stringify(Object.fromEntries(LANGUAGES.map((lang) => [lang, HTML_LANG[lang]])));

/**
 * In every page's <head>, before anything paints: marks <html> when the
 * browser can speak, so the stylesheet shows the 朗读 controls from the first
 * paint (nothing shifts) and never where they could not work.
 */
export const SPEECH_FLAG_SCRIPT =
  `(function(w){var S=w.speechSynthesis;if(S&&typeof S.speak==="function"&&typeof w.SpeechSynthesisUtterance==="function")` +
  `document.documentElement.setAttribute("${SPEECH_ATTRIBUTE}","")})(window)`;

/**
 * 朗读本节 / Listen, wired by plain script (no React): one click listener on
 * the document drives every section's controls. A start button reads the section
 * it sits in (the closest `[data-read-aloud]`: its heading, then each block of
 * `[data-read-aloud-text=lang]`) with the browser's own voices, one block at a
 * time, highlighting the block being read and keeping it in view; nothing goes
 * over the network. One section reads at a time. Where the browser cannot
 * speak, the controls are removed once the page is parsed (the stylesheet hides
 * them before). Voice choice: a voice of the exact tag (zh-CN, en-US), else of
 * the same language, a local one first; none lets the browser choose by `lang`.
 * Plain ES5; installs its listeners once (clicks on window, in the capture
 * phase: see reading-controls-script.ts). Served as a file with copy link's
 * (app/section-tools.js), not inline: on a long page a few more KB of HTML
 * cost a network round trip before the first paint.
 */
export const READ_ALOUD_SCRIPT =
  `(function(w,d){if(w.__readAloud)return;w.__readAloud=1;var S=w.speechSynthesis,` +
  `ok=!!S&&typeof S.speak==="function"&&typeof w.SpeechSynthesisUtterance==="function",SPEECH=${SPEECH},TEXT=${TEXT_LANG},run=0,active=null,lit=null;` +
  `function gone(){if(ok)return;var s=d.querySelectorAll("[${READ_ALOUD_SLOT_ATTRIBUTE}]");for(var i=0;i<s.length;i++)s[i].innerHTML=""}` +
  `if(!ok){if(d.readyState==="loading")d.addEventListener("DOMContentLoaded",gone);else gone();return}` +
  `function pick(v,lang){var t=SPEECH[lang].toLowerCase(),exact=[],same=[],i,n;for(i=0;i<v.length;i++){n=String(v[i].lang).replace(/_/g,"-").toLowerCase();if(n===t)exact.push(v[i]);else if(n.split("-")[0]===t.split("-")[0])same.push(v[i])}` +
  `function local(l){for(var j=0;j<l.length;j++)if(l[j].localService!==false)return l[j];return l[0]}return local(exact)||local(same)}` +
  `function highlight(el){if(lit)lit.classList.remove("reading-aloud");lit=el;if(!el)return;el.classList.add("reading-aloud");var b=el.getBoundingClientRect();` +
  `if(b.top<0||b.bottom>w.innerHeight)el.scrollIntoView({block:"center",behavior:w.matchMedia&&w.matchMedia("(prefers-reduced-motion: reduce)").matches?"auto":"smooth"})}` +
  `function show(c,state){var had=c.contains(d.activeElement),b=c.querySelectorAll("[data-read-aloud-action]"),first=null;` +
  `for(var i=0;i<b.length;i++){var a=b[i].getAttribute("data-read-aloud-action");b[i].hidden=state==="idle"?a!=="start":a==="start"||a===(state==="speaking"?"resume":"pause");if(!b[i].hidden&&!first)first=b[i]}` +
  `if(had&&first)first.focus()}` +
  `function stop(){run++;if(active){var c=active;active=null;S.cancel();show(c,"idle")}highlight(null)}` +
  `function start(c,lang){stop();S.cancel();var root=c.closest("[data-read-aloud]");if(!root)return;var h=root.querySelector("h1, h2"),els=h?[h]:[],t=root.querySelectorAll('[data-read-aloud-text="'+lang+'"] > *'),list=[],i;` +
  `for(i=0;i<t.length;i++)els.push(t[i]);for(i=0;i<els.length;i++){var x=(els[i].textContent||"").replace(/\\s+/g," ").trim();if(x)list.push({el:els[i],text:x})}` +
  // In 中英对照 the heading holds both languages: read only the chosen one.
  `var title=h&&c.querySelectorAll("[data-read-aloud-lang]").length>1?h.querySelector('[lang="'+TEXT[lang]+'"]'):null;if(title&&list[0]&&list[0].el===h)list[0]={el:h,text:(title.textContent||"").trim()};` +
  `var voice=pick(S.getVoices(),lang),token=++run;` +
  `function speak(k){if(token!==run)return;var b=list[k];if(!b)return stop();var u=new w.SpeechSynthesisUtterance(b.text);u.lang=SPEECH[lang];if(voice)u.voice=voice;` +
  `u.onstart=function(){if(token===run)highlight(b.el)};u.onend=function(){speak(k+1)};` +
  // "interrupted"/"canceled" is our own stop; anything else skips the block rather than hanging.
  `u.onerror=function(e){if(e.error!=="interrupted"&&e.error!=="canceled")speak(k+1)};S.speak(u)}` +
  `active=c;show(c,"speaking");speak(0)}` +
  `w.addEventListener("click",function(e){var x=e.target&&e.target.closest?e.target.closest("[data-read-aloud-action]"):null,c=x&&x.closest(".read-aloud");if(!c)return;var a=x.getAttribute("data-read-aloud-action");` +
  `if(a==="start")start(c,x.getAttribute("data-read-aloud-lang"));else if(c!==active)return;else if(a==="pause"){S.pause();show(c,"paused")}else if(a==="resume"){S.resume();show(c,"speaking")}else stop()},true);` +
  // Leaving the page stops the reading.
  `w.addEventListener("pagehide",stop)})(window,document)`;
