import { fetchCommentCounts } from "./comments-api-client";

/** The API takes at most this many slugs per request. */
const MAX_PER_REQUEST = 100;

let queued = new Map<string, ((count: number | undefined) => void)[]>();
let scheduled = false;

/**
 * One report's comment count. Counts asked for in the same tick (a home page
 * full of reports) are fetched together in one request. Undefined on failure.
 */
export function loadCommentCount(slug: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    queued.set(slug, [...(queued.get(slug) ?? []), resolve]);
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, 0);
    }
  });
}

function flush(): void {
  const batch = queued;
  queued = new Map();
  scheduled = false;
  const slugs = [...batch.keys()];
  for (let i = 0; i < slugs.length; i += MAX_PER_REQUEST) {
    const chunk = slugs.slice(i, i + MAX_PER_REQUEST);
    fetchCommentCounts(chunk).then(
      (counts) => chunk.forEach((slug) => batch.get(slug)!.forEach((resolve) => resolve(counts[slug]))),
      () => chunk.forEach((slug) => batch.get(slug)!.forEach((resolve) => resolve(undefined))),
    );
  }
}
