// The canvas's own controls: undo/redo, zoom, structure outlines, the Blocks/Layers tabs
// and the keyboard-shortcut help.

import { choose } from "../dialogs";
import { byId, h } from "../dom";
import type { CanvasView } from "./canvasView";

export const SHORTCUTS: [string, string][] = [
  ["Ctrl+S", "Save the note type"],
  ["Ctrl+Z", "Undo (canvas, code and styles share one history)"],
  ["Ctrl+Shift+Z / Ctrl+Y", "Redo"],
  ["Delete / Backspace", "Delete the selected component"],
  ["Ctrl+C / Ctrl+V", "Copy / paste the selected component (exact template text)"],
  ["Ctrl+D", "Duplicate the selected component"],
  ["Ctrl+E", "Switch between visual and code view"],
  ["Ctrl+= / Ctrl+-", "Zoom in / out"],
  ["W / S", "Select the previous / next component"],
  ["A / D", "Select the parent / first child"],
  ["?", "Show this list"],
];

const ZOOMS = [50, 67, 75, 90, 100, 110, 125, 150, 200];

export class CanvasToolbar {
  private zoom = 100;

  constructor(private readonly canvas: CanvasView) {
    byId("cv-undo").addEventListener("click", () => void canvas.step("undo"));
    byId("cv-redo").addEventListener("click", () => void canvas.step("redo"));
    byId("cv-zoom-in").addEventListener("click", () => this.zoomBy(1));
    byId("cv-zoom-out").addEventListener("click", () => this.zoomBy(-1));
    byId("cv-help").addEventListener("click", () => void this.showHelp());
    byId<HTMLInputElement>("cv-structure").addEventListener("change", (event) => {
      document.body.dataset.structure = String((event.target as HTMLInputElement).checked);
      canvas.applyFrameLook();
    });
    // Conditions the chosen note does not meet are hidden, as on the card; this shows them.
    const showAll = h("input", { type: "checkbox", id: "cv-show-all" }) as HTMLInputElement;
    showAll.addEventListener("change", () => {
      document.body.dataset.showAll = String(showAll.checked);
      canvas.applyFrameLook();
    });
    const structure = byId("cv-structure").closest("label");
    structure?.after(h("label", { title: "Also show the sections the chosen note does not fill (dimmed)" }, showAll, " Show all conditions"));
    // One marker per side for its scripts (they do not run while editing).
    const scripts = h("button", { type: "button", id: "cv-scripts", hidden: "", title: "Scripts on this side do not run while editing: open them in code view" }, "");
    scripts.addEventListener("click", () => document.querySelector<HTMLButtonElement>("[data-mode=code]")?.click());
    (structure?.nextElementSibling ?? byId("cv-help")).after(scripts);
    for (const tab of document.querySelectorAll<HTMLButtonElement>("[data-cvtab]")) {
      tab.addEventListener("click", () => this.showPanel(tab.dataset.cvtab ?? "blocks"));
    }
    document.addEventListener("keydown", (event) => this.onKey(event));
  }

  showPanel(name: string): void {
    if (name === "layers") this.canvas.showLayers();
    for (const tab of document.querySelectorAll<HTMLButtonElement>("[data-cvtab]")) {
      tab.setAttribute("aria-selected", String(tab.dataset.cvtab === name));
    }
    for (const panel of document.querySelectorAll<HTMLElement>("[data-cvpanel]")) {
      panel.hidden = panel.dataset.cvpanel !== name;
    }
  }

  zoomBy(step: number): void {
    const index = ZOOMS.indexOf(this.zoom);
    this.zoom = ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, (index < 0 ? 4 : index) + step))];
    this.canvas.setZoom(this.zoom);
    byId("cv-zoom").textContent = `${this.zoom}%`;
  }

  async showHelp(): Promise<void> {
    await choose("Keyboard shortcuts", SHORTCUTS.map(([keys, what]) => `${keys} — ${what}`).join("\n"), [{ id: "ok", label: "Close", primary: true }]);
  }

  private onKey(event: KeyboardEvent): void {
    if (!this.canvas.visible) return;
    const target = event.target instanceof Element ? event.target : null;
    const typing = target?.closest("input, textarea, select, [contenteditable=true], dialog") !== null && target !== null;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && (event.key === "=" || event.key === "+")) {
      event.preventDefault();
      this.zoomBy(1);
    } else if (mod && event.key === "-") {
      event.preventDefault();
      this.zoomBy(-1);
    } else if (!typing && !mod && event.key === "?") {
      event.preventDefault();
      void this.showHelp();
    }
  }
}
