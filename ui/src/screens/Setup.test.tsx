import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import Setup from "./Setup";
import { coreError, mockCommands } from "../test/ipc";

describe("首次使用", () => {
  it("opens the demo ledger", async () => {
    const calls = mockCommands({ setup_demo: () => null });
    const onDone = vi.fn();
    render(<Setup onDone={onDone} />);
    fireEvent.click(screen.getByTestId("setup-demo"));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(calls.map((c) => c.cmd)).toEqual(["setup_demo"]);
  });

  it("creates an empty ledger with the office's name trimmed, or none when left blank", async () => {
    const calls = mockCommands({ setup_empty: () => null });
    const onDone = vi.fn();
    render(<Setup onDone={onDone} />);
    fireEvent.change(screen.getByTestId("setup-office"), { target: { value: "  凌源市投资促进服务中心 " } });
    fireEvent.click(screen.getByTestId("setup-empty"));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    fireEvent.change(screen.getByTestId("setup-office"), { target: { value: "   " } });
    fireEvent.click(screen.getByTestId("setup-empty"));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(2));
    expect(calls.map((c) => c.args)).toEqual([{ officeName: "凌源市投资促进服务中心" }, { officeName: null }]);
  });

  it("disables both choices while the ledger is prepared", async () => {
    let finish: () => void = () => {};
    mockCommands({ setup_demo: () => new Promise<null>((resolve) => (finish = () => resolve(null))) });
    const onDone = vi.fn();
    render(<Setup onDone={onDone} />);
    fireEvent.click(screen.getByTestId("setup-demo"));
    expect(await screen.findByText("正在准备台账…")).toBeTruthy();
    expect(screen.getByTestId("setup-demo")).toHaveProperty("disabled", true);
    expect(screen.getByTestId("setup-empty")).toHaveProperty("disabled", true);
    finish();
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(screen.queryByText("正在准备台账…")).toBeNull();
  });

  it("shows the core's error and stays on the page, ready to try again", async () => {
    mockCommands({
      setup_empty: () => {
        throw coreError("Validation", "单位名称过长（最多 100 个字）。", "office_name");
      },
    });
    const onDone = vi.fn();
    render(<Setup onDone={onDone} />);
    fireEvent.click(screen.getByTestId("setup-empty"));
    expect((await screen.findByText("单位名称过长（最多 100 个字）。")).className).toBe("error");
    expect(onDone).not.toHaveBeenCalled();
    expect(screen.getByTestId("setup-empty")).toHaveProperty("disabled", false);
  });
});
