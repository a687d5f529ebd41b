// The Sync panel (the sync state button in the top bar): where the user's designs sync to
// (a folder, WebDAV or S3 address and its secrets, which go to the secret store and never
// come back), the state, what waits in the outbox, conflicts with a choice for each run
// (keep mine, take theirs, newer wins), Sync now, and the last runs. The top bar button
// shows the state, refreshed every few seconds while the designer is open. Text only.

import type { Bridge } from "../bridge";
import { BridgeError } from "../bridge";
import { byId, h, plural } from "../dom";
import { PageDialog } from "../pageDialog";
import type { SyncStatusReply } from "./types";
import { runText, stateLine, topBarText } from "./wording";

const POLL_MS = 5000;
const SECRET_FIELDS: [id: string, param: string, label: string][] = [
  ["sync-passphrase", "passphrase", "Repository passphrase"],
  ["sync-s3-key-id", "s3AccessKeyId", "S3 access key id"],
  ["sync-s3-secret", "s3SecretAccessKey", "S3 secret access key"],
  ["sync-webdav-user", "webdavUser", "WebDAV user"],
  ["sync-webdav-password", "webdavPassword", "WebDAV password"],
];

function errorText(what: string, error: unknown): string {
  const message = error instanceof BridgeError || error instanceof Error ? error.message : String(error);
  return `${what} failed: ${message}`;
}

export interface SyncHost {
  /** Note types a run changed here may be open: load them again when not edited. */
  synced(): void;
}

export class SyncPanel extends PageDialog {
  private status: SyncStatusReply | null = null;
  private recoveryCode: string | null = null;
  private busy = false;
  private message: { text: string; kind: "info" | "error" } = { text: "", kind: "info" };
  private readonly button = byId("sync-open");

  constructor(
    private readonly bridge: Bridge,
    private readonly host: SyncHost,
  ) {
    super();
    this.button.addEventListener("click", () => void this.open());
    void this.poll();
    window.setInterval(() => {
      if (!document.hidden) void this.poll();
    }, POLL_MS);
  }

  async open(): Promise<void> {
    const dialog = this.showDialog();
    dialog.dataset.state = "loading";
    await this.poll();
    dialog.dataset.state = "ready";
    dialog.querySelector<HTMLElement>(this.status?.settings.configured ? "#sync-now" : "#sync-remote")?.focus();
  }

  private async poll(): Promise<void> {
    try {
      this.take(await this.bridge.call<SyncStatusReply>("sync.status", {}));
    } catch {
      this.button.textContent = "Sync: ?";
    }
  }

  private take(status: SyncStatusReply): void {
    this.status = status;
    if (status.recoveryCode) this.recoveryCode = status.recoveryCode;
    this.button.textContent = topBarText(status);
    this.button.dataset.state = status.settings.configured ? status.state : "off";
    if (this.isOpen) this.render();
  }

  protected build(): HTMLDialogElement {
    const close = h("button", { type: "button", id: "sync-close", "aria-label": "Close sync" }, "Close");
    close.addEventListener("click", () => this.close());
    const dialog = h(
      "dialog",
      { id: "sync-dialog", class: "page-dialog sync-dialog", "aria-labelledby": "sync-title" },
      h("header", { class: "presets-head" }, h("h2", { id: "sync-title" }, "Sync"), h("span", { class: "spacer" }), close),
      h("div", { id: "sync-status", class: "plugins-status", role: "status", "aria-live": "polite" }),
      h("div", { id: "sync-body", class: "sync-body" }),
    );
    document.body.append(dialog);
    this.dialog = dialog;
    return dialog;
  }

  private say(text: string, kind: "info" | "error" = "info"): void {
    this.message = { text, kind };
    if (this.isOpen) this.render();
  }

  private render(): void {
    const dialog = this.dialog;
    const status = this.status;
    if (!dialog || !status) return;
    this.rememberFocus(dialog);
    const line = dialog.querySelector<HTMLElement>("#sync-status")!;
    line.dataset.kind = this.message.kind;
    line.textContent = this.message.text;
    const body = dialog.querySelector<HTMLElement>("#sync-body")!;
    body.replaceChildren(
      h("p", { id: "sync-state", class: "sync-state", "data-state": status.state }, stateLine(status)),
      ...(this.recoveryCode ? [this.recoveryPart(this.recoveryCode)] : []),
      ...(status.settings.configured ? [this.actions(status)] : []),
      ...(status.conflicts.length ? [this.conflicts(status)] : []),
      this.settingsForm(status),
      this.runs(status),
    );
    this.restoreFocus(dialog);
  }

  private recoveryPart(code: string): HTMLElement {
    const done = h("button", { type: "button", id: "sync-recovery-done" }, "I have written it down");
    done.addEventListener("click", () => {
      this.recoveryCode = null;
      this.render();
    });
    return h("div", { class: "sync-recovery", role: "note" }, h("p", {}, "A new sync repository was made. Its recovery code opens it if the passphrase is lost; it is shown only now:"), h("code", { id: "sync-recovery-code" }, code), done);
  }

  private actions(status: SyncStatusReply): HTMLElement {
    const now = h("button", { type: "button", id: "sync-now", class: "primary", ...(this.busy ? { disabled: "" } : {}) }, "Sync now");
    now.addEventListener("click", () => void this.run("sync.now", {}, "Sync"));
    const waiting = status.queue.length ? plural(status.queue.length, "note type") + " waiting" : "Nothing waiting";
    return h("div", { class: "sync-actions" }, now, h("span", { class: "muted" }, waiting));
  }

  private conflicts(status: SyncStatusReply): HTMLElement {
    const choice = (id: string, value: string, label: string, title: string): HTMLElement => {
      const button = h("button", { type: "button", id, title, ...(this.busy ? { disabled: "" } : {}) }, label);
      button.addEventListener("click", () => void this.run("sync.resolve", { choice: value }, "Resolving"));
      return button;
    };
    return h(
      "section",
      { class: "sync-conflicts" },
      h("h3", {}, `Conflicts (${status.conflicts.length})`),
      h("p", { class: "muted" }, "These were changed here and on another computer in the same place. Until you choose, neither side is overwritten."),
      h("ul", { class: "insights-list" }, ...status.conflicts.map((c) => h("li", { "data-notetype": c.notetype }, h("strong", {}, c.name), h("span", { class: "muted" }, c.key)))),
      h(
        "div",
        { class: "sync-actions" },
        choice("sync-keep-mine", "ours", "Keep mine", "Keep this computer's version of each conflict"),
        choice("sync-take-theirs", "theirs", "Take theirs", "Take the other computer's version of each conflict"),
        choice("sync-newer", "newer", "Newer wins", "Keep whichever side changed last"),
      ),
    );
  }

  private settingsForm(status: SyncStatusReply): HTMLElement {
    const settings = status.settings;
    const input = (id: string, label: string, value: string, attrs: Record<string, string> = {}): HTMLElement =>
      h("label", { class: "sync-field" }, h("span", {}, label), h("input", { id, value, autocomplete: "off", spellcheck: "false", ...attrs }));
    const secret = ([id, param, label]: [string, string, string]): HTMLElement =>
      input(id, label, "", { type: "password", placeholder: settings.secretsSet.includes(param) ? "set (leave empty to keep)" : "not set" });
    const save = h("button", { type: "button", id: "sync-save", ...(this.busy ? { disabled: "" } : {}) }, settings.configured ? "Save settings" : "Turn on sync");
    save.addEventListener("click", () => void this.configure());
    return h(
      "details",
      { class: "sync-settings", ...(settings.configured ? {} : { open: "" }) },
      h("summary", {}, "Where to sync"),
      h("p", { class: "muted" }, "A folder (file:///… — a Dropbox, OneDrive, iCloud or Syncthing folder works), WebDAV (webdav://host/path or webdavs://) or S3 (s3://bucket/prefix). Everything is encrypted with your passphrase before it leaves this computer."),
      input("sync-remote", "Address", settings.remote, { placeholder: "file:///home/me/Dropbox/anki-designs" }),
      input("sync-s3-endpoint", "S3 endpoint (not AWS)", settings.s3Endpoint, { placeholder: "https://s3.example.com" }),
      input("sync-s3-region", "S3 region", settings.s3Region, { placeholder: "us-east-1" }),
      ...SECRET_FIELDS.map(secret),
      save,
    );
  }

  private runs(status: SyncStatusReply): HTMLElement {
    const runs = status.lastRuns;
    return h(
      "details",
      { class: "sync-runs" },
      h("summary", {}, `Last runs (${runs.length})`),
      runs.length ? h("ul", { class: "insights-list" }, ...runs.map((run) => h("li", { "data-outcome": run.outcome }, runText(run)))) : h("p", { class: "muted" }, "No sync has run yet."),
    );
  }

  private field(id: string): string {
    return (this.dialog?.querySelector<HTMLInputElement>(`#${id}`)?.value ?? "").trim();
  }

  private async configure(): Promise<void> {
    const params: Record<string, string> = { remote: this.field("sync-remote"), s3Endpoint: this.field("sync-s3-endpoint"), s3Region: this.field("sync-s3-region") };
    for (const [id, param] of SECRET_FIELDS) {
      const value = this.dialog?.querySelector<HTMLInputElement>(`#${id}`)?.value ?? "";
      if (value) params[param] = value;
    }
    if (!params.remote) {
      this.say("Enter where to sync to first", "error");
      return;
    }
    this.busy = true;
    try {
      await this.bridge.call("sync.configure", params);
      this.message = { text: "Sync settings saved", kind: "info" };
    } catch (error) {
      this.message = { text: errorText("Saving the settings", error), kind: "error" };
    }
    this.busy = false;
    await this.poll();
    this.render();
  }

  private async run(method: string, params: Record<string, unknown>, what: string): Promise<void> {
    this.busy = true;
    this.say(`${what}…`);
    try {
      const status = await this.bridge.call<SyncStatusReply>(method, params);
      this.busy = false;
      this.message = status.state === "error" ? { text: errorText(what, new Error(status.message)), kind: "error" } : { text: "", kind: "info" };
      this.take(status);
      const last = status.lastRuns[0];
      if (last && last.pulled + last.deleted > 0) this.host.synced();
    } catch (error) {
      this.busy = false;
      this.say(errorText(what, error), "error");
    }
  }
}
