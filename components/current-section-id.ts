/** Sticky header height plus a little air: a section counts as "in view" once its top passes this line. */
const READING_LINE_PX = 120;

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
  const hash = decodeFragment(location.hash.slice(1));
  const target = sections.find((section) => section.dataset.sectionId === hash);
  if (target) {
    const rect = target.getBoundingClientRect();
    if (rect.bottom > READING_LINE_PX && rect.top < window.innerHeight) return hash;
  }
  let current: string | undefined;
  for (const section of sections) {
    if (section.getBoundingClientRect().top - READING_LINE_PX <= 0) current = section.dataset.sectionId;
  }
  return current;
}
