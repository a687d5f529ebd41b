// The History panel's remote: "Remote…" (a git address, a user name and a password or token;
// the password goes to Python's secret store and never comes back), "Pull" and "Push". A
// sync merges the remote's history with this profile's; overlapping changes are chosen in
// conflicts.ts and nothing moves until each is; note types it changed are written into the
// collection by Python as one undo step, and the open one is loaded again.

import type { Bridge } from "../bridge";
import { BridgeError } from "../bridge";
import { openModal } from "../dialogs";
import { h } from "../dom";
import { chooseSides, type MergeConflict, type Side } from "./conflicts";

interface RemoteSettings {
  url: string;
  username: string;
  hasPassword: boolean;
}

interface SyncReply {
  remote: string;
  changed: { id: number; name: string | null }[];
  conflicts: MergeConflict[];
  merged: string[];
  pushed: string[];
  keptApart: string[];
}

export interface RemoteHost {
  dirty: () => boolean;
  /** Note types the sync wrote into the collection (the open one is loaded again). */
  changed: (ids: number[]) => void;
  reload: () => Promise<void>;
  say: (text: string) => void;
}

const MAX_ROUNDS = 5;

function failure(what: string, error: unknown): string {
  return `${what} failed: ${error instanceof BridgeError ? error.message : String(error)}`;
}

/** What a finished sync did, in one sentence or two. */
export function syncSummary(reply: SyncReply, push: boolean): string {
  const changed = reply.changed.map((c) => c.name ?? `note type ${c.id}`);
  const parts = [changed.length ? `Updated from ${reply.remote}: ${changed.join(", ")}.` : `Nothing new on ${reply.remote}.`];
  if (push) parts.push(reply.pushed.length ? `Sent ${reply.pushed.length === 1 ? "one branch" : `${reply.pushed.length} branches and labels`}.` : "The remote already had everything.");
  if (reply.keptApart.length) parts.push(`Changed on both sides, left as they are: ${reply.keptApart.map((r) => r.replace(/^refs\/(heads|tags)\//, "")).join(", ")}.`);
  return parts.join(" ");
}

export class RemoteBar {
  readonly element: HTMLElement;
  private settings: RemoteSettings | null = null;
  private busy = false;
  private readonly where: HTMLElement;
  private readonly pull: HTMLButtonElement;
  private readonly push: HTMLButtonElement;

  constructor(private readonly bridge: Bridge, private readonly host: RemoteHost) {
    this.where = h("span", { id: "history-remote-url", class: "history-remote-url" }, "no remote");
    const edit = h("button", { type: "button", id: "history-remote" }, "Remote…");
    edit.addEventListener("click", () => void this.edit());
    this.pull = h("button", { type: "button", id: "history-pull", disabled: "", title: "Merge the remote's history into this profile" }, "Pull");
    this.pull.addEventListener("click", () => void this.sync(false));
    this.push = h("button", { type: "button", id: "history-push", disabled: "", title: "Pull, then send the remote what it lacks" }, "Push");
    this.push.addEventListener("click", () => void this.sync(true));
    this.element = h("div", { class: "history-branches history-remote", role: "toolbar", "aria-label": "Remote" }, h("span", {}, "Remote "), this.where, edit, this.pull, this.push);
  }

  async load(): Promise<void> {
    try {
      this.show(await this.bridge.call<RemoteSettings>("history.remote", {}));
    } catch (error) {
      this.host.say(failure("Reading the remote", error));
    }
  }

  private show(settings: RemoteSettings): void {
    this.settings = settings;
    this.where.textContent = settings.url || "no remote";
    this.where.title = settings.url;
    this.pull.disabled = this.push.disabled = !settings.url || this.busy;
  }

  private edit(): Promise<void> {
    const current = this.settings ?? { url: "", username: "", hasPassword: false };
    const url = h("input", { type: "text", name: "url", id: "remote-url", placeholder: "https://git.example.org/me/designs.git or a folder" });
    url.value = current.url;
    const user = h("input", { type: "text", name: "username", id: "remote-user", autocomplete: "username" });
    user.value = current.username;
    const password = h("input", { type: "password", name: "password", id: "remote-password", autocomplete: "current-password", placeholder: current.hasPassword ? "(kept; type to replace)" : "" });
    const forget = h("input", { type: "checkbox", name: "forget", id: "remote-forget" });
    const ok = h("button", { type: "submit", class: "primary", id: "remote-save" }, "Save");
    const cancel = h("button", { type: "button" }, "Cancel");
    const form = h(
      "form",
      { method: "dialog", class: "remote-form" },
      h("label", {}, "Address (a folder, file://, git://, https:// or ssh://)", url),
      h("label", {}, "User name (HTTPS)", user),
      h("label", {}, "Password or token (kept in the system keyring or encrypted)", password),
      ...(current.hasPassword ? [h("label", { class: "remote-forget" }, forget, " Forget the saved password")] : []),
      h("div", { class: "modal-buttons" }, cancel, ok),
    );
    return new Promise((resolve) => {
      const dialog = openModal([h("h2", {}, "History remote"), form], (result) => {
        const secret = password.value;
        password.value = "";
        if (result !== "ok") return resolve();
        void this.save({ url: url.value, username: user.value, ...(secret ? { password: secret } : {}), ...(forget.checked ? { forgetPassword: true } : {}) }).then(resolve);
      }, "remote-modal");
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        dialog.close("ok");
      });
      cancel.addEventListener("click", () => dialog.close("cancel"));
      url.focus();
    });
  }

  private async save(params: Record<string, unknown>): Promise<void> {
    try {
      this.show(await this.bridge.call<RemoteSettings>("history.setRemote", params));
      this.host.say(this.settings?.url ? `Remote set: ${this.settings.url}` : "No remote.");
    } catch (error) {
      this.host.say(failure("Setting the remote", error));
    }
  }

  private async sync(push: boolean): Promise<void> {
    if (this.busy) return;
    if (this.host.dirty()) {
      this.host.say(`Save or undo your changes first: ${push ? "pushing" : "pulling"} writes the merged note types into the collection.`);
      return;
    }
    this.busy = true;
    this.pull.disabled = this.push.disabled = true;
    let choices: Record<string, Side> = {};
    try {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        this.host.say(`${push ? "Pushing to" : "Pulling from"} ${this.settings?.url ?? "the remote"}…`);
        const reply = await this.bridge.call<SyncReply>("history.sync", { push, choices });
        if (reply.conflicts.length) {
          const count = reply.conflicts.length === 1 ? "one conflict" : `${reply.conflicts.length} conflicts`;
          const picked = await chooseSides(`${push ? "Push" : "Pull"}: ${count}`, reply.conflicts, { ours: "this profile", theirs: "the remote" });
          if (picked === null) {
            this.host.say("Sync cancelled: nothing changed here or on the remote.");
            return;
          }
          choices = { ...choices, ...picked };
          continue;
        }
        this.host.changed(reply.changed.map((c) => c.id));
        await this.host.reload();
        this.host.say(syncSummary(reply, push));
        return;
      }
      this.host.say("The remote kept changing while you chose: try again.");
    } catch (error) {
      this.host.say(failure(push ? "Pushing" : "Pulling", error));
    } finally {
      this.busy = false;
      if (this.settings) this.show(this.settings);
    }
  }
}
