import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/** The latest axe-core (a devDependency of its own), not the older copy @axe-core/playwright bundles. */
const AXE_SOURCE = fs.readFileSync(path.resolve(__dirname, "../../node_modules/axe-core/axe.min.js"), "utf8");
export const AXE_VERSION = (JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../node_modules/axe-core/package.json"), "utf8")) as { version: string }).version;

/**
 * axe on the page with the latest rules, including Label in Name (WCAG 2.5.3,
 * off by default in axe). `enhancedContrast` adds the 7:1 contrast rule of
 * 长辈模式.
 */
export async function axeViolations(page: Page, { enhancedContrast = false } = {}): Promise<string[]> {
  const results = await new AxeBuilder({ page, axeSource: AXE_SOURCE })
    .options({ rules: { "label-content-name-mismatch": { enabled: true }, "color-contrast-enhanced": { enabled: enhancedContrast } } })
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
