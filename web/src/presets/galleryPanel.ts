// The Presets panel (a modal <dialog> from index.html): built-in designs, the user's
// presets, themes and snippets, each with a live thumbnail, and what can be done with
// them. Entries are built with h() (text only); thumbnails with renderThumbnail (inert).

import { BridgeError } from "../bridge";
import { askText, choose } from "../dialogs";
import { byId, h } from "../dom";
import type { EditingSession } from "../session";
import type { PresetApi } from "./api";
import { ACTION_LABELS, actionsFor, gallerySections, subtitle, type PresetAction } from "./galleryModel";
import { needsMapping } from "./mappingModel";
import { askImportDecision, askMapping, askSaveAs } from "./modals";
import { renderThumbnail } from "./thumbnail";
import type { PresetSummary, Thumbnail } from "./types";

export interface GalleryHost {
  session(): EditingSession | null;
  /** Redraw the editor (code view, canvas) after the draft changed. */
  redraw(): void;
  status(message: string): void;
  night(): boolean;
  /** The canvas's selected components on the current side (for a snippet), if any. */
  selection(): { cardOrd: number; side: "front" | "back"; nodeIds: string[] } | null;
  /** The preset list changed (snippet blocks follow it). */
  presetsChanged(presets: PresetSummary[]): void;
}

const TILE_WIDTH = 240;
const TILE_HEIGHT = 150;

export function errorText(error: unknown): string {
  if (error instanceof BridgeError) {
    const details = Array.isArray(error.details) ? (error.details as { path?: string; message?: string }[]) : [];
    const lines = details.map((d) => (d.path ? `${d.path}: ${d.message}` : String(d.message))).filter((line) => !error.message.includes(line));
    return [error.message, ...lines.slice(0, 8)].join("\n");
  }
  return error instanceof Error ? error.message : String(error);
}

export class GalleryPanel {
  private readonly dialog = byId<HTMLDialogElement>("presets-dialog");
  private readonly body = byId("presets-body");
  private readonly search = byId<HTMLInputElement>("presets-search");
  private readonly nightBox = byId<HTMLInputElement>("presets-night");
  presets: PresetSummary[] = [];
  thumbnails: Record<string, Thumbnail> = {};
  /** Milliseconds from open() to every thumbnail shown (the bench reads it). */
  lastOpenMs = 0;
  private loading = 0;

  constructor(
    private readonly api: PresetApi,
    private readonly host: GalleryHost,
  ) {
    byId("presets-open").addEventListener("click", () => void this.open());
    byId("presets-close").addEventListener("click", () => this.close());
    byId("presets-save-as").addEventListener("click", () => void this.saveAs());
    byId("presets-import").addEventListener("click", () => void this.importFile());
    this.search.addEventListener("input", () => this.renderList());
    this.nightBox.addEventListener("change", () => void this.loadThumbnails());
    this.dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      this.close();
    });
  }

  get isOpen(): boolean {
    return this.dialog.open;
  }

  async open(): Promise<void> {
    const started = performance.now();
    if (!this.dialog.open) {
      this.nightBox.checked = this.host.night();
      this.dialog.showModal();
    }
    this.dialog.dataset.state = "loading";
    this.search.focus();
    try {
      await this.reload();
      this.dialog.dataset.state = "ready";
    } catch (error) {
      this.dialog.dataset.state = "error";
      this.body.replaceChildren(h("p", { class: "error", role: "alert" }, `Presets could not load: ${errorText(error)}`));
    }
    this.lastOpenMs = performance.now() - started;
  }

  close(): void {
    if (this.dialog.open) this.dialog.close();
  }

  /** Re-read the list, draw it, then fill in the thumbnails. */
  async reload(): Promise<void> {
    const listed = await this.api.list();
    this.presets = listed.presets;
    this.host.presetsChanged(this.presets);
    this.renderList(listed.problems);
    await this.loadThumbnails();
  }

  private async loadThumbnails(): Promise<void> {
    const session = this.host.session();
    if (!session) return;
    const ticket = ++this.loading;
    this.thumbnails = await this.api.thumbnails(session.draft, this.nightBox.checked);
    if (ticket !== this.loading) return;
    this.renderList();
  }

  private problems: { path: string; message: string }[] = [];

  renderList(problems?: { path: string; message: string }[]): void {
    if (problems) this.problems = problems;
    const origin = window.location.origin;
    const sections = gallerySections(this.presets, this.search.value);
    const children: HTMLElement[] = [];
    if (this.problems.length) {
      children.push(h("ul", { class: "presets-problems", role: "status" }, ...this.problems.map((p) => h("li", {}, `${p.path}: ${p.message}`))));
    }
    for (const section of sections) {
      const list = h("ul", { class: "presets-grid", "aria-label": section.title });
      for (const preset of section.entries) list.append(this.entry(preset, origin));
      const empty = section.id === "mine" ? "None yet: “Save current design as preset…” adds yours here." : "Nothing matches.";
      children.push(
        h("section", { class: "presets-section", "data-section": section.id }, h("h3", {}, section.title), section.entries.length ? list : h("p", { class: "hint" }, empty)),
      );
    }
    this.body.replaceChildren(...children);
  }

  private entry(preset: PresetSummary, origin: string): HTMLElement {
    const thumb = this.thumbnails[preset.id];
    const tile = h("div", { class: "preset-thumb", "aria-hidden": "true" });
    if (thumb && !thumb.error) renderThumbnail(tile, thumb, origin, TILE_WIDTH, TILE_HEIGHT);
    else tile.append(h("span", { class: "preset-thumb-note" }, thumb?.error ? "Not for this note type" : "…"));
    const notes: HTMLElement[] = [];
    if (thumb?.error) notes.push(h("p", { class: "preset-note" }, thumb.error));
    else if (thumb?.unmapped?.length) notes.push(h("p", { class: "preset-note" }, `This note type has no field for ${thumb.unmapped.join(", ")}.`));
    const actions = actionsFor(preset, thumb).map((action) => {
      const b = h("button", { type: "button", class: action === "apply" ? "primary" : "", "data-action": action }, ACTION_LABELS[action]);
      b.addEventListener("click", () => void this.run(action, preset));
      return b;
    });
    return h(
      "li",
      { class: "preset", "data-id": preset.id, "data-kind": preset.kind, "data-builtin": String(preset.builtin) },
      tile,
      h("div", { class: "preset-text" }, h("strong", { class: "preset-name" }, preset.name), h("span", { class: "preset-sub" }, subtitle(preset)), preset.description ? h("p", { class: "preset-description" }, preset.description) : null, ...notes),
      h("div", { class: "preset-actions" }, ...actions),
    );
  }

  // -- actions ----------------------------------------------------------------------------

  private async run(action: PresetAction, preset: PresetSummary): Promise<void> {
    try {
      if (action === "apply") await this.apply(preset);
      else if (action === "rename") await this.rename(preset);
      else if (action === "duplicate") await this.duplicate(preset);
      else if (action === "delete") await this.remove(preset);
      else if (action === "export") await this.exportPreset(preset);
    } catch (error) {
      await this.tell(`${ACTION_LABELS[action].replace("…", "")} failed`, errorText(error));
    }
  }

  private tell(title: string, message: string): Promise<string> {
    return choose(title, message, [{ id: "ok", label: "OK", primary: true }]);
  }

  /** Apply: map fields (when names differ), then the new draft as one undoable step. */
  async apply(preset: PresetSummary): Promise<void> {
    const session = this.host.session();
    if (!session) return;
    let choice;
    if (preset.fields.length && preset.kind === "design") {
      const mapping = await this.api.mapping(preset.id, session.draft);
      if (needsMapping(mapping)) {
        choice = await askMapping(preset.name, mapping);
        if (choice === null) return;
      }
    }
    const reply = await this.api.apply(preset.id, session.draft, choice);
    if (reply.media.length) {
      // Files enter the collection's media folder only once the user has seen them.
      const answer = await choose(
        `Add ${reply.media.length === 1 ? "a media file" : `${reply.media.length} media files`}?`,
        `${preset.name} uses ${reply.media.join(", ")}. They will be copied into your collection's media folder (synced to your other devices); if a file of that name with other content is already there, it is kept and the new one is stored under another name.`,
        [
          { id: "cancel", label: "Cancel" },
          { id: "skip", label: "Apply without them" },
          { id: "add", label: "Add and apply", primary: true },
        ],
      );
      if (answer !== "add" && answer !== "skip") return;
      if (answer === "add") await this.api.installMedia(preset.id);
    }
    const label = `Apply ${preset.kind} ${preset.name}`;
    if (preset.kind === "snippet") {
      // The snippet goes at the end of the side being edited, its CSS with it: one step.
      const key = session.side === "css" ? `c${session.cardIndex}.front` : session.docKey;
      const text = session.docText(key);
      const texts: Record<string, string> = { [key]: text + (reply.snippet ?? "") };
      if (reply.draft.css !== session.draft.css) texts.css = reply.draft.css;
      session.applyDocTexts(texts, label, null, null);
      this.host.redraw();
      this.host.status(`Added snippet ${preset.name} at the end of the ${key.endsWith("back") ? "back" : "front"} template`);
      this.close();
      return;
    }
    const how = session.applyDraft(reply.draft, label);
    this.host.redraw();
    this.close();
    if (how === "replaced") {
      const added = reply.addedCardTypes.length ? ` It adds ${reply.addedCardTypes.join(", ")}.` : "";
      await this.tell(`${preset.name} applied`, `The card types changed.${added} This is a schema change: saving asks first, and the next sync must upload the whole collection. Undo is not available for this step; close without saving to go back.`);
    }
    const unmapped = reply.unmapped.length ? ` (not mapped: ${reply.unmapped.join(", ")})` : "";
    this.host.status(how === "unchanged" ? `${preset.name} is already applied` : `Applied ${preset.name}${unmapped}; Ctrl+Z undoes it`);
  }

  private async rename(preset: PresetSummary): Promise<void> {
    const name = await askText(`Rename ${preset.name}`, "New name", preset.name);
    if (name === null || name.trim() === preset.name) return;
    await this.api.rename(preset, name.trim());
    await this.reload();
  }

  private async duplicate(preset: PresetSummary): Promise<void> {
    const copy = await this.api.duplicate(preset);
    this.host.status(`Duplicated as ${copy.name}`);
    await this.reload();
  }

  private async remove(preset: PresetSummary): Promise<void> {
    const answer = await choose(`Delete ${preset.name}?`, "The preset file is removed; designs you applied it to keep their look.", [
      { id: "cancel", label: "Keep it" },
      { id: "delete", label: "Delete", danger: true },
    ]);
    if (answer !== "delete") return;
    await this.api.delete(preset);
    await this.reload();
  }

  private async exportPreset(preset: PresetSummary): Promise<void> {
    const result = await this.api.export(preset);
    if (result.cancelled) return;
    this.host.status(`Exported ${preset.name} to ${result.path} (${result.bytes} bytes)`);
  }

  /** The current design, theme or selected components as a new preset. */
  async saveAs(): Promise<void> {
    const session = this.host.session();
    if (!session) return;
    const selection = this.host.selection();
    const answer = await askSaveAs(session.draft.name, selection !== null);
    if (!answer) return;
    try {
      const source = answer.kind === "snippet" && selection ? { draft: session.draft, selection } : { draft: session.draft };
      const stored = await this.api.create(answer.kind, answer.name, answer.description, source);
      this.host.status(`Saved ${stored.kind} ${stored.name}`);
      await this.reload();
    } catch (error) {
      await this.tell("Not saved", errorText(error));
    }
  }

  /** Python opens the file dialog; untrusted findings are the user's call. */
  async importFile(): Promise<void> {
    try {
      let reply = await this.api.import();
      if ("needsDecision" in reply) {
        const decision = await askImportDecision(reply.plan);
        reply = await this.api.import(reply.plan.token, decision);
      }
      if ("imported" in reply) {
        this.host.status(`Imported ${reply.imported.name}`);
        await this.reload();
      }
    } catch (error) {
      await this.tell("Import failed", errorText(error));
    }
  }
}
