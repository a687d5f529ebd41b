// Entry point of the designer page. Python starts it with `window.atd.start(...)` once
// Anki's `pycmd` exists (it does not while the page is still parsing).

import { DesignerApp } from "./app";
import { Bridge, type Send } from "./bridge";
import { ErrorForwarder, type ClientError } from "./errorForwarding";
import { EscapeGuard } from "./escapeGuard";
import { installSidePanelTabs } from "./sidePanelTabs";
import type { StartOptions } from "./types";

declare global {
  interface Window {
    pycmd?: (message: string, callback?: (reply: unknown) => void) => boolean;
    atd: {
      start: (options?: StartOptions) => void;
      prewarm: () => void;
      deliver: (message: unknown) => void;
      bridge: Bridge;
      app: DesignerApp;
      escapeCloses: () => boolean;
    };
  }
}

const send: Send = (message, callback) => {
  if (typeof window.pycmd !== "function") throw new Error("pycmd is not available yet");
  window.pycmd(message, callback);
};

const bridge = new Bridge(send);
const errors = new ErrorForwarder();
errors.install(window);
const app = new DesignerApp(bridge);
installSidePanelTabs();
const escapes = new EscapeGuard();
escapes.install(window);

window.atd = {
  start(options: StartOptions = {}) {
    errors.connect((error: ClientError) => bridge.call("log.clientError", { ...error }));
    void app.start(options);
  },
  prewarm() {
    app.prewarm();
  },
  deliver(message: unknown) {
    bridge.deliver(message);
  },
  bridge,
  app,
  escapeCloses: () => escapes.closes(),
};
