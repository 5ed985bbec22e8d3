import { JS_ATTRIBUTE, MODE_ATTRIBUTE, MODE_KEY, SIZE_ATTRIBUTE, SIZE_KEY } from "./reading-preferences";

/**
 * The one inline script of the site, run in <head> before anything paints:
 * it applies the remembered 长辈模式 and 字号 to <html>, so the next page
 * never flashes small text. Its exact text is exported so the
 * Content-Security-Policy can allow it by hash. It must stay tiny, plain ES5,
 * and never throw (storage may be blocked, e.g. in some WebViews).
 */
export const READING_PREFERENCES_SCRIPT =
  `(function(d){d.setAttribute("${JS_ATTRIBUTE}","");try{` +
  `var m=localStorage.getItem("${MODE_KEY}"),s=localStorage.getItem("${SIZE_KEY}");` +
  `if(m==="large")d.setAttribute("${MODE_ATTRIBUTE}",m);` +
  `if(s==="small"||s==="large")d.setAttribute("${SIZE_ATTRIBUTE}",s)` +
  `}catch(e){}})(document.documentElement)`;
