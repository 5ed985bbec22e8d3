import { chineseNumeral } from "./align-paragraphs";

/**
 * A figure a news report states: a count, an amount, a percentage or a year,
 * with "more than" when the text says 多/余 or "more than"/"over". Two
 * figures are the same when their keys are equal, so 300亿 meets
 * "30 billion", 10多 meets "more than 10" and 七个 meets "seven".
 */
export interface Figure {
  value: number;
  percent: boolean;
  moreThan: boolean;
  /** As written, to quote in a message. */
  text: string;
}

export function figureKey(figure: Figure): string {
  return `${figure.percent ? "%" : ""}${figure.moreThan ? ">" : ""}${figure.value}`;
}

const CHINESE_SCALE: Record<string, number> = { 万: 1e4, 亿: 1e8, 万亿: 1e12 };

// Digits, then what may follow them in Chinese: 多/余 (more than), 万/亿, 多/余 again (300多亿), %.
const CHINESE_DIGITS = /(\d+(?:\.\d+)?)([多余])?(万亿|万|亿)?([多余])?([%％])?/g;
// Chinese numerals count as figures only before a measure word (七个领域, 五大工程, 三项制度), not
// in names or set phrases (三化一型, 十佳, 四星级); 一 is left out (一处 is "a", 一是 an ordinal),
// and so is anything after 第 (第一次 is an ordinal).
const CHINESE_COUNT = /(第?)([两二三四五六七八九十]{1,3})(?=[个项处家名条类次件批支大种位年])/g;

/** Every figure in a Chinese paragraph. */
export function chineseFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(CHINESE_DIGITS)) {
    const scale = match[3] ? CHINESE_SCALE[match[3]]! : 1;
    figures.push({ value: round(Number(match[1]) * scale), percent: match[5] !== undefined, moreThan: Boolean(match[2] ?? match[4]), text: match[0] });
  }
  for (const match of text.matchAll(CHINESE_COUNT)) {
    if (match[1]) continue;
    const value = chineseNumeral(match[2] === "两" ? "二" : match[2]!);
    if (value !== undefined) figures.push({ value, percent: false, moreThan: false, text: match[2]! });
  }
  return figures;
}

const ENGLISH_SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"];
// 两个 is as often "both" as "two".
const WORD_VALUE = new Map([...WORDS.map((word, i) => [word, i + 2] as const), ["both", 2] as const]);

// Each match starts at a digit or a number word; "more than"/"over" is looked up just before it,
// which is cheaper than an optional prefix tried at every word boundary.
const ENGLISH_FIGURE = new RegExp(
  String.raw`(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:( ?%| per ?cent\b)| (thousand|million|billion|trillion)\b)?|\b(${[...WORD_VALUE.keys()].join("|")})\b`,
  "gi",
);
const MORE_THAN = /(?:^|\W)(?:more than|over) $/i;

/** Every figure in an English paragraph, in digits or as a word from two to twenty (or "both"). */
export function englishFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(ENGLISH_FIGURE)) {
    const start = match.index;
    // Digits inside a word (B2B) are not figures.
    if (match[1] && start > 0 && /\w/.test(text[start - 1]!)) continue;
    const before = text.slice(Math.max(0, start - 11), start);
    const moreThan = MORE_THAN.test(before);
    const written = moreThan ? `${before.slice(before.search(/(?:more than|over) $/i))}${match[0]}` : match[0];
    if (match[5]) {
      figures.push({ value: WORD_VALUE.get(match[5].toLowerCase())!, percent: false, moreThan, text: written });
      continue;
    }
    const scale = match[4] ? ENGLISH_SCALE[match[4].toLowerCase()]! : 1;
    const value = round(Number(`${match[1]!.replace(/,/g, "")}${match[2] ?? ""}`) * scale);
    figures.push({ value, percent: match[3] !== undefined, moreThan, text: written });
  }
  return figures;
}

/** How a figure is written in English copy under the style guide: "more than 10", "30 billion", "100%". */
export function englishRendering(figure: Figure): string {
  const { value } = figure;
  let number: string;
  if (figure.percent) number = `${value}%`;
  else if (value >= 1e9 && value % 1e7 === 0) number = `${value / 1e9} billion`;
  else if (value >= 1e6 && value % 1e4 === 0) number = `${value / 1e6} million`;
  else if (value >= 1e4) number = value.toLocaleString("en-US");
  else number = String(value);
  return `${figure.moreThan ? "more than " : ""}${number}`;
}

// 1.2亿 is 120000000, not 119999999.99999999.
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
