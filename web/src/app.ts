// The designer page's app: pick a note type, edit its card types as code with a live
// preview beside, see located problems, save safely. Python does the work (bridge).

import { noteUsage, startUsageReport } from "./usageReport";
import { Bridge, BridgeError } from "./bridge";
import { choose } from "./dialogs";
import { byId, h } from "./dom";
import { EditorView } from "./editorView";
import { ExportMenu } from "./exportMenu";
import { NoteTypeList } from "./noteTypeList";
import { AlertBadges, PerformancePanel } from "./performance";
import { EditingSession } from "./session";
import { PresetsFeature } from "./presets";
import { PluginsPanel } from "./pluginsPanel/panel";
import { BackupPanel } from "./backupPanel/panel";
import { HistoryPanel } from "./historyPanel/panel";
import { InsightsPanel } from "./insightsPanel/panel";
import { SyncPanel } from "./syncPanel/panel";
import { HelpMenu } from "./helpMenu";
import { MenuButton } from "./menuButton";
import { JsPluginsFeature } from "./jsPlugins";
import { runLater } from "./laterStep";
import type { AlertInfo, NoteTypeDict, NoteTypeSummary, OpenedNoteType, SessionInfo, StartOptions } from "./types";

/** The longest a note type switch holds back the preview and validation for the canvas. */
const CANVAS_FIRST_CAP_MS = 400;

export class DesignerApp {
  private readonly list: NoteTypeList;
  private readonly editor: EditorView;
  private readonly badges = new AlertBadges();
  private readonly performance: PerformancePanel;
  readonly presets: PresetsFeature;
  readonly plugins: PluginsPanel;
  readonly backups: BackupPanel;
  readonly history: HistoryPanel;
  readonly insights: InsightsPanel;
  readonly sync: SyncPanel;
  readonly help: HelpMenu;
  readonly jsPlugins: JsPluginsFeature;
  readonly exportMenu: ExportMenu;
  session: EditingSession | null = null;
  private started = false;
  private night = false;

  constructor(private readonly bridge: Bridge) {
    startUsageReport(bridge);
    for (const [button, event] of [["history-open", "history.opened"], ["backups-open", "backups.opened"], ["plugins-open", "plugins.opened"]] as const) {
      byId(button).addEventListener("click", () => noteUsage(event));
    }
    this.list = new NoteTypeList((id) => void this.open(id));
    this.editor = new EditorView(bridge);
    this.performance = new PerformancePanel(bridge);
    this.presets = new PresetsFeature(bridge, {
      session: () => this.session,
      editor: this.editor,
      status: (message) => (byId("status").textContent = message),
      night: () => this.night,
      changed: () => this.onChanged(),
    });
    this.plugins = new PluginsPanel(bridge);
    this.backups = new BackupPanel(bridge, (ids) => this.afterRestore(ids));
    this.history = new HistoryPanel(bridge, {
      notetypeId: () => this.session?.id ?? null,
      previewChoice: () => {
        const session = this.session;
        const template = session?.draft.tmpls[session.cardIndex];
        return { cardOrd: Number(template?.ord ?? session?.cardIndex ?? 0), side: session?.side === "back" ? "answer" : "question", night: this.night };
      },
      status: (message) => (byId("status").textContent = message),
      dirty: () => this.session?.dirty ?? false,
      synced: (ids) => this.afterRestore(ids),
      restore: (draft, label) => this.applyAndSave(draft, label),
    });
    this.insights = new InsightsPanel(bridge, {
      notetypeId: () => this.session?.id ?? null,
      dirty: () => this.session?.dirty ?? false,
      applyFix: (draft, label) => this.applyAndSave(draft, label),
    });
    this.sync = new SyncPanel(bridge, { synced: () => this.afterRestore(this.session ? [this.session.id] : []) });
    this.help = new HelpMenu(bridge, (message) => (byId("status").textContent = message));
    const tools = byId("tools-menu");
    new MenuButton(byId<HTMLButtonElement>("tools"), tools, [...tools.querySelectorAll<HTMLButtonElement>("button")]);
    this.jsPlugins = new JsPluginsFeature(bridge, {
      canvas: () => this.editor.canvas,
      session: () => this.session,
      status: (message) => (byId("status").textContent = message),
      problemsContainer: () => document.getElementById("cv-blocks"),
    });
    this.exportMenu = new ExportMenu(bridge, { draft: () => this.session?.draft ?? null, status: (message) => (byId("status").textContent = message) });
    bridge.on("metrics.alert", (data) => this.badges.update(data as AlertInfo));
    bridge.on("preview.recovered", (data) => (byId("status").textContent = String((data as { message: string }).message)));
    bridge.on("theme.changed", (data) => this.setNight(Boolean((data as { night: boolean }).night)));
    bridge.on("notetype.select", (data) => {
      const { id, noteId } = data as { id: number; noteId?: number | null };
      void this.open(id, noteId ?? null);
    });
    byId("save").addEventListener("click", () => void this.save());
    document.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void this.save();
      }
    });
  }

  async start(options: StartOptions): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.setNight(Boolean(options.night));
    try {
      // The three first calls travel together: each waits for none of the others.
      const ready = this.bridge.call<SessionInfo>("app.ready");
      const listed = this.bridge.call<NoteTypeSummary[]>("notetypes.list");
      const asked = options.notetypeId ?? null;
      const early = asked !== null ? this.bridge.call<OpenedNoteType>("designer.open", { notetypeId: asked }) : null;
      early?.catch(() => undefined); // its error, if any, is met again by open()
      const [info, list] = await Promise.all([ready, listed]);
      this.showSession(info);
      for (const alert of info.alerts ?? []) this.badges.update(alert);
      if (info.developerMode) this.performance.enable();
      this.list.set(list);
      const wanted = options.notetypeId ?? info.notetypeId ?? this.list.items[0]?.id;
      this.recovered = options.recovered ?? null;
      if (wanted !== undefined && wanted !== null) await this.open(wanted, options.noteId ?? info.noteId, wanted === asked ? early : null);
      if (this.recovered) byId("status").textContent = this.recovered.replace(/; your unsaved.*$/, "; nothing unsaved was lost.");
      this.recovered = null;
      document.body.dataset.state = "ready";
      void this.presets.ready().catch(() => undefined);
      void this.jsPlugins.start();
    } catch (error) {
      this.showError(error);
      document.body.dataset.state = "error";
    }
  }

  /** A page loaded ahead of time (gui/warm_page.py): start GrapesJS now, so that opening
   *  a note type later only builds its components. No bridge call: the page has no
   *  bridge until a dialog adopts it and starts the app. */
  prewarm(): void {
    if (!this.started) this.editor.canvas.ensureEditor();
  }

  setNight(night: boolean): void {
    this.night = night;
    document.documentElement.classList.toggle("night", night);
    this.editor.setNightDefault(night);
    this.session?.refreshPreview();
  }

  private opening = 0;

  /** Open a note type for editing; asks first if the current one has unsaved changes.
   *  Errors are shown in the status line; of overlapping requests the latest wins. */
  async open(id: number, noteId: number | null = null, opening: Promise<OpenedNoteType> | null = null, reload = false): Promise<void> {
    const ticket = ++this.opening;
    try {
      await this.openNow(id, noteId, ticket, opening, reload);
    } catch (error) {
      byId("status").textContent = `Could not open the note type: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** `opening`: designer.open already asked for `id` (at start, before anything was open). */
  private async openNow(id: number, noteId: number | null, ticket: number, opening: Promise<OpenedNoteType> | null, reload = false): Promise<void> {
    if (this.session?.id === id && !reload) {
      if (noteId !== null) this.editor.previewNote(noteId);
      return;
    }
    if (this.session?.dirty) {
      const answer = await choose(
        "Unsaved changes",
        `Leave ${this.session.draft.name} without saving? Your changes stay in the autosaved draft until you discard them.`,
        [
          { id: "cancel", label: "Stay" },
          { id: "leave", label: "Leave", primary: true },
        ],
      );
      if (answer !== "leave") {
        this.list.mark(this.session.id);
        return;
      }
      await this.session.flushDraft(); // "stays in the autosaved draft" must be true
    }
    const opened = await (opening ?? this.bridge.call<OpenedNoteType>("designer.open", { notetypeId: id }));
    if (ticket !== this.opening) return; // a newer open request replaced this one
    const switching = this.session !== null;
    if (switching) noteUsage("notetype.switched");
    this.session?.close();
    // The newly opened note type starts clean: closing must not discard the old draft.
    // Not waited for: Python handles the page's calls in the order they are sent.
    void this.bridge.call("designer.setDirty", { dirty: false, notetypeId: id }).catch(() => undefined);
    const session = new EditingSession(this.bridge, opened, {
      changed: () => this.onChanged(),
      diagnostics: (list, stale) => this.editor.renderDiagnostics(list, stale),
      previewed: (result) => this.editor.showPreviewResult(result),
      previewFailed: (message) => (byId("pv-status").textContent = `Preview failed: ${message}`),
      autosaved: () => (byId("status").textContent = "Draft autosaved"),
      autosaveFailed: (message) => (byId("status").textContent = `Autosave failed: ${message}`),
    });
    session.preview.night = this.night;
    session.preview.noteId = noteId;
    this.session = session;
    this.list.mark(id);
    byId("editor").hidden = false;
    byId("empty").hidden = true;
    this.editor.attach(session);
    this.editor.setNightDefault(this.night);
    this.onChanged();
    // A switch from another note type shows the canvas first: Python answers the page's
    // calls in order, so the preview's render and validation would otherwise come before
    // the canvas's field displays (and the preview's fresh page competes for the cores).
    // Once shown, the canvas paints and takes input before they start (laterStep.ts):
    // sending a big draft to Python holds the page ~10 ms a call.
    const afterCanvas = (): void => {
      if (this.session !== session) return;
      session.refresh();
      void this.presets.opened().catch(() => undefined);
      this.jsPlugins.opened();
    };
    if (!switching) afterCanvas();
    else void this.editor.canvas.whenShowing(session, CANVAS_FIRST_CAP_MS).then(() => runLater(afterCanvas, true));
    if (opened.restorableDraft) void this.offerRestore(opened);
  }

  /** A whole note type from a panel (a past version, a fix) into the draft as one undo
   *  step in the page, then one undoable save in Anki, committed like every save. */
  private async applyAndSave(draft: NoteTypeDict, label: string): Promise<void> {
    this.session?.applyDraft(draft, label);
    this.editor.render();
    this.onChanged();
    await this.save();
  }

  /** A backup was restored: the open note type, if restored and without unsaved edits, is
   *  loaded again (its edits would otherwise meet a conflict question on the next save). */
  private afterRestore(ids: number[]): void {
    const session = this.session;
    if (session && ids.includes(session.id) && !session.dirty) void this.open(session.id, null, null, true);
  }

  /** The message of a recovery in progress (see StartOptions.recovered). */
  private recovered: string | null = null;

  private async offerRestore(opened: OpenedNoteType): Promise<void> {
    const draft = opened.restorableDraft;
    if (!draft || !this.session) return;
    if (this.recovered) {
      this.session.replaceDraft(draft.notetype);
      this.editor.render();
      byId("status").textContent = this.recovered;
      this.recovered = null;
      return;
    }
    const when = new Date(draft.savedAt * 1000).toLocaleString();
    const note = draft.baseChanged
      ? " The note type has changed since then; restoring and saving will overwrite that change."
      : "";
    const answer = await choose(
      "Restore unsaved changes?",
      `Changes to ${opened.notetype.name} from ${when} were never saved.${note}`,
      [
        { id: "discard", label: "Discard them", danger: true },
        { id: "restore", label: "Restore", primary: true },
      ],
    );
    if (answer === "restore") {
      this.session.replaceDraft(draft.notetype);
      this.editor.render();
    } else if (answer === "discard") {
      await this.session.discardDraft();
    }
  }

  private onChanged(): void {
    const session = this.session;
    if (!session) return;
    const dirty = session.dirty;
    byId("notetype-title").textContent = `${session.draft.name}${dirty ? " •" : ""}`;
    byId<HTMLButtonElement>("save").disabled = !dirty || session.saving;
    document.body.dataset.dirty = String(dirty);
  }

  /** Save, handling Anki's refusal, full-sync confirmation and edits made elsewhere. */
  async save(force = false, confirmedFullSync = false): Promise<void> {
    const session = this.session;
    if (!session || session.saving || (!session.dirty && !force)) return;
    byId("status").textContent = "Saving…";
    byId<HTMLButtonElement>("save").disabled = true;
    let outcome;
    try {
      outcome = await session.save({ force, confirmedFullSync });
    } catch (error) {
      byId("status").textContent = `Not saved: ${error instanceof Error ? error.message : String(error)}`;
      document.body.dataset.lastSave = "failed";
      this.onChanged();
      return;
    }
    this.onChanged();
    if (outcome.kind === "saved") {
      byId("status").textContent = `Saved ${new Date().toLocaleTimeString()}`;
      document.body.dataset.lastSave = "saved";
      this.list.set(await this.bridge.call<NoteTypeSummary[]>("notetypes.list"));
      this.list.mark(session.id);
      return;
    }
    byId("status").textContent = "Not saved";
    document.body.dataset.lastSave = outcome.kind;
    if (outcome.kind === "needsConfirmation") {
      const answer = await choose("Full sync needed", outcome.message, [
        { id: "cancel", label: "Cancel" },
        { id: "save", label: "Save anyway", primary: true },
      ]);
      if (answer === "save") await this.save(force, true);
    } else if (outcome.kind === "conflict") {
      const answer = await choose("Changed elsewhere", outcome.message, [
        { id: "cancel", label: "Cancel" },
        { id: "reload", label: "Reload theirs (lose mine)", danger: true },
        { id: "keep", label: "Keep mine (overwrite)", primary: true },
      ]);
      if (answer === "keep") await this.save(true, confirmedFullSync);
      else if (answer === "reload") await this.reload();
    } else {
      this.editor.renderDiagnostics(outcome.diagnostics);
      if (outcome.diagnostics[0]) this.editor.reveal(outcome.diagnostics[0]);
    }
  }

  private async reload(): Promise<void> {
    const session = this.session;
    if (!session) return;
    await session.discardDraft();
    session.close();
    this.session = null;
    await this.open(session.id);
  }

  private showSession(info: SessionInfo): void {
    byId("status").textContent = `${info.addon.name} ${info.addon.version} · connected to Anki`;
    this.help.diagnostics.setVersions(`${info.addon.name} ${info.addon.version}`, info.ankiVersion);
    const problems = byId("problems");
    problems.replaceChildren(
      ...info.configProblems.map((problem) => h("li", {}, `Config: ${problem} — using the default.`)),
    );
    problems.hidden = info.configProblems.length === 0;
  }

  private showError(error: unknown): void {
    const message = error instanceof BridgeError ? `${error.message} (${error.code})` : String(error);
    byId("status").textContent = "Not connected";
    byId("empty").hidden = false;
    byId("empty").replaceChildren(h("div", { class: "error", role: "alert" }, `The designer could not load: ${message}`));
  }
}
