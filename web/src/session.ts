// One note type being edited: the draft, what changed, and the calls that keep Python's
// preview, validation, autosave and save in step with it. No DOM here.

import { Bridge, BridgeError } from "./bridge";
import { History, type DocTexts, type Selection } from "./history";
import { Debounced, LatestOnly } from "./scheduler";
import { docTextsFor } from "./presets/applyPlan";
import type {
  Diagnostic,
  EditorSide,
  NoteTypeDict,
  OpenedNoteType,
  PreviewResult,
  PreviewSettings,
  SchemaChanges,
} from "./types";

export const CLOZE = 1;

export type SaveOutcome =
  | { kind: "saved" }
  | { kind: "conflict"; message: string }
  | { kind: "needsConfirmation"; message: string; changes: SchemaChanges }
  | { kind: "refused"; message: string; diagnostics: Diagnostic[] };

export interface SessionEvents {
  changed(): void;
  /** `stale` says why the list may be out of date (a check timed out or failed). */
  diagnostics(list: Diagnostic[], stale: string | null): void;
  previewed(result: PreviewResult): void;
  previewFailed(message: string): void;
  autosaved(at: number): void;
  autosaveFailed(message: string): void;
}

/** A template side's document key ("c<card index>.front" / ".back"); null for "css". */
export function parseDocKey(key: string): { cardIndex: number; side: "front" | "back" } | null {
  const match = /^c(\d+)\.(front|back)$/.exec(key);
  return match ? { cardIndex: Number(match[1]), side: match[2] as "front" | "back" } : null;
}

export class EditingSession {
  draft: NoteTypeDict;
  fingerprint: string;
  saved: NoteTypeDict;
  cardIndex = 0;
  side: EditorSide = "front";
  diagnostics: Diagnostic[] = [];
  readonly preview: PreviewSettings = {
    side: "question",
    night: false,
    mobile: false,
    device: "desktop",
    noteId: null,
    clozeNumber: 1,
    fillEmpty: false,
  };
  private readonly previewRuns: LatestOnly;
  private readonly validation: Debounced;
  private readonly autosave: Debounced;
  private closed = false;
  /** Undo history of every text edit (canvas, code view, styles). */
  readonly history = new History();

  constructor(
    private readonly bridge: Bridge,
    opened: OpenedNoteType,
    private readonly events: SessionEvents,
  ) {
    this.draft = structuredClone(opened.notetype);
    this.saved = structuredClone(opened.notetype);
    this.fingerprint = opened.fingerprint;
    this.previewRuns = new LatestOnly(() => this.runPreview());
    this.validation = new Debounced(() => void this.validate(), 300);
    this.autosave = new Debounced(() => void this.saveDraft().catch((error) => this.reportAutosave(error)), 1500);
  }

  get id(): number {
    return this.draft.id;
  }

  get isCloze(): boolean {
    return this.draft.type === CLOZE;
  }

  get dirty(): boolean {
    return JSON.stringify(this.draft) !== JSON.stringify(this.saved);
  }

  get text(): string {
    if (this.side === "css") return this.draft.css;
    const template = this.draft.tmpls[this.cardIndex];
    return this.side === "front" ? template.qfmt : template.afmt;
  }

  /** Key of the document being edited: "c<card index>.front", "c<index>.back" or "css". */
  get docKey(): string {
    return this.side === "css" ? "css" : `c${this.cardIndex}.${this.side}`;
  }

  /** Text of a document by key (see `docKey`). */
  docText(key: string): string {
    if (key === "css") return this.draft.css;
    const doc = parseDocKey(key);
    const template = doc ? this.draft.tmpls[doc.cardIndex] : undefined;
    if (!doc || !template) throw new Error(`no document ${key} in ${this.draft.name}`);
    return doc.side === "front" ? template.qfmt : template.afmt;
  }

  private writeDoc(key: string, text: string): void {
    if (key === "css") {
      this.draft.css = text;
      return;
    }
    const doc = parseDocKey(key);
    const template = doc ? this.draft.tmpls[doc.cardIndex] : undefined;
    if (!doc || !template) throw new Error(`no document ${key} in ${this.draft.name}`);
    if (doc.side === "front") template.qfmt = text;
    else template.afmt = text;
  }

  /** Typing in code view: one coalesced history entry per pause. */
  setText(text: string): void {
    const key = this.docKey;
    const before = this.text;
    if (text === before) return;
    this.writeDoc(key, text);
    this.history.record({
      label: "Edit code",
      coalesce: `code:${key}`,
      before: { [key]: before },
      after: { [key]: text },
      selectBefore: null,
      selectAfter: null,
    });
    this.afterEdit();
  }

  /** A canvas or style edit: new texts for some documents, recorded as one undo step. */
  applyDocTexts(texts: DocTexts, label: string, selectBefore: Selection | null, selectAfter: Selection | null): void {
    const before: DocTexts = {};
    const after: DocTexts = {};
    for (const [key, text] of Object.entries(texts)) {
      const old = this.docText(key);
      if (old === text) continue;
      before[key] = old;
      after[key] = text;
    }
    if (Object.keys(after).length === 0) return;
    for (const [key, text] of Object.entries(after)) this.writeDoc(key, text);
    this.history.record({ label, before, after, selectBefore, selectAfter });
    this.afterEdit();
  }

  /** Undo (or redo) the last step; returns the selection to restore, or undefined if none. */
  stepHistory(direction: "undo" | "redo"): { select: Selection | null; docs: string[] } | undefined {
    const entry = direction === "undo" ? this.history.undo() : this.history.redo();
    if (!entry) return undefined;
    const texts = direction === "undo" ? entry.before : entry.after;
    for (const [key, text] of Object.entries(texts)) this.writeDoc(key, text);
    this.afterEdit();
    return { select: direction === "undo" ? entry.selectBefore : entry.selectAfter, docs: Object.keys(texts) };
  }

  /** A whole new draft (a preset applied): when only template texts and the CSS differ,
   *  they go in as ONE undo step (undo gives the old bytes back); when card types or
   *  anything else changed, the draft is replaced (the undo history is cleared, and the
   *  save asks first if the change needs a full sync). */
  applyDraft(draft: NoteTypeDict, label: string): "texts" | "replaced" | "unchanged" {
    const texts = docTextsFor(this.draft, draft);
    if (texts === null) {
      this.replaceDraft(structuredClone(draft));
      return "replaced";
    }
    if (Object.keys(texts).length === 0) return "unchanged";
    this.applyDocTexts(texts, label, null, null);
    return "texts";
  }

  replaceDraft(draft: NoteTypeDict): void {
    this.draft = draft;
    this.cardIndex = Math.min(this.cardIndex, draft.tmpls.length - 1);
    this.history.clear(); // card types changed shape: old entries name documents that moved
    this.afterEdit();
  }

  private afterEdit(): void {
    const dirty = this.dirty;
    void this.bridge.call("designer.setDirty", { dirty, notetypeId: this.id }).catch(() => undefined);
    this.events.changed();
    this.refresh();
    if (dirty) this.autosave.request();
  }

  /** Re-render the preview and re-validate (after edits and option changes). */
  refresh(): void {
    this.previewRuns.request();
    this.validation.request();
  }

  refreshPreview(): void {
    this.previewRuns.request();
  }

  private async runPreview(): Promise<void> {
    if (this.closed) return;
    const options = {
      cardOrd: this.isCloze ? this.preview.clozeNumber - 1 : this.cardIndex,
      side: this.preview.side,
      night: this.preview.night,
      mobile: this.preview.mobile,
      device: this.preview.device,
      noteId: this.preview.noteId,
      fillEmpty: this.preview.fillEmpty,
    };
    performance.mark("atd:preview-request");
    try {
      const result = await this.bridge.call<PreviewResult>("preview.render", { draft: this.draft, options });
      if (!this.closed) this.events.previewed(result);
    } catch (error) {
      if (!this.closed) this.events.previewFailed(error instanceof Error ? error.message : String(error));
    }
  }

  /** Re-check the draft; a newer check supersedes this one, a slow one keeps the last. */
  async validate(): Promise<Diagnostic[]> {
    if (this.closed) return this.diagnostics;
    try {
      const found = await this.bridge.call<Diagnostic[]>("designer.validate", { draft: this.draft });
      if (this.closed) return this.diagnostics;
      this.diagnostics = found;
      this.events.diagnostics(this.diagnostics, null);
    } catch (error) {
      if (this.closed || (error instanceof BridgeError && error.code === "superseded")) return this.diagnostics;
      const message = error instanceof Error ? error.message : String(error);
      this.events.diagnostics(this.diagnostics, message);
    }
    return this.diagnostics;
  }

  private reportAutosave(error: unknown): void {
    if (!this.closed) this.events.autosaveFailed(error instanceof Error ? error.message : String(error));
  }

  private async saveDraft(): Promise<void> {
    if (this.closed || !this.dirty) return;
    const result = await this.bridge.call<{ savedAt: number }>("drafts.save", {
      draft: this.draft,
      fingerprint: this.fingerprint,
    });
    this.events.autosaved(result.savedAt);
  }

  async editCardTypes(op: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): Promise<SchemaChanges> {
    const result = await this.bridge.call<{ draft: NoteTypeDict; schemaChanges: SchemaChanges }>(
      "designer.editCardTypes",
      { draft: this.draft, op, args, kwargs },
    );
    this.replaceDraft(result.draft);
    return result.schemaChanges;
  }

  /** True while a save is on its way; a second save waits for the first. */
  saving = false;

  async save(options: { force?: boolean; confirmedFullSync?: boolean } = {}): Promise<SaveOutcome> {
    // What is saved is this snapshot: edits typed while the save runs stay unsaved.
    const snapshot = structuredClone(this.draft);
    this.saving = true;
    try {
      const result = await this.bridge.call<{ fingerprint: string }>("designer.save", {
        draft: snapshot,
        fingerprint: this.fingerprint,
        force: options.force ?? false,
        confirmedFullSync: options.confirmedFullSync ?? false,
      });
      this.fingerprint = result.fingerprint;
      this.saved = snapshot;
      const dirty = this.dirty;
      void this.bridge.call("designer.setDirty", { dirty, notetypeId: this.id }).catch(() => undefined);
      if (dirty) this.autosave.request();
      this.events.changed();
      return { kind: "saved" };
    } catch (error) {
      if (!(error instanceof BridgeError)) throw error;
      if (error.code === "conflict") return { kind: "conflict", message: error.message };
      if (error.code === "needs_confirmation") {
        return { kind: "needsConfirmation", message: error.message, changes: error.details as SchemaChanges };
      }
      if (error.code === "invalid_params") {
        return { kind: "refused", message: error.message, diagnostics: (error.details as Diagnostic[]) ?? [] };
      }
      throw error;
    } finally {
      this.saving = false;
    }
  }

  /** Write the pending autosave now (before leaving this note type). */
  async flushDraft(): Promise<void> {
    if (this.autosave.pending) {
      this.autosave.cancel();
      await this.saveDraft();
    }
  }

  async discardDraft(): Promise<void> {
    this.autosave.cancel();
    await this.bridge.call("drafts.discard", { notetypeId: this.id });
  }

  close(): void {
    this.closed = true;
    this.validation.cancel();
    this.autosave.cancel();
  }
}
