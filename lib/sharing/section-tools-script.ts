import { createHash } from "node:crypto";
import { READ_ALOUD_SCRIPT } from "@/lib/reading/read-aloud-script";
import { COPY_LINK_SCRIPT } from "./copy-link-script";

/** Copy link and read-aloud: the script of the pages with report sections. */
export const SECTION_TOOLS_SCRIPT = `${COPY_LINK_SCRIPT};${READ_ALOUD_SCRIPT}`;

/** Its URL, named by its content, so a browser or nginx may keep it for a year and still get the new one after a deploy. */
export const SECTION_TOOLS_SCRIPT_PATH = `/section-tools.js?v=${createHash("sha256").update(SECTION_TOOLS_SCRIPT).digest("hex").slice(0, 12)}`;
