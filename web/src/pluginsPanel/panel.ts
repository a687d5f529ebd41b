// The Plugins panel (Plugins… in the top bar): every plugin with its state, problems and
// permissions, an on/off switch each, install from a .atdplugin file (the host's file
// dialog picks it) or from a signed marketplace index (with its download progress),
// update and uninstall. Replies carry the new plugin list, which is redrawn from scratch.

import { withProgress } from "../progressPolling";
import type { Bridge } from "../bridge";
import { BridgeError } from "../bridge";
import { choose } from "../dialogs";
import { byId, h } from "../dom";
import { indexBlocker, renderIndexForm, renderOffers } from "./indexSection";
import { renderPluginRow } from "./pluginRow";
import type { IndexOffer, IndexReply, InstallProgressInfo, InstallReply, PluginListing, PluginRow } from "./types";
import { afterInstall, errorText, progressFraction, progressText, updatesFor } from "./wording";
import { PageDialog } from "../pageDialog";

const PROGRESS_POLL_MS = 250;

export class PluginsPanel extends PageDialog {
  private listing: PluginListing | null = null;
  private index: IndexReply | null = null;
  private indexUrl = "";
  private busy = false;
  private message: { text: string; kind: "info" | "error" } = { text: "", kind: "info" };
  /** The control that had the keyboard focus before a redraw (its id or data-focus key);
   *  kept while it is disabled (a change in flight) and focused again once it is back. */

  constructor(private readonly bridge: Bridge) {
    super();
    byId("plugins-open").addEventListener("click", () => void this.open());
  }

  async open(): Promise<void> {
    const dialog = this.showDialog();
    dialog.dataset.state = "loading";
    await this.reload();
    byId("plugins-install-file").focus();
  }

  protected build(): HTMLDialogElement {
    const install = h("button", { type: "button", id: "plugins-install-file", class: "primary", title: "Install a .atdplugin file" }, "Install from file…");
    install.addEventListener("click", () => void this.installFile());
    const close = h("button", { type: "button", id: "plugins-close", "aria-label": "Close plugins" }, "Close");
    close.addEventListener("click", () => this.close());
    const dialog = h(
      "dialog",
      { id: "plugins-dialog", class: "page-dialog plugins-dialog", "aria-labelledby": "plugins-title" },
      h("header", { class: "presets-head" }, h("h2", { id: "plugins-title" }, "Plugins"), h("span", { class: "spacer" }), install, close),
      h("div", { id: "plugins-status", class: "plugins-status", role: "status", "aria-live": "polite" }),
      h("div", { id: "plugins-body", class: "plugins-body" }),
    );
    document.body.append(dialog);
    this.dialog = dialog;
    return dialog;
  }

  private async reload(): Promise<void> {
    try {
      this.listing = await this.bridge.call<PluginListing>("plugins.list");
    } catch (error) {
      this.say(errorText("Listing the plugins", error), "error");
    }
    this.render();
  }

  private say(text: string, kind: "info" | "error" = "info"): void {
    this.message = { text, kind };
    this.renderStatus(null);
  }

  private renderStatus(progress: InstallProgressInfo | null): void {
    const status = this.dialog?.querySelector<HTMLElement>("#plugins-status");
    if (!status) return;
    const text = progress?.busy ? progressText(progress) : this.message.text;
    const fraction = progress ? progressFraction(progress) : null;
    const bar = progress?.busy ? h("progress", { max: "1", "aria-label": "Install progress" }) : null;
    if (bar && fraction !== null) bar.value = fraction;
    status.dataset.kind = progress?.busy ? "progress" : this.message.kind;
    status.replaceChildren(...(text ? [h("span", {}, text)] : []), ...(bar ? [bar] : []));
  }

  private render(): void {
    const dialog = this.dialog;
    if (!dialog) return;
    const body = dialog.querySelector<HTMLElement>("#plugins-body");
    if (!body) return;
    this.rememberFocus(dialog);
    const rows = this.listing?.plugins ?? [];
    const updates = updatesFor(rows, this.index?.packages ?? []);
    const actions = {
      toggle: (row: PluginRow, on: boolean) => void this.toggle(row, on),
      update: (row: PluginRow, offer: IndexOffer) => void this.installOffer(offer, row),
      uninstall: (row: PluginRow) => void this.uninstall(row),
    };
    const theirs = rows.filter((r) => !r.builtin);
    const ours = rows.filter((r) => r.builtin);
    const blocker = indexBlocker(this.listing);
    const indexActions = { read: (url: string) => void this.readIndex(url), install: (offer: IndexOffer) => void this.installOffer(offer) };
    const form = renderIndexForm(this.indexUrl, indexActions);
    for (const control of form.querySelectorAll<HTMLInputElement | HTMLButtonElement>("input, button")) control.disabled = this.busy;
    body.replaceChildren(
      h(
        "section",
        { class: "plugins-section", "aria-labelledby": "plugins-installed" },
        h("h3", { id: "plugins-installed" }, "Installed plugins"),
        theirs.length
          ? h("ul", { class: "plugin-list", id: "plugins-list" }, ...theirs.map((row) => renderPluginRow(row, updates.get(row.id), actions, this.busy)))
          : h("p", { class: "plugin-note", id: "plugins-none" }, "No plugins installed. Install one from a .atdplugin file or a marketplace index."),
        h("p", { class: "plugin-note plugin-trust" }, "Plugins run inside Anki like add-ons: install only plugins you trust."),
      ),
      h(
        "section",
        { class: "plugins-section", "aria-labelledby": "plugins-market" },
        h("h3", { id: "plugins-market" }, "Install from a marketplace"),
        blocker ? h("p", { class: "plugin-note plugins-blocker" }, blocker) : null,
        form,
        this.index ? renderOffers(this.index, indexActions, this.busy) : null,
      ),
      h(
        "details",
        { class: "plugins-section plugins-builtin" },
        h("summary", {}, `Built into the designer (${ours.length})`),
        h("ul", { class: "plugin-list" }, ...ours.map((row) => renderPluginRow(row, undefined, actions, this.busy))),
      ),
    );
    byId<HTMLButtonElement>("plugins-install-file").disabled = this.busy;
    dialog.dataset.state = this.busy ? "busy" : "ready";
    this.renderStatus(null);
    this.restoreFocus(dialog, byId("plugins-install-file"));
  }

  /** Run one change; while it runs the controls are off and the progress is polled. */
  private async run<T>(action: string, call: () => Promise<T>, poll = false): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.say(`${action}…`);
    this.render();
    try {
      if (!poll) return await call();
      return await withProgress(call, () => this.bridge.call<InstallProgressInfo>("plugins.progress"), (progress) => this.renderStatus(progress), PROGRESS_POLL_MS);
    } catch (error) {
      this.say(errorText(action, error), "error");
      if (error instanceof BridgeError && error.code === "not_found") await this.reload();
      return undefined;
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private async toggle(row: PluginRow, on: boolean): Promise<void> {
    const action = `Turning ${row.name} ${on ? "on" : "off"}`;
    const reply = await this.run(action, () => this.bridge.call<{ plugins: PluginRow[] }>(on ? "plugins.enable" : "plugins.disable", { id: row.id }));
    if (!reply) return;
    this.setRows(reply.plugins);
    const now = reply.plugins.find((r) => r.id === row.id);
    if (on && now && now.state !== "enabled") {
      this.say(`${row.name} could not be turned on: ${now.errors.at(-1) ?? now.state}`, "error");
    } else {
      this.say(`${row.name} is ${on ? "on" : "off"}.`);
    }
  }

  private async installFile(): Promise<void> {
    const reply = await this.run("Installing from a file", () => this.bridge.call<InstallReply | null>("plugins.installFile"), true);
    if (reply === undefined) return;
    if (reply === null) {
      this.say("No file chosen; nothing was installed.");
      return;
    }
    this.installed(reply);
  }

  private async readIndex(url: string): Promise<void> {
    this.indexUrl = url;
    if (!/^https?:\/\/\S+$/i.test(url)) {
      this.say("Type the index's address, starting with https:// (or http:// for a server on this computer).", "error");
      this.render();
      return;
    }
    const reply = await this.run(`Reading ${url}`, () => this.bridge.call<IndexReply>("plugins.readIndex", { url }), true);
    if (!reply) return;
    this.index = reply;
    this.render();
    const updates = reply.packages.filter((p) => p.action === "update").length;
    this.say(`${reply.name}: ${reply.packages.length} package${reply.packages.length === 1 ? "" : "s"}${updates ? `, ${updates} update${updates === 1 ? "" : "s"}` : ""}.`);
  }

  private async installOffer(offer: IndexOffer, row?: PluginRow): Promise<void> {
    const url = this.index?.url;
    if (!url) return;
    const verb = row ? `Updating ${row.name} to ${offer.version}` : `Installing ${offer.name} ${offer.version}`;
    const reply = await this.run(verb, () => this.bridge.call<InstallReply>("plugins.installFromIndex", { url, id: offer.id }), true);
    if (!reply) return;
    if (this.index?.url === url) this.index = { ...this.index, packages: afterInstall(this.index.packages, reply.id, reply.version) };
    this.installed(reply);
  }

  private installed(reply: InstallReply): void {
    this.setRows(reply.plugins);
    const row = reply.plugins.find((r) => r.id === reply.id);
    const name = row?.name ?? reply.id;
    const verb = reply.action === "updated" ? "Updated" : "Installed";
    if (reply.state === "enabled") {
      this.say(`${verb} ${name} ${reply.version}; it is on.`);
    } else {
      this.say(`${verb} ${name} ${reply.version}, but it is ${reply.state}: ${reply.errors.join("; ") || "see its entry"}`, "error");
    }
  }

  private async uninstall(row: PluginRow): Promise<void> {
    const answer = await choose("Uninstall plugin", `Uninstall ${row.name} ${row.version}? Its files and the data it kept are deleted.`, [
      { id: "cancel", label: "Keep it", primary: true },
      { id: "uninstall", label: "Uninstall", danger: true },
    ]);
    if (answer !== "uninstall") return;
    const reply = await this.run(`Uninstalling ${row.name}`, () => this.bridge.call<{ plugins: PluginRow[] }>("plugins.uninstall", { id: row.id }));
    if (!reply) return;
    this.setRows(reply.plugins);
    this.say(`${row.name} was uninstalled.`);
  }

  private setRows(plugins: PluginRow[]): void {
    if (this.listing) this.listing = { ...this.listing, plugins };
    this.render();
  }
}
