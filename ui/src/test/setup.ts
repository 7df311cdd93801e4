import { afterEach, beforeEach } from "vitest";
import { cleanup } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import i18n from "../i18n";

// Async IPC results land outside act(); tests wait for what the user sees instead.
beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
});

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
  void i18n.changeLanguage("zh-CN");
});
