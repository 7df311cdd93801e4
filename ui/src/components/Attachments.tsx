import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { Attachment_Serialize as Attachment, AttachmentOwner } from "../bindings";
import { date } from "../format";

/**
 * 附件 of a project, a company or an activity (合同, 签约照片, PDF, Word/Excel): the list (name,
 * size, when and by whom), 打开 with the system's viewer, 删除 with 撤销 (soft delete), and adding
 * by 「添加附件」 (a file picker, several files at once) or by dropping files on the page.
 */

/** The core refuses bigger files too; the picker checks first so a huge file is never read. */
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

/** 12 KB, 3.4 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(bytes > 0 ? 1 : 0, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
}

/** The day (local time) of a UTC timestamp as the core writes it (2022-06-30T08:15:00.000Z). */
function localDay(stamp: string): string {
  const d = new Date(stamp);
  if (Number.isNaN(d.getTime())) return stamp.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The file as base64 (what `add_attachment_data` takes). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

// ---- Files dropped on the window ----------------------------------------------------------
// The app's webview delivers dropped files as paths, once for the whole window: each mounted
// list is a zone, and a drop goes to the innermost zone under the pointer (an activity's list
// inside a project page), else to the first zone mounted (the page's own record).

type Zone = { el: () => HTMLElement | null; over: (on: boolean) => void; drop: (paths: string[]) => void };
type DragPayload = { type: "enter" | "over" | "drop" | "leave"; paths?: string[]; position?: { x: number; y: number } };

const zones: Zone[] = [];
let listening: Promise<(() => void) | undefined> | null = null;

function zoneAt(position: DragPayload["position"]): Zone | undefined {
  if (position) {
    const ratio = window.devicePixelRatio || 1;
    const x = position.x / ratio;
    const y = position.y / ratio;
    let best: Zone | undefined;
    let bestArea = Infinity;
    for (const z of zones) {
      const b = z.el()?.getBoundingClientRect();
      if (!b || x < b.left || x > b.right || y < b.top || y > b.bottom) continue;
      if (b.width * b.height < bestArea) {
        best = z;
        bestArea = b.width * b.height;
      }
    }
    if (best) return best;
  }
  return zones[0];
}

function onDragDrop(p: DragPayload) {
  if (p.type === "leave") {
    zones.forEach((z) => z.over(false));
    return;
  }
  const target = zoneAt(p.position);
  if (p.type === "drop") {
    zones.forEach((z) => z.over(false));
    if (target && p.paths?.length) target.drop(p.paths);
  } else {
    zones.forEach((z) => z.over(z === target));
  }
}

function addZone(zone: Zone): () => void {
  zones.push(zone);
  if (!listening) {
    listening = import("@tauri-apps/api/webview")
      .then(({ getCurrentWebview }) => getCurrentWebview().onDragDropEvent((e) => onDragDrop(e.payload as DragPayload)))
      .catch(() => undefined);
  }
  return () => {
    zones.splice(zones.indexOf(zone), 1);
    if (zones.length === 0 && listening) {
      const stop = listening;
      listening = null;
      void stop.then((unlisten) => unlisten?.()).catch(() => undefined);
    }
  };
}

// ---- The list ------------------------------------------------------------------------------

type Props = {
  owner: AttachmentOwner;
  ownerId: string;
  /** Bumped when the ledger changed elsewhere (an undo): the list is read again. */
  revision?: number;
  onChanged?: () => void;
  /** The number of attachments, whenever the list is read. */
  onCount?: (count: number) => void;
};

type Problem = { name: string; message: string };

export default function Attachments({ owner, ownerId, revision, onChanged, onCount }: Props) {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<Attachment[] | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [deleted, setDeleted] = useState<Attachment | null>(null);
  const [adding, setAdding] = useState(false);
  const [over, setOver] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);

  const load = useCallback(() => {
    call(commands.attachments(owner, ownerId)).then(
      (list) => {
        setItems(list);
        onCount?.(list.length);
      },
      (e: UiError) => {
        setItems([]);
        setProblems([{ name: "", message: e.message }]);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [owner, ownerId]);
  useEffect(load, [load, revision]);

  const added = (failed: Problem[], count: number) => {
    setProblems(failed);
    if (count > 0) setDeleted(null);
    load();
    if (count > 0) onChanged?.();
  };

  const addPaths = async (paths: string[]) => {
    setAdding(true);
    try {
      const results = await call(commands.addAttachmentFiles(owner, ownerId, paths));
      const failed = results.filter((r) => r.error).map((r) => ({ name: r.file_name, message: r.error?.message ?? "" }));
      added(failed, results.length - failed.length);
    } catch (e) {
      setProblems([{ name: "", message: (e as UiError).message }]);
    } finally {
      setAdding(false);
    }
  };
  const addPaths_ = useRef(addPaths);
  addPaths_.current = addPaths;

  useEffect(
    () =>
      addZone({
        el: () => root.current,
        over: setOver,
        drop: (paths) => void addPaths_.current(paths),
      }),
    [],
  );

  const addFiles = async (files: File[]) => {
    if (files.length === 0) return;
    setAdding(true);
    const failed: Problem[] = [];
    let count = 0;
    for (const file of files) {
      if (file.size > MAX_ATTACHMENT_BYTES) {
        failed.push({ name: file.name, message: t("attach.tooBig", { mb: fileSize(file.size) }) });
        continue;
      }
      try {
        const data = await readBase64(file);
        await call(commands.addAttachmentData(owner, ownerId, file.name, data));
        count += 1;
      } catch (e) {
        failed.push({ name: file.name, message: e instanceof UiError ? e.message : t("attach.readFailed") });
      }
    }
    setAdding(false);
    if (input.current) input.current.value = "";
    added(failed, count);
  };

  const open = async (a: Attachment) => {
    try {
      await call(commands.openAttachment(a.id));
      setProblems([]);
    } catch (e) {
      setProblems([{ name: a.file_name, message: (e as UiError).message }]);
    }
  };
  const remove = async (a: Attachment) => {
    try {
      await call(commands.deleteAttachment(a.id));
      setProblems([]);
      setDeleted(a);
      load();
      onChanged?.();
    } catch (e) {
      setProblems([{ name: a.file_name, message: (e as UiError).message }]);
    }
  };
  const undo = async () => {
    if (!deleted) return;
    try {
      await call(commands.restoreAttachment(deleted.id));
      setDeleted(null);
      setProblems([]);
      load();
      onChanged?.();
    } catch (e) {
      setProblems([{ name: deleted.file_name, message: (e as UiError).message }]);
    }
  };

  return (
    <div ref={root} className={`card attachments${over ? " over" : ""}`} data-testid={`attachments-${owner}`}>
      <div className="card-head">
        <h3>{t("attach.title")}</h3>
        <span className="spacer" />
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="attach-input"
          onChange={(e) => void addFiles(Array.from(e.target.files ?? []))}
        />
        <button className="small" disabled={adding} onClick={() => input.current?.click()} data-testid="attach-add">
          {adding ? t("attach.adding") : t("attach.add")}
        </button>
      </div>
      {problems.length > 0 && (
        <ul className="list small error" role="alert" data-testid="attach-errors">
          {problems.map((p, i) => (
            <li key={i}>{p.name ? `${p.name}：${p.message}` : p.message}</li>
          ))}
        </ul>
      )}
      {deleted && (
        <p className="attach-deleted" data-testid="attach-deleted">
          {t("attach.deleted", { name: deleted.file_name })}
          <button className="ghost small" onClick={undo} data-testid="attach-undo">
            {t("common.undo")}
          </button>
        </p>
      )}
      <ul className="list" data-testid="attach-list">
        {(items ?? []).map((a) => (
          <li key={a.id} data-testid="attach-item">
            <a
              href="#"
              className="grow"
              title={t("attach.open")}
              onClick={(e) => {
                e.preventDefault();
                void open(a);
              }}
            >
              {a.file_name}
            </a>
            <span className="muted">{fileSize(a.size)}</span>
            <span className="muted">{date(localDay(a.added_at), i18n.language)}</span>
            {a.added_by && <span className="muted">{a.added_by}</span>}
            <button className="ghost small" onClick={() => void open(a)} data-testid="attach-open">
              {t("attach.open")}
            </button>
            <button className="ghost small" onClick={() => void remove(a)} data-testid="attach-remove">
              {t("common.delete")}
            </button>
          </li>
        ))}
        {items?.length === 0 && <li className="muted">{t("attach.none")}</li>}
      </ul>
      <p className="muted small attach-hint">{over ? t("attach.dropNow") : t("attach.dropHint")}</p>
    </div>
  );
}

/**
 * A paperclip (drawn by CSS) with the count, for an activity in a list: a click shows its
 * attachments below.
 */
export function AttachmentToggle({ owner, ownerId }: { owner: AttachmentOwner; ownerId: string }) {
  const { t } = useTranslation();
  const [count, setCount] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    call(commands.attachments(owner, ownerId)).then(
      (l) => setCount(l.length),
      () => setCount(null),
    );
  }, [owner, ownerId]);
  return (
    <>
      <button
        className="ghost small attach-toggle"
        title={t("attach.title")}
        aria-label={t("attach.title")}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="attach-toggle"
      >
        {count || ""}
      </button>
      {open && (
        <div className="attach-panel">
          <Attachments owner={owner} ownerId={ownerId} onCount={setCount} />
        </div>
      )}
    </>
  );
}
