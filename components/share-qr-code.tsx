import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import { qrCodePath } from "@/lib/routes";
import { absoluteUrl } from "@/lib/site-url";

/**
 * 分享到微信: a disclosure (no JavaScript needed) with the QR code of a page's
 * own URL, drawn at build time, to scan with a phone. The image loads only
 * when the reader opens it.
 */
export function ShareQrCode({ lang, path, scope }: { lang: Lang; path: string; scope: "section" | "report" }) {
  const t = getT(lang);
  const url = absoluteUrl(path);
  return (
    <details className={`share-qr share-qr-${scope}`}>
      <summary>{t(scope === "section" ? "share.summary" : "share.reportSummary")}</summary>
      <div className="share-qr-panel">
        <img src={qrCodePath(path)} width={176} height={176} alt={t("share.qrLabel", { url })} loading="lazy" decoding="async" className="share-qr-image" />
        <p className="share-qr-caption">{t(scope === "section" ? "share.scanSection" : "share.scanReport")}</p>
        <p className="share-qr-url">{url}</p>
      </div>
    </details>
  );
}
