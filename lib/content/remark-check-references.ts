import fs from "node:fs";
import path from "node:path";
import type { Image, Link, Root } from "mdast";
import { visit } from "unist-util-visit";
import type { VFile } from "vfile";
import { headingId } from "./remark-heading-ids";

export interface CheckReferencesOptions {
  /** Folder served at `/`, where every referenced image must exist. */
  publicRoot: string;
}

/**
 * Catches references that would break for readers: `#id` links to a section
 * that does not exist, and images that are not stored under `public/`.
 * Runs after `remarkHeadingIds`, whose ids it reads.
 */
export function remarkCheckReferences(options: CheckReferencesOptions) {
  return (tree: Root, file: VFile) => {
    const ids = new Set<string>();
    visit(tree, "heading", (heading) => {
      const id = headingId(heading);
      if (id) ids.add(id);
    });

    visit(tree, "link", (link: Link) => {
      if (!link.url.startsWith("#")) return;
      const target = decodeURIComponent(link.url.slice(1));
      if (!ids.has(target)) {
        const known = [...ids].map((id) => `#${id}`).join(", ") || "none";
        report(file, link, `link to "#${target}" points at no section`, `link to one of: ${known}`);
      }
    });

    visit(tree, "image", (image: Image) => {
      const url = image.url;
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) {
        report(file, image, `image "${url}" is not stored with the site`, "save the image under public/images/ and write ![description](/images/name.jpg)");
        return;
      }
      if (!url.startsWith("/")) {
        report(file, image, `image path "${url}" is relative`, `write it from the site root, e.g. ![description](/images/${path.basename(url)})`);
        return;
      }
      const onDisk = path.join(options.publicRoot, decodeURIComponent(url.split(/[?#]/)[0]!));
      if (!onDisk.startsWith(options.publicRoot + path.sep) || !fs.existsSync(onDisk)) {
        report(file, image, `image "${url}" does not exist under public/`, `add the file public${url} or correct the path`);
      }
      if (!image.alt?.trim()) {
        report(file, image, `image "${url}" has no description`, `write ![what the image shows](${url}) so that screen-reader users know`);
      }
    });
  };
}

function report(file: VFile, node: Link | Image, reason: string, fix: string) {
  const message = file.message(reason, { place: node.position, ruleId: "reference", source: "remark-check-references" });
  message.note = fix;
}
