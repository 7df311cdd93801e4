import { describe, expect, it } from "vitest";
import { date, money, wanToYuan } from "./format";

describe("money", () => {
  it("shows 万元 below 1亿 and 亿元 above", () => {
    expect(money(48_000_000)).toBe("4800万元");
    expect(money(12_900_000)).toBe("1290万元");
    expect(money(171_500_000)).toBe("1.72亿元");
    expect(money(1_715_000_000)).toBe("17.15亿元");
    expect(money(0)).toBe("0万元");
  });
  it("uses traditional characters in zh-TW and millions in English", () => {
    expect(money(48_000_000, "zh-TW")).toBe("4800萬元");
    expect(money(171_500_000, "zh-TW")).toBe("1.72億元");
    expect(money(171_500_000, "en")).toBe("¥171.5M");
  });
});

describe("date", () => {
  it("writes dates the way offices do", () => {
    expect(date("2022-06-30")).toBe("2022年6月30日");
    expect(date("2022-01-05")).toBe("2022年1月5日");
    expect(date(null)).toBe("—");
    expect(date("2022-06-30", "en")).toBe("2022-06-30");
  });
});

describe("wanToYuan", () => {
  it("reads 万元 typed by a user into integer 元", () => {
    expect(wanToYuan("4800")).toBe(48_000_000);
    expect(wanToYuan(" 0.5 ")).toBe(5_000);
    expect(wanToYuan("")).toBe(0);
    expect(wanToYuan("两亿")).toBeNull();
    expect(wanToYuan("12abc")).toBeNull();
  });
});
