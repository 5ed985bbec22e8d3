/**
 * `npm run new-report -- <slug>`: creates content/reports/<slug>/zh.md and
 * en.md with every front-matter field and the section-heading syntax, as a
 * draft, so the editor fills in text and removes `draft: true` to publish.
 */
import fs from "node:fs";
import path from "node:path";
import { displayPath, getContentRoot } from "@/lib/content/content-root";
import { KEBAB_CASE } from "@/lib/content/remark-heading-ids";

const slug = process.argv[2]?.trim() ?? "";
const fail = (message: string) => {
  console.error(`new-report: ${message}`);
  process.exit(1);
};

if (!slug) fail("name the report: npm run new-report -- <slug>, e.g. npm run new-report -- chengyang-budget-2026");
if (!KEBAB_CASE.test(slug)) fail(`"${slug}" is not a valid slug; use lowercase ASCII words joined by hyphens, e.g. ${slug.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "chengyang-budget-2026"}`);
const folder = path.join(getContentRoot(), slug);
if (fs.existsSync(folder)) fail(`${displayPath(folder)} already exists; choose another slug or edit the files there`);

const today = new Date().toISOString().slice(0, 10);
const template = (lang: "zh" | "en") => {
  const zh = lang === "zh";
  return `---
title: "${zh ? "报道标题" : "Report title"}"
summary: "${zh ? "一两句话说明这篇报道讲了什么。" : "One or two sentences on what the report says."}"
date: "${today}"
# updated: "${today}"   ${zh ? "(有实质更新时填写,不能早于 date)" : "(when the report is substantively updated; not before date)"}
source: "${zh ? "青岛财经日报" : "Qingdao Finance Daily"}"
# originalDate: "${today}"   ${zh ? "(来源媒体的原文发表日期,知道时填写,不能晚于 date)" : "(the day the source first published it, when known; not after date)"}
reporter: "${zh ? "记者姓名" : "Reporter name"}"
correspondent: "${zh ? "通讯员姓名" : "Correspondent name"}"
category: "rule-of-law"
draft: true   ${zh ? "# 草稿:发布前删除这一行" : "# remove this line to publish"}
---

${zh ? "导语:第一个小标题之前的段落。" : "Lede: the paragraph before the first section heading."}

## ${zh ? "第一部分标题" : "First section title"} {#first-section}

${zh ? "本节正文。每个 ## 小标题都要有 {#id}:小写英文单词,用连字符连接,中英文两个文件中相同,发布后不要再改。" : "Section text. Every ## heading needs an {#id}: lowercase English words joined by hyphens, the same in both files, never changed once published."}

## ${zh ? "第二部分标题" : "Second section title"} {#second-section}

${zh ? "本节正文。" : "Section text."}
`;
};

fs.mkdirSync(folder, { recursive: true });
for (const lang of ["zh", "en"] as const) fs.writeFileSync(path.join(folder, `${lang}.md`), template(lang));
console.log(`new-report: created ${displayPath(folder)}/zh.md and en.md (a draft). Write the text, run npm run content:check, and remove "draft: true" to publish.`);
console.log("If there is no English translation yet, delete en.md: the report then publishes in Chinese only.");
