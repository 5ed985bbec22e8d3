/**
 * The element the search page's shell leaves empty and the server entry fills,
 * and the exact HTML React writes for it: the entry splits the shell there.
 */
export const SEARCH_SLOT = {
  props: { className: "search-page", "data-search-slot": "" },
  html: '<div class="search-page" data-search-slot=""></div>',
  open: '<div class="search-page" data-search-slot="">',
} as const;
