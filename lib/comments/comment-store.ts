/** The store's contract lives in store/comment-store.ts; this path stays for the shared store suite (tests/unit/comments-store-suite.ts), kept unchanged across the Kysely move. */
export * from "./store/comment-store";
