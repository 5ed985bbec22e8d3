import { chromium } from "@playwright/test";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
for (const url of process.argv.slice(2)) {
  await page.goto(url);
  console.log(url, await page.evaluate(() => ({ elements: document.querySelectorAll("*").length, text: document.body.innerText.length, height: document.documentElement.scrollHeight, html: document.documentElement.outerHTML.length, svgs: document.querySelectorAll("svg *").length, scripts: [...document.scripts].reduce((s, x) => s + x.text.length, 0) })));
}
await browser.close();
