/**
 * Next puts its scripts in <head> as `<script src="/_next/static/…" async>`.
 * On a slow phone they arrive while the article is still being laid out and
 * run before its first paint, so the text waits for the JavaScript (and
 * Lighthouse counts their download in the largest paint). This moves them
 * behind the first frame: one tiny inline loader in their place adds the same
 * scripts, in the same order, once the document is parsed and a frame has been
 * drawn. Hydration then follows at once; pages work without JavaScript as before.
 */
const HYDRATION_SCRIPT = /<script src="(\/_next\/static\/[^"<>\s]+\.js)" async=""(?: nonce="[^"<>]*")?><\/script>/g;

/** Plain ES5 and no string from the page but the script paths (which match the pattern above). */
function loader(sources: readonly string[]): string {
  return (
    "(function(s){function add(){for(var i=0;i<s.length;i++){var e=document.createElement(\"script\");e.src=s[i];e.async=true;document.head.appendChild(e)}}" +
    "function go(){requestAnimationFrame(function(){setTimeout(add,0)})}" +
    `if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",go);else go()})(${JSON.stringify(sources)})`
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
  return `${before.slice(0, first)}<script>${loader(sources)}</script>${before.slice(first)}${html.slice(head)}`;
}
