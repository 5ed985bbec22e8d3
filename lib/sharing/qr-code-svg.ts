import QRCode from "qrcode";

/**
 * A QR code of `url` as a standalone SVG, drawn here at build time (no outside
 * service). Error correction M survives a phone camera at an angle; the quiet
 * zone of 4 modules is what scanners (WeChat's included) expect.
 */
export async function qrCodeSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 4, color: { dark: "#000000", light: "#ffffff" } });
}

/** The route answer for a QR code: cached like every static file of a build. */
export async function qrCodeResponse(url: string): Promise<Response> {
  return new Response(await qrCodeSvg(url), {
    headers: { "Content-Type": "image/svg+xml; charset=utf-8", "X-Content-Type-Options": "nosniff" },
  });
}
