import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import AlertRulesEditor from "./AlertRulesEditor";
import "../i18n";
import { coreError, mockCommands } from "../test/ipc";

const rules = [
  { id: "signed_not_started", name: "签约未开工", threshold: 90, unit: "days", enabled: true },
  { id: "started_not_producing", name: "开工未投产", threshold: 12, unit: "months", enabled: true },
  { id: "negotiating_idle", name: "洽谈无活动", threshold: 60, unit: "days", enabled: true },
  { id: "no_update", name: "未更新须说明原因", threshold: 30, unit: "days", enabled: true },
];

describe("设置 › 预警规则", () => {
  it("shows the four rules with their thresholds and units", async () => {
    mockCommands({ alert_rules: () => rules });
    render(<AlertRulesEditor revision={0} onChanged={() => {}} notify={() => {}} />);
    const row = await screen.findByTestId("rule-started_not_producing");
    expect(row.textContent).toContain("开工未投产");
    expect(row.textContent).toContain("个月");
    expect(screen.getByTestId("rule-no_update").textContent).toContain("未更新须说明原因");
    expect(screen.getByTestId("rule-signed_not_started-threshold")).toHaveProperty("value", "90");
  });

  it("saves a threshold, refuses a bad one at its field, and switches a rule off", async () => {
    const calls = mockCommands({
      alert_rules: () => rules,
      update_alert_rule: (a) => {
        const input = a.input as { threshold: number; enabled: boolean };
        if (input.threshold > 3650) throw coreError("Validation", "“签约未开工”的期限须在 1 至 3650 天之间（填的是 5000）。", "threshold");
        return { ...rules[0], ...input };
      },
    });
    let changed = 0;
    render(<AlertRulesEditor revision={0} onChanged={() => changed++} notify={() => {}} />);
    const threshold = await screen.findByTestId("rule-signed_not_started-threshold");
    fireEvent.change(threshold, { target: { value: "九十" } });
    fireEvent.click(screen.getByTestId("rule-signed_not_started-save"));
    await waitFor(() => expect(screen.getByTestId("error-threshold").textContent).toBe("期限请填写整数（如 90）。"));
    expect(calls.some((c) => c.cmd === "update_alert_rule")).toBe(false);

    fireEvent.change(threshold, { target: { value: "5000" } });
    fireEvent.click(screen.getByTestId("rule-signed_not_started-save"));
    await waitFor(() => expect(screen.getByTestId("error-threshold").textContent).toBe("“签约未开工”的期限须在 1 至 3650 天之间（填的是 5000）。"));

    fireEvent.change(threshold, { target: { value: "120" } });
    fireEvent.click(screen.getByTestId("rule-signed_not_started-save"));
    await waitFor(() => expect(screen.queryByTestId("error-threshold")).toBeNull());
    expect(changed).toBe(1);

    fireEvent.click(screen.getByTestId("rule-negotiating_idle-enabled"));
    await waitFor(() => expect(changed).toBe(2));
    expect(calls.filter((c) => c.cmd === "update_alert_rule").map((c) => c.args)).toEqual([
      { id: "signed_not_started", input: { threshold: 5000, enabled: true } },
      { id: "signed_not_started", input: { threshold: 120, enabled: true } },
      { id: "negotiating_idle", input: { threshold: 60, enabled: false } },
    ]);
  });
});
