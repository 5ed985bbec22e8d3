import fs from "node:fs";
import path from "node:path";
import subsetFont from "subset-font";

/**
 * Noto Sans SC Bold, shipped by an npm package (not the machine's fonts), so
 * previews draw Chinese the same everywhere. The full font is 10 MB; each
 * image gets a subset of just the characters it draws, which keeps drawing fast.
 */
const FONT_FILE = path.join(process.cwd(), "node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf");
let fullFont: Buffer | undefined;

export async function previewFontFor(text: string): Promise<ArrayBuffer> {
  fullFont ??= fs.readFileSync(FONT_FILE);
  const subset = await subsetFont(fullFont, text, { targetFormat: "truetype" });
  return subset.buffer.slice(subset.byteOffset, subset.byteOffset + subset.byteLength) as ArrayBuffer;
}
