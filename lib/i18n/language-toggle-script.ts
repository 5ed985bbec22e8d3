import { LANG_COOKIE } from "./languages";

/** On a toggle link that carries the section in view: the link's own href, to which the section is added. */
export const CARRIES_SECTION_ATTRIBUTE = "data-carries-section";
/** On a toggle link whose language is remembered when followed (中文, English; not 中英对照). */
export const REMEMBER_LANG_ATTRIBUTE = "data-remember-lang";

/** Air below the sticky header: a section counts as "in view" once its top passes the header's bottom plus this. */
const READING_AIR_PX = 64;

/**
 * 中文 · English · 中英对照 with JavaScript, as plain script in <head> (the
 * links themselves are plain links that work without it): the links that carry
 * the section take the id of the section the reader is reading (`#id`), and
 * following 中文 or English remembers the language in a cookie. The section
 * in view: the one named in the URL's #fragment while it is on screen (a
 * short last section may never reach the top; a malformed fragment such as
 * #% is read as it is, never thrown on), else the last section whose top has
 * scrolled above the reading line (the header's bottom, which moves with the
 * reading controls and scrolls away in 长辈模式, plus some air); none above
 * the first section. Measured once the first frame is laid out, then on scroll
 * and on #fragment changes, never during hydration. Plain ES5; installs its
 * listeners once (clicks on window, in the capture phase: see
 * reading-controls-script.ts); allowed by the page's CSP hash.
 */
export const LANGUAGE_TOGGLE_SCRIPT =
  `(function(w,d){if(w.__languageToggle)return;w.__languageToggle=1;` +
  `function decode(f){try{return decodeURIComponent(f)}catch(e){return f}}` +
  `function inView(){var s=d.querySelectorAll("[data-section-id]"),h=d.querySelector(".site-header"),line=Math.max(0,h?h.getBoundingClientRect().bottom:0)+${READING_AIR_PX},` +
  `id=decode(w.location.hash.slice(1)),c,i,r;for(i=0;i<s.length;i++)if(s[i].getAttribute("data-section-id")===id){r=s[i].getBoundingClientRect();if(r.bottom>line&&r.top<w.innerHeight)return id;break}` +
  `for(i=0;i<s.length;i++)if(s[i].getBoundingClientRect().top-line<=0)c=s[i].getAttribute("data-section-id");return c}` +
  `function update(){var a=d.querySelectorAll("a[${CARRIES_SECTION_ATTRIBUTE}]");if(!a.length)return;var id=inView();` +
  `for(var i=0;i<a.length;i++){var href=a[i].getAttribute("${CARRIES_SECTION_ATTRIBUTE}");a[i].setAttribute("href",id?href.replace(/#.*$/,"")+"#"+id:href)}}` +
  `w.addEventListener("scroll",update,{passive:true});w.addEventListener("hashchange",update);` +
  `function later(){if(w.requestAnimationFrame)w.requestAnimationFrame(update);else update()}if(d.readyState==="loading")d.addEventListener("DOMContentLoaded",later);else later();` +
  `w.addEventListener("click",function(e){var x=e.target&&e.target.closest?e.target.closest("a[${REMEMBER_LANG_ATTRIBUTE}]"):null;` +
  `if(x)d.cookie="${LANG_COOKIE}="+x.getAttribute("${REMEMBER_LANG_ATTRIBUTE}")+"; path=/; max-age=31536000; samesite=lax"},true)})(window,document)`;
