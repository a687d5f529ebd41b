// The "Export…" menu in the top bar: lists the exporters plugins add (`exporters.list`)
// and runs one on the draft being edited (`exporters.run`); Python asks where to save.
// Labels come from plugins, so they go in as text (h()), never as HTML.

import type { Bridge } from "./bridge";
import { byId, h } from "./dom";
import type { NoteTypeDict } from "./types";

export interface ExporterInfo {
  id: string;
  label: string;
  extension: string;
  plugin: string;
}

interface RunReply {
  path: string | null;
  bytes?: number;
}

export interface ExportHost {
  /** The draft being edited, or null on the picker. */
  draft: () => NoteTypeDict | null;
  status: (message: string) => void;
}

export class ExportMenu {
  readonly button: HTMLButtonElement;
  private readonly menu: HTMLElement;
  private busy = false;

  constructor(
    private readonly bridge: Bridge,
    private readonly host: ExportHost,
  ) {
    this.button = h("button", { id: "export-open", type: "button", "aria-haspopup": "menu", "aria-expanded": "false", "aria-controls": "export-menu", title: "Export this note type with a plugin's exporter" }, "Export…");
    this.menu = h("div", { id: "export-menu", class: "export-menu", role: "menu", "aria-label": "Export as", tabindex: "-1", hidden: "" });
    this.button.addEventListener("click", () => void (this.menu.hidden ? this.open() : this.close()));
    this.menu.addEventListener("keydown", (event) => this.onKey(event));
    document.addEventListener("pointerdown", (event) => {
      if (!this.menu.hidden && !this.menu.contains(event.target as Node) && event.target !== this.button) this.close();
    });
    const anchor = byId("help");
    anchor.before(this.button);
    this.button.after(this.menu);
  }

  async open(): Promise<void> {
    let exporters: ExporterInfo[];
    try {
      exporters = await this.bridge.call<ExporterInfo[]>("exporters.list");
    } catch (error) {
      this.host.status(`Export: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const items = exporters.map((exporter) => {
      const item = h("button", { type: "button", role: "menuitem", "data-exporter": exporter.id, title: `From the plugin ${exporter.plugin}` }, `${exporter.label} (.${exporter.extension})`);
      item.addEventListener("click", () => void this.run(exporter));
      return item;
    });
    this.menu.replaceChildren(...(items.length ? items : [h("p", { class: "export-empty", role: "note" }, "No exporter yet: plugins add them (see Plugins).")]));
    const rect = this.button.getBoundingClientRect();
    this.menu.style.top = `${rect.bottom + 2}px`;
    this.menu.style.left = `${Math.max(4, Math.min(rect.left, window.innerWidth - 280))}px`;
    this.menu.hidden = false;
    this.button.setAttribute("aria-expanded", "true");
    (items[0] ?? this.menu).focus();
  }

  close(): void {
    this.menu.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
  }

  async run(exporter: ExporterInfo): Promise<void> {
    this.close();
    const draft = this.host.draft();
    if (!draft) {
      this.host.status("Open a note type first, then export it.");
      return;
    }
    if (this.busy) return;
    this.busy = true;
    this.host.status(`Exporting ${draft.name} as ${exporter.label}…`);
    try {
      const reply = await this.bridge.call<RunReply>("exporters.run", { id: exporter.id, draft });
      this.host.status(reply.path === null ? "Export cancelled" : `Exported to ${reply.path}`);
    } catch (error) {
      this.host.status(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.busy = false;
      this.button.focus();
    }
  }

  private onKey(event: KeyboardEvent): void {
    const items = [...this.menu.querySelectorAll<HTMLButtonElement>("[role=menuitem]")];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation(); // Anki's web view closes the whole window on Escape
      this.close();
      this.button.focus();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && items.length) {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    }
  }
}
