import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import Attachments, { AttachmentToggle, fileSize } from "./Attachments";
import "../i18n";
import { coreError, mockCommands } from "../test/ipc";
import type { Attachment_Serialize as Attachment } from "../bindings";

const contract: Attachment = {
  id: "a1",
  owner: "project",
  owner_id: "p1",
  file_name: "投资合同.pdf",
  size: 2_516_582,
  sha256: "x",
  added_at: "2022-06-30T08:15:00Z",
  added_by: "王磊",
};
const photo: Attachment = { ...contract, id: "a2", file_name: "签约仪式.jpg", size: 350_000, added_by: null };

/** A fake ledger: the attachments of one record, live and deleted. */
function ledger(initial: Attachment[]) {
  let live = [...initial];
  const gone: Attachment[] = [];
  return {
    attachments: () => live,
    add_attachment_data: (a: Record<string, unknown>) => {
      const added = { ...contract, id: `n${live.length}`, file_name: String(a.fileName), size: 5 };
      live = [added, ...live];
      return added;
    },
    delete_attachment: (a: Record<string, unknown>) => {
      const i = live.findIndex((x) => x.id === a.id);
      gone.push(live[i]);
      live = live.filter((x) => x.id !== a.id);
      return null;
    },
    restore_attachment: (a: Record<string, unknown>) => {
      const back = gone.find((x) => x.id === a.id)!;
      live = [back, ...live];
      return back;
    },
    open_attachment: () => "/tmp/open-attachments/a1/投资合同.pdf",
  };
}

const items = () => screen.getAllByTestId("attach-item").map((li) => li.textContent ?? "");

describe("附件", () => {
  it("lists each file with its size, the date added and who added it", async () => {
    const calls = mockCommands(ledger([contract, photo]));
    render(<Attachments owner="project" ownerId="p1" />);
    await waitFor(() => expect(screen.getAllByTestId("attach-item")).toHaveLength(2));
    expect(items()[0]).toContain("投资合同.pdf");
    expect(items()[0]).toContain("2.4 MB");
    expect(items()[0]).toContain("2022年6月30日");
    expect(items()[0]).toContain("王磊");
    expect(items()[1]).toContain("签约仪式.jpg");
    expect(items()[1]).toContain("342 KB");
    expect(calls[0]).toEqual({ cmd: "attachments", args: { owner: "project", ownerId: "p1" } });
  });

  it("says when there is none", async () => {
    mockCommands(ledger([]));
    render(<Attachments owner="company" ownerId="c1" />);
    expect(await screen.findByText("暂无附件")).toBeTruthy();
  });

  it("adds the files chosen with 添加附件 (as base64), one call each, and lists them", async () => {
    const calls = mockCommands(ledger([]));
    const onChanged = vi.fn();
    render(<Attachments owner="activity" ownerId="act1" onChanged={onChanged} />);
    await screen.findByText("暂无附件");
    const input = screen.getByTestId("attach-input") as HTMLInputElement;
    const files = [new File(["hello"], "签约照片.jpg", { type: "image/jpeg" }), new File(["%PDF"], "合同.pdf")];
    fireEvent.change(input, { target: { files } });
    await waitFor(() => expect(screen.getAllByTestId("attach-item")).toHaveLength(2));
    const sent = calls.filter((c) => c.cmd === "add_attachment_data").map((c) => c.args);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({ owner: "activity", ownerId: "act1", fileName: "签约照片.jpg" });
    expect(atob(String(sent[0].dataBase64).split(",")[1])).toBe("hello");
    expect(sent[1]).toMatchObject({ fileName: "合同.pdf" });
    expect(onChanged).toHaveBeenCalled();
  });

  it("deletes a file and brings it back with 撤销", async () => {
    const calls = mockCommands(ledger([contract, photo]));
    render(<Attachments owner="project" ownerId="p1" />);
    await waitFor(() => expect(screen.getAllByTestId("attach-item")).toHaveLength(2));
    fireEvent.click(screen.getAllByTestId("attach-remove")[0]);
    await waitFor(() => expect(screen.getAllByTestId("attach-item")).toHaveLength(1));
    expect(items()[0]).toContain("签约仪式.jpg");
    expect(screen.getByTestId("attach-deleted").textContent).toContain("已删除附件“投资合同.pdf”");
    fireEvent.click(screen.getByTestId("attach-undo"));
    await waitFor(() => expect(screen.getAllByTestId("attach-item")).toHaveLength(2));
    expect(screen.queryByTestId("attach-deleted")).toBeNull();
    expect(calls.filter((c) => c.cmd === "delete_attachment").map((c) => c.args)).toEqual([{ id: "a1" }]);
    expect(calls.filter((c) => c.cmd === "restore_attachment").map((c) => c.args)).toEqual([{ id: "a1" }]);
  });

  it("shows each refused file with the core's message, and still adds the others", async () => {
    const fake = ledger([]);
    mockCommands({
      ...fake,
      add_attachment_data: (a) => {
        if (a.fileName === "空文件.txt") throw coreError("Validation", "附件“空文件.txt”是空的，未添加。", "content");
        return fake.add_attachment_data(a);
      },
    });
    render(<Attachments owner="project" ownerId="p1" />);
    await screen.findByText("暂无附件");
    const big = new File(["x"], "航拍视频.mp4");
    Object.defineProperty(big, "size", { value: 80 * 1024 * 1024 });
    fireEvent.change(screen.getByTestId("attach-input"), {
      target: { files: [new File([""], "空文件.txt"), big, new File(["ok"], "章程.docx")] },
    });
    await waitFor(() => expect(screen.getAllByTestId("attach-item")).toHaveLength(1));
    expect(items()[0]).toContain("章程.docx");
    const errors = screen.getByTestId("attach-errors").textContent ?? "";
    expect(errors).toContain("空文件.txt：附件“空文件.txt”是空的，未添加。");
    expect(errors).toContain("航拍视频.mp4：文件过大（80 MB），每个附件最多 50 MB，未添加。");
  });

  it("shows why a file could not be opened", async () => {
    mockCommands({
      ...ledger([contract]),
      open_attachment: () => {
        throw coreError("Conflict", "附件“投资合同.pdf”的内容不在本台账中（同步未完成？），请重新同步后再打开。");
      },
    });
    render(<Attachments owner="project" ownerId="p1" />);
    fireEvent.click(await screen.findByTestId("attach-open"));
    expect((await screen.findByTestId("attach-errors")).textContent).toContain("投资合同.pdf：附件“投资合同.pdf”的内容不在本台账中");
  });

  it("adds files dropped on the window (paths), highlighting the zone while dragging, and reports each refusal", async () => {
    mockWindows("main");
    const calls: { cmd: string; args: Record<string, unknown> }[] = [];
    const fake = ledger([]);
    mockIPC(
      (cmd, args) => {
        const a = (args ?? {}) as Record<string, unknown>;
        calls.push({ cmd, args: a });
        if (cmd === "add_attachment_files") {
          return [
            { file_name: "合同.pdf", attachment: fake.add_attachment_data({ fileName: "合同.pdf" }), error: null },
            { file_name: "录像.mov", attachment: null, error: coreError("Validation", "文件“录像.mov”大小为 60.0 MB，超过附件上限 50.0 MB，未添加。") },
          ];
        }
        if (cmd === "attachments") return fake.attachments();
        throw new Error(`unexpected command ${cmd}`);
      },
      { shouldMockEvents: true },
    );
    render(<Attachments owner="company" ownerId="c1" />);
    await screen.findByText("暂无附件");
    const zone = screen.getByTestId("attachments-company");
    // The listener is set up asynchronously: drag over until the zone lights up.
    await waitFor(async () => {
      await emit("tauri://drag-enter", { paths: ["/home/u/合同.pdf"], position: { x: 10, y: 10 } });
      expect(zone.className).toContain("over");
    });
    await emit("tauri://drag-leave", null);
    await waitFor(() => expect(zone.className).not.toContain("over"));
    await emit("tauri://drag-over", { position: { x: 10, y: 10 } });
    await waitFor(() => expect(zone.className).toContain("over"));
    await emit("tauri://drag-drop", { paths: ["/home/u/合同.pdf", "/home/u/录像.mov"], position: { x: 10, y: 10 } });
    await waitFor(() => expect(screen.getAllByTestId("attach-item")).toHaveLength(1));
    expect(zone.className).not.toContain("over");
    expect(calls.find((c) => c.cmd === "add_attachment_files")?.args).toEqual({
      owner: "company",
      ownerId: "c1",
      paths: ["/home/u/合同.pdf", "/home/u/录像.mov"],
    });
    expect(screen.getByTestId("attach-errors").textContent).toContain("录像.mov：文件“录像.mov”大小为 60.0 MB");
  });

  it("an activity's paperclip shows the count and opens its list", async () => {
    const calls = mockCommands(ledger([{ ...contract, owner: "activity", owner_id: "act1" }]));
    render(<AttachmentToggle owner="activity" ownerId="act1" />);
    await waitFor(() => expect(screen.getByTestId("attach-toggle").textContent).toBe("1"));
    expect(screen.queryByTestId("attach-item")).toBeNull();
    fireEvent.click(screen.getByTestId("attach-toggle"));
    expect((await screen.findByTestId("attach-item")).textContent).toContain("投资合同.pdf");
    expect(calls.every((c) => c.cmd !== "attachments" || c.args.ownerId === "act1")).toBe(true);
  });

  it("writes sizes in KB and MB", () => {
    expect(fileSize(0)).toBe("0 KB");
    expect(fileSize(300)).toBe("1 KB");
    expect(fileSize(350_000)).toBe("342 KB");
    expect(fileSize(50 * 1024 * 1024)).toBe("50 MB");
  });
});
