import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import Breakdowns from "./Breakdowns";
import "../i18n";
import { report, row } from "../test/report";

const share = (r: ReturnType<typeof row>, signed: number, investment: number) => ({ ...r, signed_share: signed, investment_share: investment });

describe("分组统计与占比", () => {
  it("shows each row's 占比 as the core computed it, and parks with their key-project figures", () => {
    const r = report({
      by_region_group: [share(row("g1", "京津冀", { signed: 3, signed_investment: 300_000_000 }), 0.75, 0.6), share(row("g2", "长三角", { signed: 1 }), 0.25, 0.4)],
      by_park: [
        share(
          row("凌源经济开发区", "凌源经济开发区", {
            signed: 2,
            started_new: 2,
            started_new_investment: 700_000_000,
            continued: 1,
            continued_investment: 1_000_000_000,
            not_started_at_end: 5,
          }),
          0.5,
          0.5,
        ),
      ],
      by_chain: [row(null, "未填写", { signed: 4 })],
    });
    render(<Breakdowns report={r} />);
    const table = screen.getByTestId("breakdown-table-byRegion");
    const rows = within(table).getAllByRole("row");
    expect(rows[1].textContent).toContain("京津冀");
    expect(within(rows[1]).getByTestId("share-signed").textContent).toBe("75.0%");
    expect(rows[1].textContent).toContain("60.0%");
    expect(within(rows[2]).getByTestId("share-signed").textContent).toBe("25.0%");
    // No chain is defined (only 未填写): no 产业链 tab; the park tab exists.
    expect(screen.queryByTestId("breakdown-byChain")).toBeNull();
    fireEvent.click(screen.getByTestId("breakdown-byPark"));
    const park = within(screen.getByTestId("breakdown-table-byPark")).getAllByRole("row")[1];
    expect(park.textContent).toContain("凌源经济开发区");
    expect(park.textContent).toContain("2（7亿元）");
    expect(park.textContent).toContain("1（10亿元）");
    expect(park.textContent).toContain("5");
  });
});
