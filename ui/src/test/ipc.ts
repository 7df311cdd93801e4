import { mockIPC } from "@tauri-apps/api/mocks";

/** A core error as the shell sends it (`{kind, message, field}`); throwing it rejects the call. */
export function coreError(kind: string, message: string, field: string | null = null) {
  return { kind, message, field };
}

type Handler = (args: Record<string, unknown>) => unknown;

/**
 * Mocks the Tauri IPC with one handler per command; records every call. Unknown commands fail
 * the test loudly. UI-logic tests only: the real shell is covered by the end-to-end tests.
 */
export function mockCommands(handlers: Record<string, Handler>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    const h = handlers[cmd];
    if (!h) throw new Error(`unexpected command ${cmd}`);
    return h(a);
  });
  return calls;
}
