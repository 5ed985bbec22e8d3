/**
 * Report pages (article, section, 中英对照) need React for one thing only: the
 * comment box under the article. Everything else on them (字号/长辈模式, the
 * language toggle, copy link, read-aloud, QR codes, search) is plain HTML and
 * small scripts. So those pages say so in their markup, and the server entry
 * (lib/server/defer-hydration-scripts.ts) then loads Next's scripts only when
 * the reader nears an element that needs them, instead of booting React
 * during the page load on a slow phone. A page that names no such element
 * never boots React at all; its links are ordinary links.
 */

/** On the page's root element: load Next's scripts on demand, not after the first frame. */
export const HYDRATE_ON_DEMAND = { "data-hydrate": "on-demand" } as const;

/** What the server looks for in a page's HTML (React writes the attribute exactly so). */
export const HYDRATE_ON_DEMAND_MARKER = 'data-hydrate="on-demand"';

/**
 * On an element that needs React: its value is the fragment prefix that also
 * calls for it (a link to `#comments` or `#comment-42` must show the comments).
 */
export const HYDRATE_TRIGGER_ATTRIBUTE = "data-hydrate-trigger";

/** How far ahead of such an element (and of the comments) their code starts loading. */
export const APPROACH_MARGIN = "1000px 0px";

/** The fragment prefix that asks for the comments: `#comments`, `#comment-42`. */
export const COMMENTS_FRAGMENT_PREFIX = "#comment";
