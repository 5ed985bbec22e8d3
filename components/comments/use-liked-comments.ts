"use client";

import { useCallback, useEffect, useState } from "react";

const STORAGE_KEY = "comments-liked";
const MAX_REMEMBERED = 500;

/**
 * Which comments this browser has liked, so the button shows “unlike”. The
 * server counts one like per reader anyway; this only remembers the button state.
 */
export function useLikedComments(): [ReadonlySet<string>, (id: string, liked: boolean) => void] {
  const [liked, setLiked] = useState<ReadonlySet<string>>(() => new Set());

  useEffect(() => {
    try {
      const stored: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "[]");
      if (Array.isArray(stored)) setLiked(new Set(stored.filter((id): id is string => typeof id === "string")));
    } catch {
      // Storage blocked or corrupted: start with nothing liked.
    }
  }, []);

  const update = useCallback((id: string, isLiked: boolean) => {
    setLiked((current) => {
      const next = new Set(current);
      if (isLiked) next.add(id);
      else next.delete(id);
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify([...next].slice(-MAX_REMEMBERED)));
      } catch {
        // Not remembered across visits; the button still works.
      }
      return next;
    });
  }, []);

  return [liked, update];
}
