import { describe, expect, it } from "vitest";
import { chineseFigures, englishFigures, englishRendering, figureKey } from "@/lib/content/figures";

const keys = (figures: { value: number; percent: boolean; moreThan: boolean }[]) => figures.map((f) => figureKey({ ...f, text: "" }));

describe("figures a translation must carry", () => {
  it("reads the Chengyang report's figures in Chinese", () => {
    expect(keys(chineseFigures("整合10多处政务服务场所,进驻各类事项500余项"))).toEqual([">10", ">500"]);
    expect(keys(chineseFigures("年交易额300亿元的生鲜肉交易市场"))).toEqual(["30000000000"]);
    expect(keys(chineseFigures("收到了2000万元产业配套资金"))).toEqual(["20000000"]);
    expect(keys(chineseFigures("聘请率达到100%"))).toEqual(["%100"]);
    expect(keys(chineseFigures("7个领域,对28个政府部门"))).toEqual(["7", "28"]);
    expect(keys(chineseFigures("300多亿元,1.2亿元,2023年"))).toEqual([">30000000000", "120000000", "2023"]);
  });

  it("counts Chinese numerals before a measure word, and not in names, ordinals or 一", () => {
    expect(keys(chineseFigures("五大工程,五个法定程序,三项制度,两个市场"))).toEqual(["5", "5", "3", "2"]);
    expect(keys(chineseFigures("一是打造“三化一型”干部队伍,获十佳创新成果奖,四星级试点,第一次会议,探索设立一处公证处"))).toEqual([]);
  });

  it("reads English figures in digits, words, scales and percentages", () => {
    expect(keys(englishFigures("more than 10 service sites and more than 500 types of item"))).toEqual([">10", ">500"]);
    expect(keys(englishFigures("an annual turnover of 30 billion yuan; 20 million yuan; 1,200 staff"))).toEqual(["30000000000", "20000000", "1200"]);
    expect(keys(englishFigures("100% of departments, 100 per cent, 7.5 percent"))).toEqual(["%100", "%100", "%7.5"]);
    expect(keys(englishFigures("Seven fields, five statutory procedures, over twenty sites, in 2023"))).toEqual(["7", "5", ">20", "2023"]);
    expect(keys(englishFigures("the same in both files"))).toEqual(["2"]);
  });

  it("does not find figures inside words", () => {
    expect(keys(englishFigures("someone often weighs a fourteenth B2B tone"))).toEqual([]);
  });

  it("writes a figure the way the style guide does", () => {
    const one = (text: string) => chineseFigures(text)[0]!;
    expect(englishRendering(one("300亿元"))).toBe("30 billion");
    expect(englishRendering(one("2000万元"))).toBe("20 million");
    expect(englishRendering(one("10多处"))).toBe("more than 10");
    expect(englishRendering(one("100%"))).toBe("100%");
    expect(englishRendering(one("12345人"))).toBe("12,345");
  });
});
