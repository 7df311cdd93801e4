// Display formatting only (no business rules): money in 万元/亿元, dates as 2022年6月30日.

export function money(yuan: number, lang = "zh-CN"): string {
  if (lang === "en") {
    return `¥${(yuan / 1e6).toLocaleString("en", { maximumFractionDigits: 1 })}M`;
  }
  const wan = lang === "zh-TW" ? "萬元" : "万元";
  const yi = "億元";
  if (Math.abs(yuan) >= 1e8) {
    return `${trim(yuan / 1e8)}${lang === "zh-TW" ? yi : "亿元"}`;
  }
  return `${trim(yuan / 1e4)}${wan}`;
}

function trim(v: number): string {
  return v.toFixed(2).replace(/\.?0+$/, "");
}

export function date(iso: string | null | undefined, lang = "zh-CN"): string {
  if (!iso) return "—";
  const [y, m, d] = iso.split("-").map(Number);
  if (!y || !m || !d) return iso;
  return lang === "en" ? iso : `${y}年${m}月${d}日`;
}

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** 万元 typed by a user → 元 (integer). */
export function wanToYuan(text: string): number | null {
  const t = text.trim();
  if (!t) return 0;
  const v = Number(t);
  if (!Number.isFinite(v)) return null;
  return Math.round(v * 1e4);
}

/** 元 as the 万元 text of an input field ("" when unknown). */
export function yuanToWanText(yuan: number | null | undefined): string {
  if (yuan === null || yuan === undefined) return "";
  return String(Math.round((yuan / 1e4) * 1e4) / 1e4);
}
