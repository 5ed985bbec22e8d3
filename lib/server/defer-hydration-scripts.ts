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
 * A page marked to hydrate on demand (lib/hydrate-on-demand.ts: every public
 * page but the comments page) gets more: Next's scripts (the body's too), their
 * preloads and the page's React data (the `self.__next_f.push(…)` scripts,
 * most of its HTML) leave the page's load. Where an element needs React (the
 * article's comment box), the data stays as an inert JSON block and a loader
 * hands it to Next and adds the scripts only when the reader nears that
 * element, focuses it or follows a link to it; where none does, both are
 * dropped. Booting React, and evaluating its data, was most of what those
 * pages made a phone's main thread do.
 */
const HEAD_SCRIPT = /<script src="(\/_next\/static\/[^"<>\s]+\.js)" async=""(?: nonce="[^"<>]*")?><\/script>/g;
const ANY_ASYNC_SCRIPT = /<script src="(\/_next\/static\/[^"<>\s]+\.js)"(?: nonce="[^"<>]*")? async=""(?: nonce="[^"<>]*")?><\/script>/g;
const SCRIPT_PRELOAD = /<link rel="preload" as="script" fetchPriority="low"(?: nonce="[^"<>]*")? href="(\/_next\/static\/[^"<>\s]+\.js)"\/>/g;
/** Next's React data for hydration: a first `(self.__next_f=self.__next_f||[]).push([0])`, then one push per chunk of JSON. */
const FLIGHT_SCRIPT = /<script(?: nonce="[^"<>]*")?>(?:\(self\.__next_f=self\.__next_f\|\|\[\]\)|self\.__next_f)\.push\(([\s\S]*?)\)<\/script>/g;
/** The inert JSON block the on-demand loader reads the data back from. */
export const FLIGHT_DATA_ID = "next-flight-data";

/** Plain ES5 in both loaders, and no string from the page but the script paths (which match the patterns above). */
const ADD_SCRIPTS =
  "for(var i=0;i<s.length;i++){var e=document.createElement(\"script\");e.src=s[i];e.async=true;document.head.appendChild(e)}";
const WHEN_PARSED = 'if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",go);else go()';

function afterFirstFrameLoader(sources: readonly string[]): string {
  return `(function(s){function add(){${ADD_SCRIPTS}}function go(){requestAnimationFrame(function(){setTimeout(add,0)})}${WHEN_PARSED}})(${JSON.stringify(sources)})`;
}

function onDemandLoader(sources: readonly string[]): string {
  const trigger = JSON.stringify(HYDRATE_TRIGGER_ATTRIBUTE);
  return (
    `(function(s){var done=false;function add(){if(done)return;done=true;` +
    // The React data first, as Next's own scripts would have pushed it during the load.
    `var d=document.getElementById(${JSON.stringify(FLIGHT_DATA_ID)});if(d){var f=self.__next_f=self.__next_f||[],a=JSON.parse(d.textContent);for(var j=0;j<a.length;j++)f.push(a[j])}` +
    `${ADD_SCRIPTS}}function go(){var t=document.querySelectorAll("[" + ${trigger} + "]");if(!t.length)return;` +
    // A link to what needs React (#comments, #comment-42) asks for it at once.
    `function linked(){for(var i=0;i<t.length;i++){var p=t[i].getAttribute(${trigger});if(p&&location.hash.indexOf(p)===0)return true}return false}` +
    `if(linked()||!("IntersectionObserver" in window))return add();` +
    `var o=new IntersectionObserver(function(es){for(var i=0;i<es.length;i++)if(es[i].isIntersecting){o.disconnect();add();return}},{rootMargin:${JSON.stringify(APPROACH_MARGIN)}});` +
    `for(var i=0;i<t.length;i++){o.observe(t[i]);t[i].addEventListener("focusin",add)}` +
    `window.addEventListener("hashchange",function(){if(linked())add()})}${WHEN_PARSED}})(${JSON.stringify(sources)})`
  );
}

function afterFirstFrame(html: string, head: number): string {
  const sources: string[] = [];
  let first = -1;
  const before = html.slice(0, head).replace(HEAD_SCRIPT, (tag, src: string, offset: number) => {
    if (first < 0) first = offset;
    sources.push(src);
    return "";
  });
  if (!sources.length) return html;
  return `${before.slice(0, first)}<script>${afterFirstFrameLoader(sources)}</script>${before.slice(first)}${html.slice(head)}`;
}

/** The page with its React data and Next's scripts moved out of the load; undefined when the page is not as expected (then it is served as any other). */
function onDemand(html: string): string | undefined {
  const sources: string[] = [];
  const flight: string[] = [];
  let page = html.replace(ANY_ASYNC_SCRIPT, (tag, src: string) => (sources.push(src), ""));
  page = page.replace(FLIGHT_SCRIPT, (tag, chunk: string) => (flight.push(chunk), ""));
  if (!sources.length) return undefined;
  const data = `[${flight.join(",")}]`;
  // Next writes each chunk as JSON with `<` escaped; anything else, or a `</` that would end the block, is left alone.
  if (data.includes("</")) return undefined;
  try {
    JSON.parse(data);
  } catch {
    return undefined;
  }
  page = page.replace(SCRIPT_PRELOAD, (tag, href: string) => (sources.includes(href) ? "" : tag));
  const head = page.indexOf("</head>");
  const bodyEnd = page.lastIndexOf("</body>");
  if (head < 0 || bodyEnd < head) return undefined;
  if (!page.includes(`${HYDRATE_TRIGGER_ATTRIBUTE}="`, head)) return page;
  return (
    `${page.slice(0, head)}<script>${onDemandLoader(sources)}</script>${page.slice(head, bodyEnd)}` +
    `<script type="application/json" id="${FLIGHT_DATA_ID}">${data}</script>${page.slice(bodyEnd)}`
  );
}

export function deferHydrationScripts(html: string): string {
  const head = html.indexOf("</head>");
  if (head < 0) return html;
  return (html.includes(HYDRATE_ON_DEMAND_MARKER, head) && onDemand(html)) || afterFirstFrame(html, head);
}
