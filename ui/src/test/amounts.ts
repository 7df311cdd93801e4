import { coreError } from "./ipc";

/**
 * What the core's `parse_amount` command answers (元) for the amounts these tests type: the
 * import's parser, a bare number in 万元 (cases as `form_amounts_read_as_import_reads_them` in
 * crates/core/src/io/import/parse.rs). Anything else is refused at its field, as the core does.
 */
const READ: Record<string, number> = {
  "1.5": 15_000,
  "4800": 48_000_000,
  "20000": 200_000_000,
  "30000": 300_000_000,
  "两亿": 200_000_000,
  "1.2亿元": 120_000_000,
  "5000万": 50_000_000,
  "5000": 50_000_000,
  "10000": 100_000_000,
  "12000": 120_000_000,
  "15000": 150_000_000,
  "三亿": 300_000_000,
};

const FIELD: Record<string, string> = {
  TotalInvestment: "total_investment",
  RegisteredCapital: "registered_capital",
  AddedInvestment: "added_investment",
  PlannedInvestment: "planned_investment",
  CompletedInvestment: "completed_by_month",
};

export function parseAmount(a: Record<string, unknown>): number | null {
  const text = String(a.text).trim();
  if (!text) return null;
  if (text in READ) return READ[text];
  throw coreError("Validation", `金额“${text}”无法识别，可填 5000（万元）、5000万、1.2亿元、两亿`, FIELD[String(a.field)]);
}
