/** Air below the sticky header: a section counts as "in view" once its top passes the header's bottom plus this. */
const READING_AIR_PX = 64;

/**
 * The reading line, measured: the header's height changes with the
 * reading controls, the text size, a wrapped site name, and in 长辈模式 it
 * scrolls away (its bottom goes above the screen).
 */
function readingLine(): number {
  const header = document.querySelector(".site-header")?.getBoundingClientRect();
  return Math.max(0, header?.bottom ?? 0) + READING_AIR_PX;
}

/** A URL fragment decoded, or as it is when it is not valid percent-encoding (`#%`, `#%E4%B8`): never throws. */
export function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * The id of the report section the reader is reading now. A section named in
 * the URL's #fragment wins while it is on screen (a short last section may
 * never reach the top); otherwise the last section whose top has scrolled
 * above the reading line. Undefined above the first section.
 */
export function currentSectionId(): string | undefined {
  const sections = Array.from(document.querySelectorAll<HTMLElement>("[data-section-id]"));
  const line = readingLine();
  const hash = decodeFragment(location.hash.slice(1));
  const target = sections.find((section) => section.dataset.sectionId === hash);
  if (target) {
    const rect = target.getBoundingClientRect();
    if (rect.bottom > line && rect.top < window.innerHeight) return hash;
  }
  let current: string | undefined;
  for (const section of sections) {
    if (section.getBoundingClientRect().top - line <= 0) current = section.dataset.sectionId;
  }
  return current;
}
