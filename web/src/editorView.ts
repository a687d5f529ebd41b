// The editing panel: card type bar, Front/Back/Styling tabs, the code editor, the field
// list for insertion, preview options and the located diagnostics.

import { noteUsage } from "./usageReport";
import { askText, choose } from "./dialogs";
import { byId, h, plural } from "./dom";
import type { EditingSession } from "./session";
import { NotePicker } from "./notePicker";
import { offsetOf } from "./textPosition";
import { applyShownEdit, shownText } from "./textSync";
import type { Device, Diagnostic, EditorSide, PreviewResult } from "./types";
import type { Bridge } from "./bridge";
import { CanvasView } from "./canvas/canvasView";
import { CanvasToolbar } from "./canvas/canvasToolbar";
import { CodeSurface, type CodeMirrorFactory } from "./codeSurface";

export type EditingMode = "visual" | "code";

const SIDE_LABELS: Record<EditorSide, string> = {
  front: "Front template",
  back: "Back template",
  css: "Styling",
};

export class EditorView {
  private session: EditingSession | null = null;
  readonly code = new CodeSurface(byId<HTMLTextAreaElement>("code"));
  private readonly notes: NotePicker;
  readonly canvas: CanvasView;
  mode: EditingMode = "visual";

  constructor(private readonly bridge: Bridge) {
    this.canvas = new CanvasView(
      bridge,
      {
        status: (message) => (byId("status").textContent = message),
        changed: () => {
          if (this.session) this.showText(this.session.text);
        },
      },
      byId("cv-canvas"),
    );
    new CanvasToolbar(this.canvas);
    for (const button of document.querySelectorAll<HTMLButtonElement>("[data-mode]")) {
      button.addEventListener("click", () => this.setMode(button.dataset.mode as EditingMode));
    }
    document.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "e") {
        event.preventDefault();
        this.setMode(this.mode === "visual" ? "code" : "visual");
      }
    });
    this.notes = new NotePicker(bridge, (noteId) => {
      if (!this.session) return;
      this.session.preview.noteId = noteId;
      this.session.refreshPreview();
      void this.canvas.refresh().catch(() => undefined);
    });
    this.code.onInput(() => this.onInput());
    for (const tab of document.querySelectorAll<HTMLButtonElement>("[data-side]")) {
      tab.addEventListener("click", () => this.showSide(tab.dataset.side as EditorSide));
    }
    byId<HTMLSelectElement>("card-type").addEventListener("change", (event) => {
      if (!this.session) return;
      this.session.cardIndex = Number((event.target as HTMLSelectElement).value);
      noteUsage("card_type.switched");
      this.render();
      this.session.refreshPreview(); // the draft did not change: its problems stand
    });
    for (const button of document.querySelectorAll<HTMLButtonElement>("[data-cardop]")) {
      button.addEventListener("click", () => void this.cardTypeOp(button.dataset.cardop ?? ""));
    }
    this.bindPreviewControls();
  }

  attach(session: EditingSession): void {
    this.session = session;
    this.canvas.attach(session);

    this.readPreviewControls(); // the controls carry over to the new note type
    void this.notes.reset(session.id, session.preview.noteId);
    this.render();
  }

  /** Re-draw everything from the session (after open, card-type edits, restores). */
  render(): void {
    const session = this.session;
    if (!session) return;
    const select = byId<HTMLSelectElement>("card-type");
    select.replaceChildren(
      ...session.draft.tmpls.map((template, index) => h("option", { value: String(index) }, `${index + 1}: ${template.name}`)),
    );
    select.value = String(session.cardIndex);
    for (const button of document.querySelectorAll<HTMLButtonElement>("[data-cardop]")) {
      const op = button.dataset.cardop;
      const multi = session.draft.tmpls.length > 1;
      button.disabled =
        (session.isCloze && (op === "add" || op === "left" || op === "right")) ||
        (!multi && (op === "remove" || op === "left" || op === "right"));
    }
    for (const tab of document.querySelectorAll<HTMLButtonElement>("[data-side]")) {
      tab.setAttribute("aria-selected", String(tab.dataset.side === session.side));
    }
    this.showText(session.text);
    this.showMode();
    this.code.setLanguage(session.side === "css" ? "css" : "html", `${SIDE_LABELS[session.side]} of ${session.draft.tmpls[session.cardIndex].name}`);
    byId("fields").replaceChildren(
      h("span", { class: "fields-label" }, "Insert field:"),
      ...["FrontSide", ...session.draft.flds.map((f) => f.name)]
        .filter((name) => name !== "FrontSide" || session.side === "back")
        .map((name) => {
          const chip = h("button", { type: "button", class: "chip", title: `Insert {{${name}}}` }, name);
          chip.addEventListener("click", () => this.insert(session.isCloze && name === session.draft.flds[0].name ? `{{cloze:${name}}}` : `{{${name}}}`));
          return chip;
        }),
    );
    byId("pv-cloze-wrap").hidden = !session.isCloze;
    this.renderDiagnostics(session.diagnostics);
  }

  /** CodeMirror comes with GrapesJS; it is set up the first time code view shows. */
  private upgradeCode(): void {
    if (this.code.upgraded) return;
    const viewer = this.canvas.ensureEditor().CodeManager.getViewer("CodeMirror") as unknown as { CodeMirror: { fromTextArea: CodeMirrorFactory } };
    this.code.upgrade((textarea, options) => viewer.CodeMirror.fromTextArea(textarea, options));
  }

  setMode(mode: EditingMode): void {
    this.mode = mode;
    this.showMode();
    if (mode === "code") this.code.focus();
  }

  /** Visual editor for the front and back; the styling tab always shows code. */
  private showMode(): void {
    const visual = this.mode === "visual" && this.session?.side !== "css";
    document.body.dataset.mode = visual ? "visual" : "code";
    for (const button of document.querySelectorAll<HTMLButtonElement>("[data-mode]")) {
      button.setAttribute("aria-pressed", String(button.dataset.mode === this.mode));
    }
    byId("visual").hidden = !visual;
    byId("code-view").hidden = visual;
    if (!visual) {
      this.upgradeCode();
      this.code.refresh();
    }
    this.canvas.visible = visual;
    if (visual) void this.canvas.refresh().catch((error) => (byId("status").textContent = `Canvas: ${error instanceof Error ? error.message : String(error)}`));
  }

  showSide(side: EditorSide): void {
    if (!this.session) return;
    this.session.side = side;
    if (side !== "css") {
      this.session.preview.side = side === "front" ? "question" : "answer";
      this.syncPreviewControls();
    }
    this.render();
    this.session.refreshPreview();
    if (this.mode === "code" || side === "css") this.code.focus();
  }

  /** What the textarea showed when the session's text was last put into it. */
  private shown = "";
  /** Code was typed since this text was shown (a usage event once, not per key). */
  private codeEdited = false;

  private onInput(): void {
    const session = this.session;
    if (!session) return;
    // Splice only the changed region into the exact text (line endings preserved).
    session.setText(applyShownEdit(session.text, this.shown, this.code.value));
    if (!this.codeEdited) noteUsage("code.edited");
    this.codeEdited = true;
    this.shown = this.code.value;
  }

  private showText(raw: string): void {
    const shown = shownText(raw).shown;
    if (this.code.value !== shown) {
      this.code.value = shown;
      this.codeEdited = false;
    }
    this.shown = this.code.value;
  }

  private insert(text: string): void {
    this.code.replaceSelection(text);
    this.code.focus();
  }

  renderDiagnostics(list: Diagnostic[], stale: string | null = null): void {
    const panel = byId("diagnostics");
    const errors = list.filter((d) => d.severity === "error").length;
    const summary = list.length === 0 ? "No problems found." : `${plural(errors, "error")}, ${plural(list.length - errors, "other finding")}`;
    panel.replaceChildren(
      h("h2", {}, "Problems"),
      h("p", { class: "summary" }, summary),
      h("p", { class: "stale", role: "status" }, stale ? `Not up to date: ${stale}` : ""),
      h(
        "ul",
        {},
        ...list.map((d) => {
          const where = [
            d.card_type !== null && this.session ? this.session.draft.tmpls[d.card_type]?.name : null,
            d.side ? SIDE_LABELS[d.side] : null,
            d.line !== null ? `line ${d.line}${d.column !== null ? `, column ${d.column}` : ""}` : null,
          ].filter(Boolean).join(" · ");
          const item = h(
            "li",
            { class: `diagnostic ${d.severity}`, tabindex: "0", "data-code": d.code },
            h("span", { class: "severity" }, d.severity),
            h("span", { class: "message" }, d.message),
            where ? h("span", { class: "where" }, where) : null,
            d.fix ? h("span", { class: "fix" }, `Fix: ${d.fix}`) : null,
          );
          item.addEventListener("click", () => this.reveal(d));
          item.addEventListener("keydown", (event) => event.key === "Enter" && this.reveal(d));
          return item;
        }),
      ),
    );
  }

  /** Jump to a diagnostic: its card type and side, caret at its line and column. */
  reveal(d: Diagnostic): void {
    const session = this.session;
    if (!session) return;
    if (d.card_type !== null) session.cardIndex = d.card_type;
    if (d.side) session.side = d.side;
    this.render();
    session.refreshPreview();
    if (d.line !== null) {
      const offset = offsetOf(this.code.value, d.line, d.column ?? 1);
      this.code.focus();
      this.code.setSelectionRange(offset, offset);
    }
  }

  private async cardTypeOp(op: string): Promise<void> {
    const session = this.session;
    if (!session) return;
    const index = session.cardIndex;
    const name = session.draft.tmpls[index].name;
    try {
      if (op === "add") {
        await session.editCardTypes("add", [index]);
        session.cardIndex = session.draft.tmpls.length - 1;
      } else if (op === "rename") {
        const newName = await askText("Rename card type", "New name", name);
        if (newName === null) return;
        await session.editCardTypes("rename", [index, newName]);
      } else if (op === "remove") {
        const answer = await choose(
          `Remove ${name}?`,
          "Its cards are deleted when you save, and the next sync needs a full upload.",
          [{ id: "cancel", label: "Keep it" }, { id: "remove", label: "Remove", danger: true }],
        );
        if (answer !== "remove") return;
        await session.editCardTypes("remove", [index]);
      } else if (op === "left" || op === "right") {
        const to = op === "left" ? index - 1 : index + 1;
        if (to < 0 || to >= session.draft.tmpls.length) return;
        await session.editCardTypes("move", [index, to]);
        session.cardIndex = to;
      } else if (op === "deck") {
        await this.chooseDeck(index);
      } else if (op === "browser") {
        await this.browserAppearance(index);
      }
      this.render();
    } catch (error) {
      await choose("Card types", error instanceof Error ? error.message : String(error), [{ id: "ok", label: "OK", primary: true }]);
    }
  }

  private async chooseDeck(index: number): Promise<void> {
    const session = this.session;
    if (!session) return;
    const decks = await this.bridge.call<{ id: number; name: string }[]>("decks.list");
    const current = session.draft.tmpls[index].did ?? null;
    const currentName = decks.find((d) => d.id === current)?.name ?? "";
    const answer = await askText(
      "Deck override",
      "New cards of this type go to deck (empty: the deck chosen when adding)",
      currentName,
    );
    if (answer === null) return;
    const deck = decks.find((d) => d.name === answer.trim());
    if (answer.trim() && !deck) throw new Error(`there is no deck called "${answer.trim()}"`);
    await session.editCardTypes("deck", [index, deck ? deck.id : null]);
  }

  private async browserAppearance(index: number): Promise<void> {
    const session = this.session;
    if (!session) return;
    const template = session.draft.tmpls[index];
    const question = await askText("Browser appearance", "Question column (empty: the front template)", template.bqfmt ?? "");
    if (question === null) return;
    const answer = await askText("Browser appearance", "Answer column (empty: the back template)", template.bafmt ?? "");
    if (answer === null) return;
    await session.editCardTypes("browser", [index], { question, answer, font: template.bfont ?? "", size: template.bsize ?? 0 });
  }

  // -- preview controls ---------------------------------------------------------------
  private bindPreviewControls(): void {
    const update = () => {
      this.readPreviewControls();
      this.session?.refreshPreview();
      this.canvas.setDevice(byId<HTMLSelectElement>("pv-device").value);
      this.canvas.applyFrameLook();
      void this.canvas.refresh().catch(() => undefined);
    };
    for (const id of ["pv-question", "pv-answer", "pv-night", "pv-mobile", "pv-fill", "pv-device", "pv-cloze"]) {
      byId(id).addEventListener("change", update);
    }
    byId("pv-night").addEventListener("change", () => noteUsage("preview.night_mode"));
    byId("pv-mobile").addEventListener("change", () => noteUsage("preview.mobile"));
  }

  /** Copy the preview controls' state into the session's preview settings. */
  private readPreviewControls(): void {
    const session = this.session;
    if (!session) return;
    const preview = session.preview;
    preview.side = byId<HTMLInputElement>("pv-answer").checked ? "answer" : "question";
    preview.night = byId<HTMLInputElement>("pv-night").checked;
    preview.mobile = byId<HTMLInputElement>("pv-mobile").checked;
    preview.fillEmpty = byId<HTMLInputElement>("pv-fill").checked;
    preview.device = byId<HTMLSelectElement>("pv-device").value as Device;
    preview.clozeNumber = Number(byId<HTMLSelectElement>("pv-cloze").value) || 1;
  }

  /** Show this note in the preview (e.g. the note being edited when opened from it). */
  previewNote(noteId: number): void {
    if (!this.session) return;
    this.session.preview.noteId = noteId;
    void this.notes.reset(this.session.id, noteId);
    this.session.refreshPreview();
  }

  setNightDefault(night: boolean): void {
    byId<HTMLInputElement>("pv-night").checked = night;
    if (this.session) this.session.preview.night = night;
    this.canvas.applyFrameLook();
  }

  syncPreviewControls(): void {
    const session = this.session;
    if (!session) return;
    byId<HTMLInputElement>("pv-answer").checked = session.preview.side === "answer";
    byId<HTMLInputElement>("pv-question").checked = session.preview.side === "question";
    byId<HTMLInputElement>("pv-night").checked = session.preview.night;
  }

  showPreviewResult(result: PreviewResult): void {
    const session = this.session;
    if (!session) return;
    byId("pv-status").textContent = result.isSample
      ? "Showing a sample note (this note type has none)"
      : result.problem
        ? "The template has a problem (shown in the preview)"
        : "";
    const cloze = byId<HTMLSelectElement>("pv-cloze");
    const wanted = result.clozeNumbers.map(String);
    if ([...cloze.options].map((o) => o.value).join() !== wanted.join()) {
      cloze.replaceChildren(...wanted.map((n) => h("option", { value: n }, `Cloze ${n}`)));
      cloze.value = String(session.preview.clozeNumber);
    }
  }
}
