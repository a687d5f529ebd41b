// The text a JS plugin's Web Worker runs: a one-line prelude, then the plugin's module.
//
// The prelude is convenience and a second fence, not the wall. The wall is that a worker
// has no bridge (`pycmd`, `qt` and QWebChannel exist only in the page's window), no DOM,
// and inherits the page's CSP (`connect-src 'none'`, scripts pinned by hash, so neither
// fetch nor importScripts reaches anything), and that the page gates every message it
// sends (messages.ts). The prelude also removes the network, storage and nested-worker
// APIs from the worker's global scope (their prototypes too, so no pristine copy is left),
// because the worker shares the page's origin (IndexedDB, Cache Storage, BroadcastChannel).
//
// The plugin sees one object, `atd`:
//   atd.registerBlock({id, label?, category?, content})  fixed template text, or
//   atd.registerBlock({id, label?, category?, render(context)})  text made per drop from
//     {fields, isCloze} (may return a promise; answered within the request limit)
//   atd.registerPanel({id, render(context), click?(buttonId, context)})  a side-bar panel
//     (declared with atd_panels): render returns its view, a list of {kind, text, id?,
//     items?}; click may return a view, or nothing to be rendered again (both may be
//     promises; answered within the request limit)
//   atd.log(level, message)                              "info" | "warn" | "error"
//   atd.plugin                                           {id, permissions} after init

/** Globals removed before the plugin runs. */
export const REMOVED_GLOBALS = [
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "WebTransport",
  "importScripts",
  "indexedDB",
  "caches",
  "cookieStore",
  "BroadcastChannel",
  "Worker",
  "SharedWorker",
  "RTCPeerConnection",
  "webkitRTCPeerConnection",
  "RTCDataChannel",
  "FileSystemHandle",
  "storageFoundation",
];

function prelude(): void {
  /* Runs inside the worker (serialised with Function.prototype.toString). */
  const scope = self as unknown as Record<string, unknown>;
  const post = (scope.postMessage as (m: unknown) => void).bind(scope);
  const removed = (scope as { __atdRemoved?: string[] }).__atdRemoved ?? [];
  for (const name of removed) {
    let owner: object | null = scope;
    while (owner) {
      const descriptor = Object.getOwnPropertyDescriptor(owner, name);
      if (descriptor?.configurable) delete (owner as Record<string, unknown>)[name];
      owner = Object.getPrototypeOf(owner);
    }
    try {
      Object.defineProperty(scope, name, { value: undefined, writable: false, configurable: false });
    } catch {
      /* a non-configurable own property: left to the CSP */
    }
  }
  delete (scope as { __atdRemoved?: string[] }).__atdRemoved;
  const renders = new Map<string, (context: unknown) => unknown>();
  type PanelHandlers = { render?: unknown; click?: unknown };
  const panels = new Map<string, PanelHandlers>();
  const info: { id: string | null; permissions: string[] } = { id: null, permissions: [] };
  const atd = Object.freeze({
    plugin: info,
    registerBlock(block: Record<string, unknown>): void {
      const render = block?.render;
      const message: Record<string, unknown> = { type: "registerBlock", id: block?.id, label: block?.label, category: block?.category };
      if (typeof render === "function") {
        renders.set(String(block.id), render as (context: unknown) => unknown);
        message.dynamic = true;
      } else {
        message.content = block?.content;
      }
      post(message);
    },
    registerPanel(panel: PanelHandlers & { id?: unknown }): void {
      panels.set(String(panel?.id), { render: panel?.render, click: panel?.click });
    },
    log(level: unknown, message: unknown): void {
      post({ type: "log", level: String(level), message: String(message) });
    },
  });
  Object.defineProperty(scope, "atd", { value: atd, writable: false, configurable: false });
  (self as unknown as { addEventListener(type: string, listener: (event: MessageEvent) => void): void }).addEventListener("message", (event: MessageEvent) => {
    const request = event.data as { type?: string; requestId?: number; data?: Record<string, unknown> } | null;
    if (!request || typeof request !== "object") return;
    if (request.type === "init") {
      info.id = String(request.data?.plugin ?? "");
      info.permissions = Array.isArray(request.data?.permissions) ? (request.data.permissions as string[]) : [];
      Object.freeze(info.permissions);
      Object.freeze(info);
      post({ type: "ready", requestId: request.requestId });
    } else if (request.type === "render") {
      const id = String(request.data?.id ?? "");
      const render = renders.get(id);
      Promise.resolve()
        .then(() => {
          if (!render) throw new Error(`no render function for block ${id}`);
          return render(request.data?.context);
        })
        .then(
          (content) => post({ type: "rendered", requestId: request.requestId, content: String(content) }),
          (error) => post({ type: "rendered", requestId: request.requestId, error: String(error instanceof Error ? error.message : error) }),
        );
    } else if (request.type === "panel") {
      const id = String(request.data?.panel ?? "");
      const panel = panels.get(id);
      const context = request.data?.context;
      const render = (): unknown => {
        if (typeof panel?.render !== "function") throw new Error(`no render function for panel ${id} (atd.registerPanel)`);
        return (panel.render as (context: unknown) => unknown)(context);
      };
      Promise.resolve()
        .then(() => (request.data?.event === "click" && typeof panel?.click === "function" ? (panel.click as (button: unknown, context: unknown) => unknown)(request.data.button, context) : undefined))
        .then((view) => (view === undefined ? render() : view))
        .then(
          (view) => {
            try {
              post({ type: "renderPanel", requestId: request.requestId, panel: id, view });
            } catch (error) {
              post({ type: "renderPanel", requestId: request.requestId, panel: id, error: `its view cannot be sent (${String(error instanceof Error ? error.message : error)})` });
            }
          },
          (error) => post({ type: "renderPanel", requestId: request.requestId, panel: id, error: String(error instanceof Error ? error.message : error) }),
        );
    }
  });
}

const PRELUDE = `"use strict";self.__atdRemoved=${JSON.stringify(REMOVED_GLOBALS)};(${prelude.toString()})();\n`;
/** Lines the prelude takes before the module's first line. */
export const PRELUDE_LINES = PRELUDE.split("\n").length - 1;

/** The worker's script: the prelude, then the module (in strict mode). */
export function workerSource(moduleText: string, label: string): string {
  return `${PRELUDE}${moduleText}\n//# sourceURL=${encodeURI(label)}\n`;
}

/** Where an error in the worker's script is in the plugin's module (null: in the prelude). */
export function moduleLine(scriptLine: number | undefined): number | null {
  return scriptLine && scriptLine > PRELUDE_LINES ? scriptLine - PRELUDE_LINES : null;
}
