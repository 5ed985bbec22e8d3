import { APPROACH_MARGIN, HYDRATE_ON_DEMAND_MARKER, HYDRATE_TRIGGER_ATTRIBUTE } from "@/lib/hydrate-on-demand";

/**
 * Next puts its scripts in <head> as `<script src="/_next/static/…" async>`.
 * On a slow phone they arrive while the article is still being laid out and
 * run before its first paint, so the text waits for the JavaScript (and
 * Lighthouse counts their download in the largest paint). This moves them
 * behind the first frame: one tiny inline loader in their place adds the same
 * scripts, in the same order, once the document is parsed and a frame has been
 * drawn. Hydration then follows at once; pages work without JavaScript as before.
 *
 * A page marked to hydrate on demand (lib/hydrate-on-demand.ts: the report
 * pages) gets a loader that waits instead until the reader nears an element
 * that needs React (or focuses it, or follows a link to it), and never loads
 * the scripts where no such element exists: booting React was most of what
 * those pages made a phone's main thread do.
 */
const HYDRATION_SCRIPT = /<script src="(\/_next\/static\/[^"<>\s]+\.js)" async=""(?: nonce="[^"<>]*")?><\/script>/g;

/** Plain ES5 in both loaders, and no string from the page but the script paths (which match the pattern above). */
const ADD_SCRIPTS =
  "var done=false;function add(){if(done)return;done=true;for(var i=0;i<s.length;i++){var e=document.createElement(\"script\");e.src=s[i];e.async=true;document.head.appendChild(e)}}";
const WHEN_PARSED = 'if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",go);else go()';

function afterFirstFrameLoader(sources: readonly string[]): string {
  return `(function(s){${ADD_SCRIPTS}function go(){requestAnimationFrame(function(){setTimeout(add,0)})}${WHEN_PARSED}})(${JSON.stringify(sources)})`;
}

function onDemandLoader(sources: readonly string[]): string {
  const trigger = JSON.stringify(HYDRATE_TRIGGER_ATTRIBUTE);
  return (
    `(function(s){${ADD_SCRIPTS}function go(){var t=document.querySelectorAll("[" + ${trigger} + "]");if(!t.length)return;` +
    // A link to what needs React (#comments, #comment-42) asks for it at once.
    `function linked(){for(var i=0;i<t.length;i++){var p=t[i].getAttribute(${trigger});if(p&&location.hash.indexOf(p)===0)return true}return false}` +
    `if(linked()||!("IntersectionObserver" in window))return add();` +
    `var o=new IntersectionObserver(function(es){for(var i=0;i<es.length;i++)if(es[i].isIntersecting){o.disconnect();add();return}},{rootMargin:${JSON.stringify(APPROACH_MARGIN)}});` +
    `for(var i=0;i<t.length;i++){o.observe(t[i]);t[i].addEventListener("focusin",add)}` +
    `window.addEventListener("hashchange",function(){if(linked())add()})}${WHEN_PARSED}})(${JSON.stringify(sources)})`
  );
}

export function deferHydrationScripts(html: string): string {
  const head = html.indexOf("</head>");
  if (head < 0) return html;
  const sources: string[] = [];
  let first = -1;
  const before = html.slice(0, head).replace(HYDRATION_SCRIPT, (tag, src: string, offset: number) => {
    if (first < 0) first = offset;
    sources.push(src);
    return "";
  });
  if (!sources.length) return html;
  const loader = html.includes(HYDRATE_ON_DEMAND_MARKER, head) ? onDemandLoader(sources) : afterFirstFrameLoader(sources);
  return `${before.slice(0, first)}<script>${loader}</script>${before.slice(first)}${html.slice(head)}`;
}
