import { commentCountsApiPath, MAX_COUNT_SLUGS } from "./comment-paths";

/** On a report's count link in a list: the report's slug. The link stays hidden until its count arrives. */
export const COMMENT_COUNT_ATTRIBUTE = "data-comment-count";

/** `data-count-one`, `data-count-other`: the link's text per plural category, with `{{count}}` for the number. */
export const COUNT_TEMPLATE_PREFIX = "data-count-";

/** What the API's path looks like before the slugs (the script adds them, each encoded, comma-separated). */
const API_PREFIX = commentCountsApiPath([]);

/**
 * “3条评论” / “3 comments” beside each report of a list page, as plain script
 * (ES5, inline after the list; allowed by the page's CSP hash): the list pages
 * are static, so the counts are fetched in the browser, one request for up to
 * MAX_COUNT_SLUGS reports. It needs no React, so list pages never boot it.
 * A count that does not arrive leaves its link hidden, as without JavaScript.
 * The text is set as text, never as HTML.
 */
export const COMMENT_COUNT_SCRIPT =
  `(function(d){var l=d.querySelectorAll("[${COMMENT_COUNT_ATTRIBUTE}]"),by={},slugs=[],rules;` +
  `try{rules=new Intl.PluralRules(d.documentElement.lang)}catch(e){}` +
  `for(var i=0;i<l.length;i++){var s=l[i].getAttribute("${COMMENT_COUNT_ATTRIBUTE}");if(!by[s]){by[s]=[];slugs.push(s)}by[s].push(l[i])}` +
  `function show(counts){for(var s in by){var n=counts&&counts[s];if(typeof n!=="number"||!by.hasOwnProperty(s))continue;` +
  `for(var j=0;j<by[s].length;j++){var a=by[s][j],t=a.getAttribute("${COUNT_TEMPLATE_PREFIX}"+(rules?rules.select(n):"other"))||a.getAttribute("${COUNT_TEMPLATE_PREFIX}other");` +
  `if(t===null)continue;a.textContent=t.split("{{count}}").join(String(n));a.hidden=false}}}` +
  `if(!window.fetch)return;for(var k=0;k<slugs.length;k+=${MAX_COUNT_SLUGS}){` +
  `fetch(${JSON.stringify(API_PREFIX)}+slugs.slice(k,k+${MAX_COUNT_SLUGS}).map(encodeURIComponent).join(","),{credentials:"same-origin",cache:"no-store"})` +
  `.then(function(r){return r.ok?r.json():null}).then(function(b){show(b&&b.counts)},function(){})}})(document)`;
