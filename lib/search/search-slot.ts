import { HYDRATE_ON_DEMAND } from "@/lib/hydrate-on-demand";

/**
 * The element the search page's shell leaves empty and the server entry fills,
 * and the exact HTML React writes for it: the entry splits the shell there.
 * Nothing on the page needs React, so it is marked to hydrate on demand.
 */
export const SEARCH_SLOT = {
  props: { className: "search-page", "data-search-slot": "", ...HYDRATE_ON_DEMAND },
  html: '<div class="search-page" data-search-slot="" data-hydrate="on-demand"></div>',
  open: '<div class="search-page" data-search-slot="" data-hydrate="on-demand">',
} as const;
