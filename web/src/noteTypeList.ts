// The sidebar: the collection's note types, searchable and keyboard-navigable.

import { byId, h, plural } from "./dom";
import { filterNoteTypes } from "./notetypeFilter";
import type { NoteTypeSummary } from "./types";

export class NoteTypeList {
  private all: NoteTypeSummary[] = [];
  selectedId: number | null = null;

  constructor(private readonly onPick: (id: number) => void) {
    byId("notetype-search").addEventListener("input", () => this.render());
    byId("notetype-list").addEventListener("keydown", (event) => this.onKey(event));
    const toggle = byId("sidebar-toggle");
    toggle.addEventListener("click", () => this.setOpen(toggle.getAttribute("aria-expanded") !== "true"));
    // Narrow windows give the canvas the room; the list is one click away.
    this.setOpen(window.innerWidth >= 1200);
  }

  setOpen(open: boolean): void {
    byId("sidebar-toggle").setAttribute("aria-expanded", String(open));
    byId("sidebar").hidden = !open;
    if (open) byId("notetype-search").focus({ preventScroll: true });
  }

  set(noteTypes: NoteTypeSummary[]): void {
    this.all = noteTypes;
    this.render();
  }

  get items(): NoteTypeSummary[] {
    return this.all;
  }

  mark(id: number | null): void {
    this.selectedId = id;
    for (const item of byId("notetype-list").querySelectorAll<HTMLElement>("[data-id]")) {
      const selected = Number(item.dataset.id) === id;
      item.setAttribute("aria-selected", String(selected));
      item.tabIndex = selected ? 0 : -1;
    }
  }

  private render(): void {
    const list = byId("notetype-list");
    const shown = filterNoteTypes(this.all, byId<HTMLInputElement>("notetype-search").value);
    list.replaceChildren(
      ...shown.map((nt) => {
        const item = h(
          "li",
          { role: "option", "data-id": String(nt.id), "aria-selected": "false" },
          h("span", { class: "nt-name" }, nt.name),
          h(
            "span",
            { class: "nt-meta", title: `${plural(nt.cardTypes.length, "card type")}, ${plural(nt.noteCount, "note")}` },
            plural(nt.noteCount, "note"),
          ),
        );
        item.addEventListener("click", () => this.onPick(nt.id));
        return item;
      }),
    );
    if (shown.length === 0) list.append(h("li", { class: "empty" }, "No note type matches."));
    this.mark(this.selectedId);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp" && event.key !== "Enter") return;
    const items = [...byId("notetype-list").querySelectorAll<HTMLElement>("[data-id]")];
    const focused = items.findIndex((item) => item === document.activeElement);
    if (event.key === "Enter" && focused >= 0) {
      this.onPick(Number(items[focused].dataset.id));
      return;
    }
    const next = items[Math.min(items.length - 1, Math.max(0, focused + (event.key === "ArrowDown" ? 1 : -1)))];
    if (next) {
      next.focus();
      event.preventDefault();
    }
  }
}
