import type { ContentBlock, LocalizedReport, Report } from "./report-types";

/**
 * 中英对照: each Chinese paragraph beside its English one. Paragraphs are
 * paired by section id and position; `npm run content:check` refuses a
 * section whose counts differ, so on a published report every pair is whole.
 */
export interface ParagraphPair {
  zh: ContentBlock;
  en: ContentBlock;
}

export interface AlignedSection {
  id: string;
  title: { zh: string; en: string };
  pairs: ParagraphPair[];
}

export interface AlignedReport {
  lede: ParagraphPair[];
  sections: AlignedSection[];
}

/** Where the two languages part: the lede (id undefined) or a section, with both counts. */
export interface ParagraphMismatch {
  /** Section id, or undefined for the lede. */
  sectionId?: string;
  zhCount: number;
  enCount: number;
  /** 0-based index of the first pair that does not correspond. */
  driftIndex: number;
}

/** A report has a 中英对照 mode exactly when it has an English text (content:check guarantees the pairs). */
export function hasBilingualMode<R extends { languages: { en?: unknown } }>(report: R): report is R & { languages: { en: NonNullable<R["languages"]["en"]> } } {
  return report.languages.en !== undefined;
}

/** Pairs both languages' lede and sections. Throws when they cannot be paired whole (content:check prevents that). */
export function alignReport(zh: LocalizedReport, en: LocalizedReport): AlignedReport {
  const mismatches = findParagraphMismatches(zh, en);
  const enById = new Map(en.sections.map((section) => [section.id, section]));
  const missing = zh.sections.filter((section) => !enById.has(section.id)).map((section) => section.id);
  if (mismatches.length > 0 || missing.length > 0 || en.sections.length !== zh.sections.length) {
    throw new Error(`${zh.meta.slug}: the Chinese and English paragraphs do not align (run npm run content:check)`);
  }
  return {
    lede: pairBlocks(zh.lede.blocks, en.lede.blocks),
    sections: zh.sections.map((section) => {
      const english = enById.get(section.id)!;
      return { id: section.id, title: { zh: section.title, en: english.title }, pairs: pairBlocks(section.blocks, english.blocks) };
    }),
  };
}

/** Every part (lede, then sections with the same id in both) whose paragraph counts differ. */
export function findParagraphMismatches(
  zh: Pick<LocalizedReport, "lede" | "sections">,
  en: Pick<LocalizedReport, "lede" | "sections">,
): ParagraphMismatch[] {
  const mismatches: ParagraphMismatch[] = [];
  const check = (sectionId: string | undefined, zhBlocks: ContentBlock[], enBlocks: ContentBlock[]) => {
    if (zhBlocks.length === enBlocks.length) return;
    mismatches.push({
      sectionId,
      zhCount: zhBlocks.length,
      enCount: enBlocks.length,
      driftIndex: findDriftIndex(zhBlocks.map((b) => b.text), enBlocks.map((b) => b.text)),
    });
  };
  check(undefined, zh.lede.blocks, en.lede.blocks);
  const enById = new Map(en.sections.map((section) => [section.id, section]));
  for (const section of zh.sections) {
    const english = enById.get(section.id);
    // A section missing from one language is reported as an id problem, not here.
    if (english) check(section.id, section.blocks, english.blocks);
  }
  return mismatches;
}

/**
 * The first position where the Chinese and English paragraphs visibly stop
 * corresponding, judged by signals that survive translation (list ordinals and
 * numbers); when nothing disagrees, the paragraph after the shorter list ends.
 */
export function findDriftIndex(zhTexts: readonly string[], enTexts: readonly string[]): number {
  const shorter = Math.min(zhTexts.length, enTexts.length);
  for (let i = 0; i < shorter; i++) {
    if (!paragraphsCorrespond(zhTexts[i]!, enTexts[i]!)) return i;
  }
  return shorter;
}

/**
 * False when a Chinese and an English paragraph cannot be translations of
 * each other: they open with different list ordinals (二是 / "Third,"), only
 * one of them opens with one, or both mention numbers and share none.
 */
export function paragraphsCorrespond(zhText: string, enText: string): boolean {
  if (chineseOrdinal(zhText) !== englishOrdinal(enText)) return false;
  const zhNumbers = numbersIn(zhText);
  const enNumbers = numbersIn(enText);
  if (zhNumbers.size > 0 && enNumbers.size > 0 && ![...zhNumbers].some((n) => enNumbers.has(n))) return false;
  return true;
}

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

export function chineseNumeral(numeral: string): number | undefined {
  // 一 … 十, 十一 … 十九, 二十 …: enough for any list in a news report.
  if (numeral === "") return undefined;
  if (numeral.length === 1) return CHINESE_DIGITS[numeral];
  const ten = numeral.indexOf("十");
  if (ten === -1 || numeral.length > 3) return undefined;
  const tens = ten === 0 ? 1 : CHINESE_DIGITS[numeral.slice(0, ten)];
  const ones = ten === numeral.length - 1 ? 0 : CHINESE_DIGITS[numeral.slice(ten + 1)];
  return tens !== undefined && ones !== undefined ? tens * 10 + ones : undefined;
}

/** 一是 / 第二、/ 其三, at the start of a paragraph: the item number, else undefined. */
export function chineseOrdinal(text: string): number | undefined {
  const match = /^\s*(?:([一二三四五六七八九十]{1,3})是|[第其]([一二三四五六七八九十]{1,3})[,、,:：])/.exec(text);
  return match ? chineseNumeral(match[1] ?? match[2]!) : undefined;
}

const ENGLISH_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"];

/** "First," / "Secondly:" at the start of a paragraph: the item number, else undefined. */
export function englishOrdinal(text: string): number | undefined {
  const match = /^\s*([a-z]+?)(?:ly)?\s*[,:;—]/i.exec(text);
  const index = match ? ENGLISH_ORDINALS.indexOf(match[1]!.toLowerCase()) : -1;
  return index === -1 ? undefined : index + 1;
}

const MULTIPLIERS: Record<string, number> = { 万: 1e4, 亿: 1e8, thousand: 1e3, million: 1e6, billion: 1e9 };

/**
 * The numbers a paragraph mentions in digits, each both as written and
 * scaled by a following 万/亿/million/billion, so 2000万 meets "20 million".
 */
export function numbersIn(text: string): Set<number> {
  const numbers = new Set<number>();
  for (const match of text.matchAll(/(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万|亿|thousand\b|million\b|billion\b)?/gi)) {
    const value = Number(match[1]!.replace(/,/g, ""));
    numbers.add(value);
    const multiplier = match[2] ? MULTIPLIERS[match[2].toLowerCase()] : undefined;
    if (multiplier) numbers.add(Math.round(value * multiplier));
  }
  return numbers;
}

function pairBlocks(zh: ContentBlock[], en: ContentBlock[]): ParagraphPair[] {
  return zh.map((block, i) => ({ zh: block, en: en[i]! }));
}

/** The start of a paragraph, to name it in a message: a dozen characters of Chinese, a few words of English. */
export function excerpt(text: string, lang: "zh" | "en"): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (lang === "zh") return flat.length > 12 ? `${flat.slice(0, 12)}…` : flat;
  const words = flat.split(" ");
  return words.length > 6 ? `${words.slice(0, 6).join(" ")}…` : flat;
}
