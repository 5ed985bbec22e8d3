import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import { COPY_LINK_ATTRIBUTE } from "@/lib/sharing/copy-link-script";

/**
 * Copies the absolute URL of a section: a plain button, wired by the small
 * script in <head> (lib/sharing/copy-link-script.ts), so it works before the
 * page hydrates and has no code in any bundle. Hidden without JavaScript;
 * there the heading itself is the plain link to copy.
 */
export function CopyLinkButton({ lang, path, title }: { lang: Lang; path: string; title: string }) {
  const t = getT(lang);
  return (
    <span className="copy-link">
      <button type="button" aria-label={t("article.copyLinkLabel", { title })} className="copy-link-button" {...{ [COPY_LINK_ATTRIBUTE]: path }}>
        {t("article.copyLink")}
      </button>
      {/* The script writes the outcome here; React treats the inside as opaque. */}
      <span role="status" aria-live="polite" className="copy-link-status" data-copied={t("article.linkCopied")} data-failed={t("article.copyFailed")} dangerouslySetInnerHTML={{ __html: "" }} />
    </span>
  );
}
