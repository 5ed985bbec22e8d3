/**
 * `npx tsx scripts/make-icons.ts`: draws the home-screen icons in public/icons/
 * from app/icon.svg (the same sun the browser tab shows). Run it again after
 * changing the SVG, and commit the PNGs.
 */
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

const source = fs.readFileSync(path.resolve("app/icon.svg"));
// Maskable icons are cropped to a circle by some launchers: the full-bleed version drops the rounded corners and keeps the sun in the safe zone.
const maskable = Buffer.from(
  source
    .toString()
    .replace('rx="12"', 'rx="0"')
    .replace("<circle", '<g transform="translate(6.4 6.4) scale(0.8)"><circle')
    .replace("</g></svg>", "</g></g></svg>"),
);
const outputs: { file: string; svg: Buffer; size: number }[] = [
  { file: "icon-192.png", svg: source, size: 192 },
  { file: "icon-512.png", svg: source, size: 512 },
  { file: "icon-maskable-512.png", svg: maskable, size: 512 },
  { file: "apple-touch-icon.png", svg: maskable, size: 180 },
];
async function main() {
  fs.mkdirSync("public/icons", { recursive: true });
  for (const { file, svg, size } of outputs) {
    await sharp(svg, { density: (72 * size) / 64 }).resize(size, size).png().toFile(path.join("public/icons", file));
    console.log(`public/icons/${file} (${size}×${size})`);
  }
}

void main();
