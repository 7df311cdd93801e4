import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import Ranking from "./Ranking";
import { coreError, mockCommands } from "../test/ipc";

const kinds = (trips: number, calls: number) => [
  { kind: "OutboundTrip", count: trips, points: trips * 2 },
  { kind: "IncomingVisit", count: 0, points: 0 },
  { kind: "Call", count: calls, points: calls * 0.5 },
  { kind: "VideoMeeting", count: 0, points: 0 },
  { kind: "PromotionEvent", count: 0, points: 0 },
  { kind: "SigningCeremony", count: 0, points: 0 },
];

const scores = (month: number | null) => ({
  query: { year: 2026, month },
  period: { from: "2026-11-01", to: "2026-11-30" },
  label: month ? `2026年${month}月` : "2026年",
  officers: [
    {
      officer_id: "o2", name: "李娜", team_id: "t1", retired_on: null, activities: kinds(1, 0), leader_led: 1, leader_points: 1, activity_points: 3,
      stage_changes: 1, stage_points: 20, overdue: 1, deductions: -2, total: 21, rank: 1,
      lines: [
        { officer_id: "o2", source: "activity", source_id: "a1", date: "2026-11-03", rule_id: "activity:outbound_trip", points: 2, what: "外出招商：赴深圳考察" },
        { officer_id: "o2", source: "activity", source_id: "a1", date: "2026-11-03", rule_id: "activity:leader_led", points: 1, what: "外出招商：赴深圳考察（带队领导：张副县长）" },
        { officer_id: "o2", source: "stage_change", source_id: "s1", date: "2026-11-10", rule_id: "stage:signed", points: 10, what: "项目“光伏组件”签约" },
        { officer_id: "o2", source: "stage_change", source_id: "s1", date: "2026-11-10", rule_id: "tier:over_1yi", points: 10, what: "项目“光伏组件”签约，总投资1亿至10亿元" },
        { officer_id: "o2", source: "assignment", source_id: "j1", date: "2026-11-20", rule_id: "deduct:assignment_overdue", points: -2, what: "交办单逾期：落实用地" },
      ],
    },
    {
      officer_id: "o1", name: "王磊", team_id: null, retired_on: "2026-11-20", activities: kinds(0, 3), leader_led: 0, leader_points: 0, activity_points: 1.5,
      stage_changes: 0, stage_points: 0, overdue: 0, deductions: 0, total: 1.5, rank: 2, lines: [],
    },
  ],
  teams: [
    { team_id: "t1", name: "招商一组", officers: 1, total: 21, rank: 1 },
    { team_id: null, name: "未分组", officers: 1, total: 1.5, rank: 2 },
  ],
});

describe("考核排名", () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(new Date(2026, 10, 15));
  });
  afterEach(() => vi.useRealTimers());

  it("ranks teams and officers for this month, and shows an officer's traced points on a click", async () => {
    const calls = mockCommands({
      // As the shell sends it: the ranking without the lines.
      scores: (a) => {
        const s = scores((a.query as { month: number | null }).month);
        return { ...s, officers: s.officers.map((o) => ({ ...o, lines: [] })) };
      },
      officer_score_lines: (a) => scores(11).officers.find((o) => o.officer_id === a.officerId)!.lines,
    });
    render(<Ranking revision={0} />);
    await screen.findByText("个人排名（2026年11月）");
    expect(calls[0].args.query).toEqual({ year: 2026, month: 11 });
    const rows = screen.getAllByTestId("officer-row");
    expect(rows.map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent))).toEqual([
      ["1", "李娜", "招商一组", "3", "20", "-2", "21"],
      ["2", "王磊已离岗", "未分组", "1.5", "0", "0", "1.5"],
    ]);
    const teams = screen.getAllByTestId("team-row").map((r) => r.textContent);
    expect(teams).toEqual(["1招商一组121", "2未分组11.5"]);
    expect(screen.queryByTestId("score-lines")).toBeNull();
    // The name is the control (a button, for the keyboard too); it opens the lines once.
    const open = within(rows[0]).getByRole("button", { name: "李娜" });
    expect(open.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(open);
    expect(open.getAttribute("aria-expanded")).toBe("true");
    expect(rows[0].className).toContain("selected");
    const lines = within(screen.getByTestId("score-lines"));
    expect(lines.getByText("李娜的得分明细（共 21 分）")).toBeTruthy();
    await lines.findAllByTestId("score-line");
    expect(calls.find((c) => c.cmd === "officer_score_lines")!.args).toEqual({ query: { year: 2026, month: 11 }, officerId: "o2" });
    expect(lines.getByText("外出招商 1 次")).toBeTruthy();
    expect(lines.getAllByTestId("score-line").map((l) => l.textContent)).toEqual([
      "2026年11月3日活动外出招商：赴深圳考察+2",
      "2026年11月3日活动外出招商：赴深圳考察（带队领导：张副县长）+1",
      "2026年11月10日阶段项目“光伏组件”签约+10",
      "2026年11月10日阶段项目“光伏组件”签约，总投资1亿至10亿元+10",
      "2026年11月20日交办单交办单逾期：落实用地-2",
    ]);
    // A second click, anywhere on the row, closes it.
    fireEvent.click(rows[0].querySelector("td")!);
    expect(screen.queryByTestId("score-lines")).toBeNull();
    expect(open.getAttribute("aria-expanded")).toBe("false");
    expect(rows[0].className).not.toContain("selected");
  });

  it("asks again for the whole year or another month", async () => {
    const calls = mockCommands({ scores: (a) => scores((a.query as { month: number | null }).month) });
    render(<Ranking revision={0} />);
    await screen.findByText("个人排名（2026年11月）");
    fireEvent.change(screen.getByTestId("ranking-month"), { target: { value: "" } });
    await screen.findByText("个人排名（2026年）");
    expect(calls[1].args.query).toEqual({ year: 2026, month: null });
    fireEvent.change(screen.getByTestId("ranking-year"), { target: { value: "2025" } });
    await waitFor(() => expect(calls).toHaveLength(3));
    expect(calls[2].args.query).toEqual({ year: 2025, month: null });
  });

  it("exports the 比拼表 of the chosen period and shows where it went, or the refusal", async () => {
    let fail = false;
    const calls = mockCommands({
      scores: () => scores(11),
      export_ranking: () => {
        if (fail) throw coreError("Conflict", "生成 Excel 文件失败：磁盘已满");
        return { path: "/home/u/Downloads/比拼表-2026年11月.xlsx", folder: "/home/u/Downloads" };
      },
    });
    render(<Ranking revision={0} />);
    await screen.findByText("个人排名（2026年11月）");
    fireEvent.click(screen.getByTestId("export-ranking"));
    expect((await screen.findByTestId("export-path")).textContent).toBe("/home/u/Downloads/比拼表-2026年11月.xlsx");
    expect(calls.find((c) => c.cmd === "export_ranking")!.args.query).toEqual({ year: 2026, month: 11 });
    fail = true;
    fireEvent.click(screen.getByTestId("export-ranking"));
    expect((await screen.findByRole("alert")).textContent).toBe("生成 Excel 文件失败：磁盘已满");
  });
});
