import { SECTION_TOOLS_SCRIPT_PATH } from "@/lib/sharing/section-tools-script";

/** Adds the script once the page is parsed and a frame is drawn, as Next's own scripts are added (lib/server/defer-hydration-scripts.ts). */
const LOADER =
  `(function(){function add(){var s=document.createElement("script");s.src=${JSON.stringify(SECTION_TOOLS_SCRIPT_PATH)};document.head.appendChild(s)}` +
  `function go(){requestAnimationFrame(function(){setTimeout(add,0)})}if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",go);else go()})()`;

/**
 * Copy link and read-aloud on the pages with report sections: one small file
 * (app/section-tools.js), fetched after the first frame, well before the
 * page hydrates. Neither inline (on the long 中英对照 page a few more KB of
 * HTML cost a network round trip before the first paint) nor a parser
 * `defer` script (fetched while the page loads, it delayed the largest paint).
 */
export function SectionToolsScript() {
  return <script dangerouslySetInnerHTML={{ __html: LOADER }} />;
}
