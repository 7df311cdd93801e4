import React from "react";
import ReactDOM from "react-dom/client";
import i18n from "./i18n";
import "./styles.css";
import App from "./App";
import { loadTraditional } from "./zhTW";

// A zh-TW user's first screen already shows the core's messages in 繁體 (zhTW.ts).
const ready = i18n.language === "zh-TW" ? loadTraditional() : Promise.resolve();
void ready.finally(() =>
  ReactDOM.createRoot(document.getElementById("root")!).render(
    <React.StrictMode>
      <App />
    </React.StrictMode>,
  ),
);
