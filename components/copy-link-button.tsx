"use client";

import { useEffect, useState } from "react";
import { useTranslation } from "@/components/translations-provider";

type CopyState = "idle" | "copied" | "failed";

/**
 * Copies the absolute URL of a section. Invisible until JavaScript runs (it
 * keeps its space, so nothing shifts); without JavaScript the heading itself
 * is the plain link to copy.
 */
export function CopyLinkButton({ path, title }: { path: string; title: string }) {
  const { t } = useTranslation("common");
  const [state, setState] = useState<CopyState>("idle");
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  const copy = async () => {
    const url = new URL(path, window.location.origin).toString();
    try {
      await navigator.clipboard.writeText(url);
      setState("copied");
    } catch {
      setState("failed");
    }
    window.setTimeout(() => setState("idle"), 4000);
  };

  return (
    <span className={ready ? "copy-link" : "copy-link is-pending"}>
      <button type="button" onClick={copy} aria-label={t("article.copyLinkLabel", { title })} className="copy-link-button">
        {t("article.copyLink")}
      </button>
      <span role="status" aria-live="polite" className="copy-link-status">
        {state === "copied" ? t("article.linkCopied") : state === "failed" ? t("article.copyFailed") : ""}
      </span>
    </span>
  );
}
