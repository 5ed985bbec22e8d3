/** A copy-link button carries the path it copies in this attribute. */
export const COPY_LINK_ATTRIBUTE = "data-copy-link";

/** How long the “copied” message stays. */
const MESSAGE_MS = 4000;

/**
 * 复制链接, wired by plain script (no React; served with read-aloud's as
 * app/section-tools.js): one click
 * listener on the document copies the absolute URL of the button's
 * `data-copy-link` path and puts the outcome, read from the status's
 * `data-copied`/`data-failed` (the page's own strings), into the button's
 * live region for a few seconds. The status is empty, opaque markup to React
 * (dangerouslySetInnerHTML), so writing into it never upsets hydration.
 * Plain ES5; installs its listener once (on window, in the capture phase: see
 * reading-controls-script.ts).
 */
export const COPY_LINK_SCRIPT =
  `(function(w,d){if(w.__copyLink)return;w.__copyLink=1;w.addEventListener("click",function(e){` +
  `var b=e.target&&e.target.closest?e.target.closest("[${COPY_LINK_ATTRIBUTE}]"):null,s=b&&b.parentNode.querySelector("[data-copied]");if(!s)return;` +
  `var token=s.__copy=(s.__copy||0)+1;function say(key){s.textContent=s.getAttribute(key)||"";w.setTimeout(function(){if(s.__copy===token)s.textContent=""},${MESSAGE_MS})}` +
  `try{navigator.clipboard.writeText(new URL(b.getAttribute("${COPY_LINK_ATTRIBUTE}"),w.location.origin).toString()).then(function(){say("data-copied")},function(){say("data-failed")})}catch(x){say("data-failed")}` +
  `},true)})(window,document)`;
