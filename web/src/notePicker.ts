// The preview's note picker: a button showing the note, and a dropdown with a search box
// and a virtual list that stays fast with tens of thousands of notes.

import type { Bridge } from "./bridge";
import { byId } from "./dom";
import type { NoteChoice } from "./types";
import { VirtualList } from "./virtualList";

export const NOTE_LIMIT = 20_000;
const FIRST: NoteChoice = { id: 0, label: "" };

export class NotePicker {
  readonly list: VirtualList<NoteChoice>;
  private notetypeId: number | null = null;
  private chosen: number | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly bridge: Bridge,
    private readonly onChoose: (noteId: number | null) => void,
  ) {
    this.list = new VirtualList<NoteChoice>(
      {
        rowHeight: 26,
        label: (note) => (note === FIRST ? FIRST.label : note.label),
        id: (note) => String(note.id),
        onChoose: (note) => this.choose(note === FIRST ? null : note.id, note.label),
      },
      "Notes",
    );
    byId("pv-note-list").replaceWith(this.list.element);
    this.list.element.id = "pv-note-list";
    byId("pv-note").addEventListener("click", () => this.toggle());
    byId("pv-note-search").addEventListener("input", (event) => {
      if (this.searchTimer) clearTimeout(this.searchTimer);
      const text = (event.target as HTMLInputElement).value;
      this.searchTimer = setTimeout(() => void this.load(text), 200);
    });
    byId("pv-note-search").addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") {
        this.list.element.focus();
        event.preventDefault();
      }
    });
    byId("pv-note-panel").addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        this.close();
      }
    });
  }

  /** Start on a note type; `noteId` pre-selects a note (e.g. the one being edited). */
  async reset(notetypeId: number, noteId: number | null): Promise<void> {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = null;
    this.list.active = 0;
    this.notetypeId = notetypeId;
    this.chosen = noteId;
    byId<HTMLInputElement>("pv-note-search").value = "";
    this.showChoice(noteId === null ? "First note" : "The note being edited");
    await this.load("");
  }

  async load(search: string): Promise<void> {
    if (this.notetypeId === null) return;
    const notetypeId = this.notetypeId;
    try {
      const notes = await this.bridge.call<NoteChoice[]>("preview.notes", {
        notetypeId,
        search,
        limit: NOTE_LIMIT,
      });
      if (notetypeId !== this.notetypeId) return; // the user moved on to another note type
      FIRST.label = notes.length ? "First note" : search ? "No note matches" : "Sample note (no notes yet)";
      this.list.set([FIRST, ...notes]);
      byId("pv-note-count").textContent =
        notes.length >= NOTE_LIMIT ? `first ${NOTE_LIMIT} notes` : `${notes.length} notes`;
      const current = notes.find((n) => n.id === this.chosen);
      if (current) this.showChoice(current.label);
    } catch (error) {
      byId("pv-note-count").textContent = `Notes unavailable: ${String(error)}`;
    }
  }

  private choose(noteId: number | null, label: string): void {
    this.chosen = noteId;
    this.showChoice(noteId === null ? "First note" : label);
    this.close();
    this.onChoose(noteId);
  }

  private showChoice(label: string): void {
    const button = byId<HTMLButtonElement>("pv-note");
    button.dataset.noteId = this.chosen === null ? "" : String(this.chosen);
    button.textContent = `${label} ▾`;
    button.title = label;
  }

  toggle(): void {
    const panel = byId("pv-note-panel");
    if (panel.hidden) {
      panel.hidden = false;
      byId("pv-note").setAttribute("aria-expanded", "true");
      this.list.render();
      byId("pv-note-search").focus();
    } else {
      this.close();
    }
  }

  close(): void {
    byId("pv-note-panel").hidden = true;
    byId("pv-note").setAttribute("aria-expanded", "false");
  }
}
