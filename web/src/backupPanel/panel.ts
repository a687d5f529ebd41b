// The Backups panel (Backups… in the top bar): the profile's snapshots newest first, a
// side-by-side preview of what restoring one (all note types or one) would change, the
// restore itself (one undoable Anki step), verify with progress, and the settings
// (location, schedule, passphrase). A new repository's recovery code is shown once.
// Everything is drawn as text (dom.ts's h); nothing from a note type is parsed as HTML.

import { withProgress } from "../progressPolling";
import type { Bridge } from "../bridge";
import { choose } from "../dialogs";
import { byId, h, plural } from "../dom";
import type { ActivityReply, BackupListing, BackupSettings, NotetypeChange, PruneReply, RestoreReply, SnapshotPreset, SnapshotRow, UserDataReply, VerifyProgress, VerifyReply } from "./types";
import { renderActivity } from "./activitySection";
import { renderUserData } from "./userDataSection";
import { errorText, notetypesText, previewSummary, progressFraction, progressText, reasonText, pruneText, restoredText, sizeText, timeText, userDataRestoredText, verifyText } from "./wording";
import { PageDialog } from "../pageDialog";

const PROGRESS_POLL_MS = 200;

export class BackupPanel extends PageDialog {
  private listing: BackupListing | null = null;
  private settings: BackupSettings | null = null;
  private selected: string | null = null;
  private notetypeId: number | null = null;
  /** One card type of the chosen note type, restored alone (null: the whole note type). */
  private cardType: string | null = null;
  private activity: ActivityReply | null = null;
  private activityOpen = false;
  /** Previews asked for so far: only the latest one's reply is shown. */
  private previews = 0;
  private preview: NotetypeChange[] | null = null;
  private presets: SnapshotPreset[] | null = null;
  private recoveryCode: string | null = null;
  private busy = false;
  /** The settings stay open across redraws once the user opened them. */
  private settingsOpen = false;
  private message: { text: string; kind: "info" | "error" } = { text: "", kind: "info" };

  /** `restored` hears the ids of the note types a restore changed. */
  constructor(
    private readonly bridge: Bridge,
    private readonly restored: (ids: number[]) => void = () => undefined,
  ) {
    super();
    byId("backups-open").addEventListener("click", () => void this.open());
  }

  async open(): Promise<void> {
    const dialog = this.showDialog();
    dialog.dataset.state = "loading";
    await this.reload();
    byId("backups-create").focus();
  }

  protected build(): HTMLDialogElement {
    const create = h("button", { type: "button", id: "backups-create", class: "primary", title: "Snapshot every note type now" }, "Back up now");
    create.addEventListener("click", () => void this.create());
    const verify = h("button", { type: "button", id: "backups-verify", title: "Open and check every stored object" }, "Verify");
    verify.addEventListener("click", () => void this.verify());
    const close = h("button", { type: "button", id: "backups-close", "aria-label": "Close backups" }, "Close");
    close.addEventListener("click", () => this.close());
    const dialog = h(
      "dialog",
      { id: "backups-dialog", class: "page-dialog backups-dialog", "aria-labelledby": "backups-title" },
      h("header", { class: "presets-head" }, h("h2", { id: "backups-title" }, "Backups"), h("span", { class: "spacer" }), create, verify, close),
      h("div", { id: "backups-status", class: "plugins-status", role: "status", "aria-live": "polite" }),
      h("div", { id: "backups-body", class: "backups-body" }),
    );
    document.body.append(dialog);
    this.dialog = dialog;
    return dialog;
  }

  private async reload(): Promise<void> {
    try {
      this.settings = await this.bridge.call<BackupSettings>("backups.settings");
      this.listing = await this.bridge.call<BackupListing>("backups.list");
      this.recoveryCode = this.listing.recoveryCode ?? this.recoveryCode;
      if (this.activityOpen) this.activity = await this.bridge.call<ActivityReply>("backups.activity", { limit: 200 });
      if (this.listing.lastError) this.say(`The last automatic backup failed: ${this.listing.lastError}`, "error");
    } catch (error) {
      this.listing = null;
      this.say(errorText("Listing the backups", error), "error");
    }
    this.render();
  }

  private say(text: string, kind: "info" | "error" = "info"): void {
    this.message = { text, kind };
    this.renderStatus(null);
  }

  private renderStatus(progress: VerifyProgress | null): void {
    const status = this.dialog?.querySelector<HTMLElement>("#backups-status");
    if (!status) return;
    const text = progress?.busy ? progressText(progress) : this.message.text;
    const fraction = progress ? progressFraction(progress) : null;
    const bar = progress?.busy ? h("progress", { max: "1", id: "backups-progress", "aria-label": "Verify progress" }) : null;
    if (bar && fraction !== null) bar.value = fraction;
    status.dataset.kind = progress?.busy ? "progress" : this.message.kind;
    status.replaceChildren(...(text ? [h("span", {}, text)] : []), ...(bar ? [bar] : []));
  }

  /** Run one job: the controls are off meanwhile; with `poll` its progress is shown. */
  private async run<T>(action: string, call: () => Promise<T>, poll = false): Promise<T | undefined> {
    this.busy = true;
    this.render();
    try {
      if (!poll) return await call();
      return await withProgress(call, () => this.bridge.call<VerifyProgress>("backups.progress"), (progress) => this.renderStatus(progress), PROGRESS_POLL_MS);
    } catch (error) {
      this.say(errorText(action, error), "error");
      return undefined;
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private async create(): Promise<void> {
    const made = await this.run("Backing up", () => this.bridge.call<SnapshotRow>("backups.create"));
    if (!made) return;
    this.selected = made.id;
    await this.reload();
    this.say(`Backed up ${plural(made.notetypes.length, "note type")} (${sizeText(made.size)} stored).`);
  }

  private async verify(): Promise<void> {
    const report = await this.run("Verifying the backups", () => this.bridge.call<VerifyReply>("backups.verify", { readData: true }), true);
    if (!report) return;
    this.say(verifyText(report), report.ok ? "info" : "error");
    if (report.ok || !report.hasReplica) return;
    const answer = await choose("Repair the backups?", "Damaged or missing files can be copied back from the replica, from whichever side holds a good copy. Then everything is checked again.", [
      { id: "cancel", label: "Not now" },
      { id: "repair", label: "Repair", primary: true },
    ]);
    if (answer !== "repair") return;
    const healed = await this.run("Repairing from the replica", () => this.bridge.call<VerifyReply>("backups.verify", { repair: true }), true);
    if (healed) this.say(verifyText(healed), healed.ok ? "info" : "error");
  }

  private async loadActivity(): Promise<void> {
    this.activityOpen = true;
    const reply = await this.run("Reading the audit trail", () => this.bridge.call<ActivityReply>("backups.activity", { limit: 200 }));
    if (reply) this.activity = reply;
    this.render();
  }

  private async exportActivity(): Promise<void> {
    const reply = await this.run("Exporting the audit trail", () => this.bridge.call<{ path: string | null; entries?: number }>("backups.exportActivity"));
    if (reply?.path) this.say(`${reply.entries ?? 0} audit entries written to ${reply.path}.`);
  }

  /** Show what a prune by the retention would forget, then prune if the user agrees. */
  private async prune(): Promise<void> {
    const dry = await this.run("Working out what to prune", () => this.bridge.call<PruneReply>("backups.prune", { dryRun: true }));
    if (!dry) return;
    if (!dry.forgotten.length) {
      this.say(pruneText(dry));
      return;
    }
    const answer = await choose("Prune the backups?", pruneText(dry), [
      { id: "cancel", label: "Cancel" },
      { id: "prune", label: "Prune", danger: true },
    ]);
    if (answer !== "prune") return;
    const done = await this.run("Pruning", () => this.bridge.call<PruneReply>("backups.prune", { dryRun: false }));
    if (!done) return;
    if (this.selected && done.forgotten.some((s) => s.id === this.selected)) this.selected = null;
    await this.reload();
    this.say(pruneText(done));
  }

  private async select(id: string, notetypeId: number | null, cardType: string | null = null): Promise<void> {
    this.selected = id;
    this.notetypeId = notetypeId;
    this.cardType = notetypeId === null ? null : cardType;
    this.preview = null;
    const params = this.choice(id);
    const asked = ++this.previews;
    const reply = await this.run("Comparing with the collection", () => this.bridge.call<{ notetypes: NotetypeChange[] }>("backups.preview", params));
    if (reply && asked === this.previews) { // a later choice's preview replaces this one
      this.preview = reply.notetypes;
      this.say(previewSummary(reply.notetypes));
      this.render();
    }
    await this.loadPresets(id);
  }

  /** What a preview or restore is asked for: the snapshot, a note type, a card type. */
  private choice(id: string): Record<string, unknown> {
    const params: Record<string, unknown> = { snapshot: id };
    if (this.notetypeId !== null) params.notetypeId = this.notetypeId;
    if (this.notetypeId !== null && this.cardType !== null) params.cardType = this.cardType;
    return params;
  }

  private async loadPresets(id: string): Promise<void> {
    this.presets = null;
    if (!this.listing?.snapshots.find((s) => s.id === id)?.userData) return;
    const reply = await this.run("Reading the snapshot's presets", () => this.bridge.call<{ presets: SnapshotPreset[] }>("backups.presets", { snapshot: id }));
    if (reply && this.selected === id) {
      this.presets = reply.presets;
      this.render();
    }
  }

  /** Put back one preset, or every preset, draft and the settings (`preset` null). */
  private async restoreUserData(preset: SnapshotPreset | null): Promise<void> {
    const id = this.selected;
    if (!id) return;
    const what = preset ? `The preset ${preset.name}` : "Every preset, autosaved draft and the designer's settings";
    const answer = await choose("Restore from backup?", `${what} will be put back as snapshot ${id} has ${preset ? "it" : "them"}. Nothing made since is removed, and what you have now is backed up first.`, [
      { id: "cancel", label: "Cancel" },
      { id: "restore", label: "Restore", primary: true },
    ]);
    if (answer !== "restore") return;
    const params: Record<string, unknown> = { snapshot: id };
    if (preset) params.presetId = preset.id;
    const reply = await this.run("Restoring", () => this.bridge.call<UserDataReply>("backups.restoreUserData", params));
    if (!reply) return;
    await this.reload();
    await this.loadPresets(id);
    this.say(userDataRestoredText(reply, preset?.name ?? null));
  }

  private async restore(): Promise<void> {
    const id = this.selected;
    if (!id || !this.preview) return;
    const names = this.preview.filter((c) => c.action !== "unchanged").map((c) => c.name);
    const changedSince = this.cardType === null && this.preview.some((c) => c.action === "update");
    const answer = await choose(
      "Restore from backup?",
      `${this.cardType !== null ? `The card type ${this.cardType} of ` : ""}${names.join(", ")} will be put back as snapshot ${id} has ${names.length === 1 || this.cardType !== null ? "it" : "them"}. What the collection holds now is backed up first, and Edit → Undo in Anki's main window reverts the restore.`,
      [
        { id: "cancel", label: "Cancel" },
        // A note type changed since can stay: the snapshot's is added beside it.
        ...(changedSince ? [{ id: "both", label: "Keep both" }] : []),
        { id: "restore", label: changedSince ? "Replace with the snapshot's" : "Restore", primary: true },
      ],
    );
    if (answer !== "restore" && answer !== "both") return;
    const params = this.choice(id);
    if (answer === "both") params.keepBoth = true;
    const reply = await this.run("Restoring", () => this.bridge.call<RestoreReply>("backups.restore", params));
    if (!reply) return;
    this.restored(reply.notetypes.filter((n) => n.action !== "unchanged").map((n) => n.id));
    await this.reload();
    await this.select(id, this.notetypeId, this.cardType);
    this.say(restoredText(reply));
  }

  private async saveSettings(form: HTMLFormElement): Promise<void> {
    const value = (name: string): HTMLInputElement => form.elements.namedItem(name) as HTMLInputElement;
    const count = (name: string): number => Math.max(0, Math.floor(Number(value(name).value) || 0));
    const changes = {
      location: value("location").value.trim(),
      replica: value("replica").value.trim(),
      beforeSave: value("beforeSave").checked,
      onProfileClose: value("onProfileClose").checked,
      daily: value("daily").checked,
      pruneDaily: value("pruneDaily").checked,
      retention: { last: count("keepLast"), daily: count("keepDaily"), weekly: count("keepWeekly"), monthly: count("keepMonthly") },
    };
    const saved = await this.run("Saving the backup settings", () => this.bridge.call<BackupSettings>("backups.setSettings", changes));
    if (!saved) return;
    this.settings = saved;
    await this.reload();
    this.say(`Backup settings saved; backups go to ${saved.path}.`);
  }

  private async passphrase(input: HTMLInputElement, method: "backups.setSettings" | "backups.unlock"): Promise<void> {
    const passphrase = input.value;
    input.value = "";
    if (!passphrase) return;
    const action = method === "backups.unlock" ? "Unlocking the backups" : "Setting the passphrase";
    const saved = await this.run(action, () => this.bridge.call<BackupSettings>(method, { passphrase }));
    if (!saved) return;
    this.settings = saved;
    await this.reload();
    this.say(method === "backups.unlock" ? "Backups unlocked for this session." : "Passphrase set. You will be asked for it once per session; the recovery code still works.");
  }

  private render(): void {
    const dialog = this.dialog;
    const body = dialog?.querySelector<HTMLElement>("#backups-body");
    if (!dialog || !body) return;
    this.rememberFocus(dialog);
    body.replaceChildren(
      ...(this.recoveryCode ? [this.renderRecoveryCode(this.recoveryCode)] : []),
      h("div", { class: "backups-columns" }, this.renderList(), this.renderPreview()),
      this.renderSettings(),
      renderActivity(this.activityOpen ? this.activity : null, this.activityOpen, { toggled: (open) => (open ? void this.loadActivity() : (this.activityOpen = false)), exportTrail: () => void this.exportActivity() }),
    );
    for (const control of dialog.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>("button, input, select")) {
      if (control.id !== "backups-close") control.disabled = this.busy || Boolean(control.dataset.off);
    }
    dialog.dataset.state = this.busy ? "busy" : "ready";
    this.renderStatus(null);
    this.restoreFocus(dialog);
  }

  private renderRecoveryCode(code: string): HTMLElement {
    const done = h("button", { type: "button", id: "backups-code-done" }, "I wrote it down");
    done.addEventListener("click", () => {
      this.recoveryCode = null;
      this.render();
      byId("backups-create").focus();
    });
    return h(
      "section",
      { class: "backups-code", id: "backups-code", "aria-labelledby": "backups-code-title" },
      h("h3", { id: "backups-code-title" }, "Your recovery code (shown only now)"),
      h("p", {}, "Write it down and keep it safe. It opens your backups if this computer's key or your passphrase is lost."),
      h("code", { id: "backups-code-text" }, code),
      done,
    );
  }

  private renderList(): HTMLElement {
    const rows = this.listing?.snapshots ?? [];
    const items = rows.map((row) => {
      const pick = h(
        "button",
        { type: "button", class: "backup-row", "data-snapshot": row.id, "data-focus": `snapshot:${row.id}`, "aria-pressed": String(row.id === this.selected) },
        h("span", { class: "backup-time" }, timeText(row.time)),
        h("span", { class: "backup-reason" }, reasonText(row.reason)),
        h("span", { class: "backup-size" }, `${sizeText(row.size)} · ${plural(row.notetypes.length, "note type")}`),
        h("span", { class: "backup-notetypes" }, notetypesText(row.notetypes)),
      );
      pick.addEventListener("click", () => void this.select(row.id, null));
      return h("li", {}, pick);
    });
    return h(
      "section",
      { class: "backups-list", "aria-labelledby": "backups-snapshots" },
      h("h3", { id: "backups-snapshots" }, `Snapshots (${rows.length})`),
      items.length
        ? h("ul", { id: "backups-snapshot-list" }, ...items)
        : h("p", { class: "plugin-note", id: "backups-none" }, "No backups yet. Back up now, or save in the designer: a snapshot is made before your changes."),
      this.listing ? h("p", { class: "plugin-note backups-where" }, `Stored in ${this.listing.location}`) : null,
    );
  }

  private renderPreview(): HTMLElement {
    const section = h("section", { class: "backups-preview", id: "backups-preview", "aria-labelledby": "backups-preview-title" }, h("h3", { id: "backups-preview-title" }, "Restore"));
    const row = this.listing?.snapshots.find((s) => s.id === this.selected);
    if (!row) {
      section.append(h("p", { class: "plugin-note" }, "Pick a snapshot to see what restoring it would change."));
      return section;
    }
    const scope = h("select", { id: "backups-scope", "aria-label": "What to restore" }, h("option", { value: "" }, "All note types"));
    for (const change of this.preview ?? []) {
      if (change.id !== null) scope.append(h("option", { value: String(change.id) }, change.name));
    }
    if (this.notetypeId !== null && !scope.querySelector(`option[value="${this.notetypeId}"]`)) {
      const name = this.preview?.[0]?.name ?? String(this.notetypeId);
      scope.append(h("option", { value: String(this.notetypeId) }, name));
    }
    scope.value = this.notetypeId === null ? "" : String(this.notetypeId);
    scope.addEventListener("change", () => void this.select(row.id, scope.value ? Number(scope.value) : null));
    const changes = (this.preview ?? []).filter((c) => c.action !== "unchanged");
    const cardTypes = this.notetypeId === null ? [] : (this.preview?.[0]?.cardTypes ?? []);
    const part = h("select", { id: "backups-card-type", "aria-label": "Which card type" }, h("option", { value: "" }, "Every card type and the styling"), ...cardTypes.map((name) => h("option", { value: name }, name)));
    part.value = this.cardType ?? "";
    part.addEventListener("change", () => void this.select(row.id, this.notetypeId, part.value || null));
    const label = this.notetypeId === null ? "Restore all…" : this.cardType === null ? "Restore this note type…" : "Restore this card type…";
    const restore = h("button", { type: "button", id: "backups-restore", class: "primary" }, label);
    if (!changes.length) restore.dataset.off = "nothing to restore";
    restore.addEventListener("click", () => void this.restore());
    section.append(h("div", { class: "backups-scope" }, h("span", {}, `${timeText(row.time)} · ${reasonText(row.reason)}`), scope, ...(cardTypes.length > 1 ? [part] : []), restore));
    if (this.preview === null) return section;
    if (!changes.length) section.append(h("p", { class: "plugin-note", id: "backups-same" }, "The collection already matches this snapshot."));
    for (const change of changes) section.append(this.renderChange(change));
    const userData = renderUserData(row, this.presets, { restorePreset: (preset) => void this.restoreUserData(preset), restoreAll: () => void this.restoreUserData(null) });
    if (userData) section.append(userData);
    return section;
  }

  private renderChange(change: NotetypeChange): HTMLElement {
    const files = change.files.map((file) =>
      h(
        "div",
        { class: "backup-file" },
        h("div", { class: "backup-file-path" }, file.path),
        h(
          "div",
          { class: "backup-sides" },
          h("figure", {}, h("figcaption", {}, "Now"), h("pre", { class: "backup-side-current" }, file.current ?? "(none)")),
          h("figure", {}, h("figcaption", {}, "In the snapshot"), h("pre", { class: "backup-side-snapshot" }, file.snapshot ?? "(none)")),
        ),
      ),
    );
    const label = change.action === "add" ? "not in the collection: it will be added" : `${plural(change.files.length, "file")} ${change.files.length === 1 ? "differs" : "differ"}`;
    return h("article", { class: "backup-change", "data-notetype": change.name }, h("h4", {}, change.name, h("span", { class: "plugin-note" }, ` — ${label}`)), ...files);
  }

  private renderSettings(): HTMLElement {
    const s = this.settings;
    const location = h("input", { type: "text", name: "location", id: "backups-location", placeholder: "the Anki profile folder (default)" });
    location.value = s?.location ?? "";
    const box = (name: keyof BackupSettings, text: string): HTMLElement => {
      const input = h("input", { type: "checkbox", name, id: `backups-${name}` });
      input.checked = Boolean(s?.[name]);
      return h("label", { class: "backups-check" }, input, text);
    };
    const replica = h("input", { type: "text", name: "replica", id: "backups-replica", placeholder: "none (another disk or a synced folder)" });
    replica.value = s?.replica ?? "";
    const keep = (name: string, label: string, value: number | undefined): HTMLElement => {
      const input = h("input", { type: "number", name, id: `backups-${name}`, min: "0", max: "10000", step: "1" });
      input.value = String(value ?? 0);
      return h("label", { class: "backups-keep" }, label, input);
    };
    const r = s?.retention;
    const prune = h("button", { type: "button", id: "backups-prune", title: "Forget the snapshots the retention does not keep (you see which first)" }, "Prune now…");
    prune.addEventListener("click", () => void this.prune());
    const save = h("button", { type: "submit", id: "backups-settings-save" }, "Save settings");
    const form = h(
      "form",
      { id: "backups-settings-form", class: "backups-settings-form" },
      h("label", { class: "backups-field" }, "Folder", location),
      h("label", { class: "backups-field" }, "Replica", replica),
      h("fieldset", { class: "backups-schedule" }, h("legend", {}, "Back up automatically"), box("beforeSave", "Before and after each save in the designer"), box("onProfileClose", "When the profile closes"), box("daily", "Once a day")),
      h(
        "fieldset",
        { class: "backups-schedule backups-retention" },
        h("legend", {}, "Keep"),
        keep("keepLast", "the last", r?.last),
        keep("keepDaily", "days", r?.daily),
        keep("keepWeekly", "weeks", r?.weekly),
        keep("keepMonthly", "months", r?.monthly),
        box("pruneDaily", "Prune once a day by these"),
        prune,
      ),
      save,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.saveSettings(form);
    });
    const secret = h("input", { type: "password", id: "backups-passphrase", autocomplete: "new-password", "aria-label": "Backup passphrase", placeholder: "Passphrase (8 characters or more)" });
    const setSecret = h("button", { type: "button", id: "backups-passphrase-set" }, s?.hasPassphrase ? "Change passphrase" : "Set passphrase");
    setSecret.addEventListener("click", () => void this.passphrase(secret, "backups.setSettings"));
    const unlock = h("button", { type: "button", id: "backups-unlock" }, "Unlock");
    unlock.addEventListener("click", () => void this.passphrase(secret, "backups.unlock"));
    const settings = h(
      "details",
      { class: "plugins-section backups-settings", id: "backups-settings" },
      h("summary", {}, "Settings"),
      form,
      h(
        "div",
        { class: "backups-passphrase" },
        h("span", {}, s?.hasPassphrase ? "Protected by your passphrase." : "Protected by this computer's key."),
        secret,
        setSecret,
        s?.hasPassphrase ? unlock : null,
      ),
      s ? h("p", { class: "plugin-note" }, `Backups go to ${s.path}`) : null,
    );
    // Locked (a passphrase, none given yet) or unreadable: the way out is in the settings.
    if (this.listing === null || this.settingsOpen) settings.open = true;
    settings.addEventListener("toggle", () => (this.settingsOpen = settings.open));
    return settings;
  }
}
