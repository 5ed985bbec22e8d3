import { expect, type Page } from "@playwright/test";

/** The heading is on screen and not hidden under the sticky header. */
export async function expectHeadingInView(page: Page, id: string) {
  await expect
    .poll(async () =>
      page.evaluate((headingId) => {
        const heading = document.getElementById(headingId)!.getBoundingClientRect();
        const header = document.querySelector(".site-header")!.getBoundingClientRect();
        return heading.top >= header.bottom - 1 && heading.bottom <= window.innerHeight;
      }, id),
    )
    .toBe(true);
}
