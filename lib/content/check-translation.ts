import { excerpt } from "./align-paragraphs";
import type { ContentProblem } from "./content-problem";
import { englishRendering, figureKey } from "./figures";
import { glossaryMisses, type Glossary } from "./glossary";
import { driftReason, lengthNorm, pairFacts, type PairTexts } from "./paragraph-drift";
import type { ContentBlock, LocalizedReport } from "./report-types";

type Body = Pick<LocalizedReport, "lede" | "sections">;

export interface TranslationFiles {
  zhFile: string;
  enFile: string;
}

interface Part {
  label: string;
  zh: ContentBlock[];
  en: ContentBlock[];
}

/**
 * Checks that catch a translator's slips, on every part (lede, sections)
 * whose paragraph counts agree (other mismatches are reported elsewhere):
 * paragraphs drifting apart, figures missing or changed (errors), and
 * glossary terms not rendered as the glossary says (warnings).
 */
export function checkTranslation(zh: Body, en: Body, files: TranslationFiles, glossary?: Glossary): { errors: ContentProblem[]; warnings: ContentProblem[] } {
  const errors: ContentProblem[] = [];
  const warnings: ContentProblem[] = [];
  const parts = pairedParts(zh, en);
  const norm = lengthNorm(parts.flatMap((part) => part.zh.map((block, i) => texts(block, part.en[i]!))));
  const where = (part: Part, i: number) => ({ file: files.enFile, line: part.en[i]!.line, at: `${part.label}, paragraph ${i + 1}`, zhAt: `${files.zhFile}:${part.zh[i]!.line}` });

  for (const part of parts) {
    const pairs = part.zh.map((block, i) => pairFacts(block.text, part.en[i]!.text));
    const drift = pairs.findIndex((_, i) => driftReason(pairs, i, norm) !== undefined);
    if (drift !== -1) {
      const { file, line, at, zhAt } = where(part, drift);
      errors.push({
        file,
        line,
        message: `${at} does not translate ${zhAt} (${driftReason(pairs, drift, norm)}): zh "${excerpt(pairs[drift]!.zh, "zh")}" / en "${excerpt(pairs[drift]!.en, "en")}"`,
        fix: "the paragraphs drift apart from here (one dropped, another split?); give each Chinese paragraph exactly one English paragraph, in the same order",
      });
      continue;
    }
    pairs.forEach((pair, i) => {
      const seen = new Set<string>();
      for (const figure of pair.zhFigures) {
        const key = figureKey(figure);
        if (pair.enKeys.has(key) || seen.has(key)) continue;
        seen.add(key);
        const { file, line, at, zhAt } = where(part, i);
        errors.push({
          file,
          line,
          message: `${at}: the figure ${figure.text} in ${zhAt} is missing or changed in the English`,
          fix: `write ${englishRendering(figure)} as the Chinese says (or correct the figure in both files)`,
        });
      }
      if (!glossary) return;
      for (const entry of glossaryMisses(glossary, pair.zh, pair.en)) {
        const { file, line, at, zhAt } = where(part, i);
        const renderings = entry.renderings.map((r) => `"${r}"`).join(" or ");
        warnings.push({
          file,
          line,
          message: `${at}: ${zhAt} has ${entry.term}, and the English does not use the glossary's rendering`,
          fix: `write ${renderings} (${glossary.file}), or add this rendering there if it is also right`,
        });
      }
    });
  }
  return { errors, warnings };
}

function texts(zh: ContentBlock, en: ContentBlock): PairTexts {
  return { zh: zh.text, en: en.text };
}

/** The lede and the sections present in both languages with as many paragraphs in each. */
function pairedParts(zh: Body, en: Body): Part[] {
  const parts: Part[] = [];
  const add = (label: string, zhBlocks: ContentBlock[], enBlocks: ContentBlock[] | undefined) => {
    if (enBlocks && enBlocks.length === zhBlocks.length && zhBlocks.length > 0) parts.push({ label, zh: zhBlocks, en: enBlocks });
  };
  add("the lede", zh.lede.blocks, en.lede.blocks);
  const enById = new Map(en.sections.map((section) => [section.id, section]));
  for (const section of zh.sections) add(`section "${section.id}"`, section.blocks, enById.get(section.id)?.blocks);
  return parts;
}
