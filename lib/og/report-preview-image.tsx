import { ImageResponse } from "next/og";
import type { LocalizedReport } from "@/lib/content/report-types";
import { formatDate } from "@/lib/i18n/format-date";
import { getT } from "@/lib/i18n/get-translator";
import { previewFontFor } from "./preview-font";

export const PREVIEW_SIZE = { width: 1200, height: 630 };

/** The 1200×630 picture chat apps and social sites show for a report, in the report's language. */
export async function reportPreviewImage(content: LocalizedReport): Promise<ImageResponse> {
  const { meta } = content;
  const t = getT(meta.lang);
  const siteName = t("site.name");
  const category = t(`category.${meta.category}`);
  const footer = `${category} · ${meta.source} · ${formatDate(meta.date, meta.lang)}`;
  const font = await previewFontFor(`${siteName}${meta.title}${footer}`);
  const titleSize = meta.title.length > 60 ? 52 : meta.title.length > 30 ? 60 : 72;
  return new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", flexDirection: "column", background: "#fbf8f3", fontFamily: "Noto Sans SC" }}>
        <div style={{ display: "flex", alignItems: "center", height: 96, padding: "0 64px", background: "#9f1d20", color: "#ffffff", fontSize: 40 }}>{siteName}</div>
        <div style={{ display: "flex", flex: 1, alignItems: "center", padding: "0 64px", color: "#1f1f1f", fontSize: titleSize, lineHeight: 1.3 }}>{meta.title}</div>
        <div style={{ display: "flex", height: 88, padding: "0 64px", alignItems: "center", borderTop: "4px solid #9f1d20", color: "#545454", fontSize: 32 }}>{footer}</div>
      </div>
    ),
    { ...PREVIEW_SIZE, fonts: [{ name: "Noto Sans SC", data: font, weight: 700, style: "normal" }] },
  );
}
