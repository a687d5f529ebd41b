// Side-bar panels of JS plugins (the consumer of `atd_panels`): one tab per declared panel
// beside Blocks and Layers, and the panel's view drawn from what its worker posts.
//
// A worker never touches the page: it answers `panel` requests with a declarative view
// (messages.ts checks it), and this file draws it with h() and text only, so markup in a
// view is shown as text. A button click asks the worker again (`click`); so do opening
// the panel and a change of the side being edited (`context`, checked while the panel is
// shown: the draft changes from many places, the canvas, code view, undo, a card type
// switch, and a cheap comparison of the context catches them all). A request the worker
// does not answer in time terminates it (pluginWorker.ts); the panel then says so.

import { h } from "../dom";
import type { DeclaredPanel, ViewItem } from "./messages";
import type { PanelContext, PanelEvent, PluginWorker } from "./pluginWorker";

/** Tab and panel names (`data-cvtab`, `data-cvpanel`) of plugin panels start with this. */
export const PANEL_TAB_PREFIX = "plugin-panel:";
/** How often a shown panel's context is compared with the draft. */
export const CONTEXT_CHECK_MS = 400;

export interface PluginPanel {
  key: string;
  worker: PluginWorker;
  declared: DeclaredPanel;
  tab: HTMLButtonElement;
  element: HTMLElement;
  body: HTMLElement;
  /** The last view drawn (tests and a re-render read it). */
  view: ViewItem[] | null;
  /** The context the worker last saw, as JSON (null: never asked). */
  sentContext: string | null;
  busy: boolean;
}

export interface PanelsHost {
  /** The current context, or null with no note type open. */
  context(): PanelContext | null;
  /** Where the tabs go (`.cv-tabs`) and the panels (`.cv-left`). */
  tabs(): HTMLElement | null;
  panels(): HTMLElement | null;
}

/** Draw one checked view item; every string goes in as text. */
export function viewElement(item: ViewItem, panel: string): HTMLElement {
  switch (item.kind) {
    case "heading":
      return h("h4", {}, item.text);
    case "text":
      return h("p", {}, item.text);
    case "code":
      return h("pre", {}, h("code", {}, item.text));
    case "list":
      return h("div", { class: "view-list" }, item.text ? h("p", {}, item.text) : null, h("ul", {}, ...item.items.map((line) => h("li", {}, line))));
    case "button":
      return h("button", { type: "button", "data-panel-button": item.id, "data-panel": panel }, item.text);
  }
}

export class PanelsView {
  readonly panels = new Map<string, PluginPanel>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly host: PanelsHost) {}

  /** A worker that answered `init` offers its declared panels as tabs. */
  add(worker: PluginWorker): void {
    const tabs = this.host.tabs();
    const container = this.host.panels();
    if (!tabs || !container) return;
    for (const declared of worker.declaredPanels) {
      const key = `${PANEL_TAB_PREFIX}${worker.plugin.id}.${declared.id}`;
      if (this.panels.has(key)) continue;
      const id = `cv-plugin-panel-${worker.plugin.id}-${declared.id}`;
      const tab = h("button", { type: "button", role: "tab", "data-cvtab": key, "aria-selected": "false", "aria-controls": id, title: `${declared.title} — from the plugin ${worker.plugin.name}` }, declared.title);
      const body = h("div", { class: "js-plugin-panel-body", "aria-live": "polite" });
      const element = h("section", { id, class: "cv-panel js-plugin-panel", role: "tabpanel", "data-cvpanel": key, "aria-label": declared.title, hidden: "" }, h("h3", {}, declared.title), body);
      const panel: PluginPanel = { key, worker, declared, tab, element, body, view: null, sentContext: null, busy: false };
      tab.addEventListener("click", () => this.show(panel));
      body.addEventListener("click", (event) => {
        const button = (event.target as Element | null)?.closest<HTMLButtonElement>("[data-panel-button]");
        if (button && !panel.busy) void this.ask(panel, { kind: "click", button: button.dataset.panelButton ?? "" });
      });
      tabs.append(tab);
      container.append(element);
      this.panels.set(key, panel);
    }
  }

  /** The worker was terminated: its panels say why (their tabs stay, so the reason shows). */
  stopped(worker: PluginWorker, reason: string): void {
    for (const panel of this.panels.values()) {
      if (panel.worker !== worker) continue;
      panel.view = null;
      panel.body.replaceChildren(h("p", { class: "js-plugin-panel-error", role: "alert" }, `The plugin ${worker.plugin.name} was stopped: ${reason}`));
    }
  }

  /** Select a panel's tab (Blocks and Layers hide; canvasToolbar.ts shows them again). */
  show(panel: PluginPanel): void {
    for (const tab of document.querySelectorAll<HTMLElement>("[data-cvtab]")) tab.setAttribute("aria-selected", String(tab === panel.tab));
    for (const element of document.querySelectorAll<HTMLElement>("[data-cvpanel]")) element.hidden = element !== panel.element;
    void this.ask(panel, { kind: "open" });
    this.timer ??= setInterval(() => this.check(), CONTEXT_CHECK_MS);
  }

  /** The shown panel, if any. */
  shown(): PluginPanel | null {
    for (const panel of this.panels.values()) if (!panel.element.hidden && panel.element.isConnected) return panel;
    return null;
  }

  /** Tell the shown panel about a changed context (a note type opened, the draft changed). */
  check(): void {
    const panel = this.shown();
    if (!panel) {
      if (this.timer !== null) clearInterval(this.timer);
      this.timer = null;
      return;
    }
    if (panel.busy || panel.worker.state !== "ready") return;
    const context = this.host.context();
    if (context && JSON.stringify(context) !== panel.sentContext) void this.ask(panel, { kind: "context" });
  }

  private async ask(panel: PluginPanel, event: PanelEvent): Promise<void> {
    const worker = panel.worker;
    if (worker.state !== "ready") {
      if (worker.failure === null) panel.body.replaceChildren(h("p", { class: "status" }, `${panel.declared.title} is not running.`));
      return;
    }
    const context = this.host.context();
    if (!context) {
      panel.body.replaceChildren(h("p", { class: "status" }, "Open a note type to use this panel."));
      return;
    }
    if (panel.busy) return;
    panel.busy = true;
    panel.body.setAttribute("aria-busy", "true");
    for (const button of panel.body.querySelectorAll("button")) button.disabled = true;
    panel.sentContext = JSON.stringify(context);
    try {
      const view = await worker.panel(panel.declared.id, event, context);
      panel.view = view;
      panel.body.replaceChildren(...view.map((item) => viewElement(item, panel.declared.id)));
    } catch (error) {
      // A terminated worker is drawn by stopped(); anything else is the plugin's own error.
      if (worker.state === "ready") {
        panel.body.replaceChildren(h("p", { class: "js-plugin-panel-error", role: "alert" }, error instanceof Error ? error.message : String(error)));
      }
    } finally {
      panel.busy = false;
      panel.body.removeAttribute("aria-busy");
      for (const button of panel.body.querySelectorAll("button")) button.disabled = false;
    }
  }
}
