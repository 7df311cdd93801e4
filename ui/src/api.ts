import { commands } from "./bindings";
import type { AppError_Serialize } from "./bindings";
import { coreText } from "./zhTW";

/**
 * A core error as the UI sees it: switch on `kind`, show `message` (in 繁體 when the UI is zh-TW:
 * the core writes 简体), place it by `field`.
 */
export class UiError extends Error {
  kind: AppError_Serialize["kind"];
  field: string | null;
  constructor(e: AppError_Serialize) {
    super(coreText(e.message));
    this.kind = e.kind;
    this.field = e.field ?? null;
  }
}

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: AppError_Serialize };

/** Unwraps a command's result, throwing `UiError` on failure. */
export async function call<T>(p: Promise<Outcome<T>>): Promise<T> {
  let r: Outcome<T>;
  try {
    r = await p;
  } catch (e) {
    throw new UiError({ kind: "Internal", message: String(e), field: null });
  }
  if (r.status === "error") throw new UiError(r.error);
  return r.data;
}

export { commands };
