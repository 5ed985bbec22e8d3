"use client";

import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from "react";
import { APPROACH_MARGIN, COMMENTS_FRAGMENT_PREFIX } from "@/lib/hydrate-on-demand";
import type { Lang } from "@/lib/i18n/languages";

const CommentsSection = lazy(() => import("./comments/comments-section").then((module) => ({ default: module.CommentsSection })));

/**
 * Shows `children` (the server-rendered stand-in) until the reader comes near
 * the comments, follows a link to them (#comments, #comment-…), or moves focus
 * into them; then loads and shows the comment widget in its place.
 */
export function CommentsLoader({ lang, slug, children }: { lang: Lang; slug: string; children: ReactNode }) {
  const [load, setLoad] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = ref.current;
    if (load || !element) return;
    const linked = () => location.hash.startsWith(COMMENTS_FRAGMENT_PREFIX);
    if (linked() || !("IntersectionObserver" in window)) return setLoad(true);
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && setLoad(true), { rootMargin: APPROACH_MARGIN });
    observer.observe(element);
    const onHash = () => linked() && setLoad(true);
    const onFocus = () => setLoad(true);
    window.addEventListener("hashchange", onHash);
    element.addEventListener("focusin", onFocus);
    return () => {
      observer.disconnect();
      window.removeEventListener("hashchange", onHash);
      element.removeEventListener("focusin", onFocus);
    };
  }, [load]);

  return <div ref={ref}>{load ? <Suspense fallback={children}>{<CommentsSection lang={lang} slug={slug} />}</Suspense> : children}</div>;
}
