import { MODE_ATTRIBUTE, MODE_KEY, SIZE_ATTRIBUTE, SIZE_KEY } from "./reading-preferences";

/** Marks the 长辈模式 toggle; 字号 buttons carry `data-size-option`. */
export const MODE_TOGGLE_ATTRIBUTE = "data-mode-toggle";

const BUTTONS = `[data-size-option],[${MODE_TOGGLE_ATTRIBUTE}]`;

/**
 * The header's 字号 and 长辈模式 buttons, wired by a few lines of plain script
 * in <head> (no React): one click listener on the document, there before the
 * buttons are parsed, so they work as soon as they are on screen, before the
 * page hydrates (hydration waits for the first paint), and their code is in no
 * bundle. A choice applies to <html> at once and is stored for the next page's
 * pre-paint script; `aria-pressed` follows what <html> says. Plain ES5, never
 * throws (storage may be blocked), installs its listener once; its exact text
 * is allowed by the Content-Security-Policy's hash of the page.
 * The page scripts listen on window in the capture phase: while the page
 * hydrates, React stops a click at the document (in capture) when it cannot
 * deliver it yet, to replay it to its own handlers only, and a listener on
 * the document in the bubble phase would never hear it.
 */
export const READING_CONTROLS_SCRIPT =
  `(function(d,w){function sync(){var b=document.querySelectorAll("${BUTTONS}");for(var i=0;i<b.length;i++){var x=b[i],o=x.getAttribute("data-size-option");` +
  `x.setAttribute("aria-pressed",String(o?(d.getAttribute("${SIZE_ATTRIBUTE}")||"normal")===o:d.getAttribute("${MODE_ATTRIBUTE}")==="large"))}}` +
  `function choose(x){var o=x.getAttribute("data-size-option");` +
  `if(o==="normal")d.removeAttribute("${SIZE_ATTRIBUTE}");else if(o==="small"||o==="large")d.setAttribute("${SIZE_ATTRIBUTE}",o);` +
  `else if(o===null){if(d.getAttribute("${MODE_ATTRIBUTE}")==="large")d.removeAttribute("${MODE_ATTRIBUTE}");else d.setAttribute("${MODE_ATTRIBUTE}","large")}else return;` +
  `try{localStorage.setItem("${MODE_KEY}",d.getAttribute("${MODE_ATTRIBUTE}")||"standard");localStorage.setItem("${SIZE_KEY}",d.getAttribute("${SIZE_ATTRIBUTE}")||"normal")}catch(e){}` +
  `sync()}` +
  `if(!w.__readingControls){w.__readingControls=1;w.addEventListener("click",function(e){var t=e.target,x=t&&t.closest?t.closest("${BUTTONS}"):null;if(x)choose(x)},true)}` +
  `if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",sync);else sync()})(document.documentElement,window)`;
