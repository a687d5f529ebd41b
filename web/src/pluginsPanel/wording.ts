// Plain words for what the Plugins panel shows: permissions, states, progress and the
// bridge's error codes. Pure functions (tested in web/tests/pluginsPanel.test.ts).

import { BridgeError } from "../bridge";
import type { IndexOffer, InstallProgressInfo, PluginRow, PluginState } from "./types";

/** One permission of a plugin.json (docs/plugins.md#permissions) as a sentence part. */
export function permissionText(permission: string): string {
  if (permission === "notetypes:read") return "Read your note types";
  if (permission === "notetypes:write") return "Change and save your note types";
  if (permission === "files") return "Keep its own files";
  if (permission.startsWith("network:")) {
    const host = permission.slice("network:".length);
    return host ? `Connect to ${host}` : "Connect to the network (no host named)";
  }
  if (permission.startsWith("bridge:")) {
    const method = permission.slice("bridge:".length);
    return method ? `Add the designer action ${method}` : "Add a designer action (none named)";
  }
  return `Unknown permission ${JSON.stringify(permission)}`;
}

/** Every permission in words; a plugin asking for none says so. */
export function permissionsText(permissions: readonly string[]): string[] {
  return permissions.length ? permissions.map(permissionText) : ["No permissions"];
}

export const STATE_LABELS: Record<PluginState, string> = {
  enabled: "On",
  disabled: "Off",
  failed: "Failed",
  refused: "Refused",
  unloaded: "Not loaded",
};

export function stateLabel(state: string): string {
  return (STATE_LABELS as Record<string, string>)[state] ?? state;
}

/** A plugin's problems, each once ("… (3 times)"): a plugin retried keeps failing the same way. */
export function distinctErrors(errors: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const error of errors) counts.set(error, (counts.get(error) ?? 0) + 1);
  return [...counts].map(([error, count]) => (count > 1 ? `${error} (${count} times)` : error));
}

/** Whether the on/off switch can change this plugin (ours cannot; refused ones need a fix). */
export function canToggle(row: PluginRow): boolean {
  return !row.builtin && row.state !== "refused";
}

/** Release segments of a version (`1.10.0rc1` → [1, 10, 0]); a PEP 440 pre/post/dev
 *  suffix is left to Python, which decides `action`. */
function releaseOf(version: string): number[] {
  const match = /^\s*v?(\d+(?:\.\d+)*)/i.exec(version);
  return match ? match[1].split(".").map(Number) : [];
}

/** -1, 0 or 1 comparing the release parts of two versions (`1.10` > `1.9`). */
export function compareReleases(a: string, b: string): number {
  const x = releaseOf(a);
  const y = releaseOf(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The index offers that update an installed plugin, by plugin id. Python's `action`
 *  decides (it compares full PEP 440 versions); an offer is only used for a plugin that is
 *  installed as a folder (an add-on plugin updates through Anki). */
export function updatesFor(rows: readonly PluginRow[], offers: readonly IndexOffer[]): Map<string, IndexOffer> {
  const updatable = new Set(rows.filter((r) => r.source === "folder").map((r) => r.id));
  const updates = new Map<string, IndexOffer>();
  for (const offer of offers) {
    if (offer.action === "update" && updatable.has(offer.id)) updates.set(offer.id, offer);
  }
  return updates;
}

/** The offers after `id` `version` was installed from them, without asking the index again
 *  (Python decided the actions when it was read; only this plugin's changed). */
export function afterInstall(offers: readonly IndexOffer[], id: string, version: string): IndexOffer[] {
  return offers.map((offer) =>
    offer.id !== id ? offer : { ...offer, installed: version, action: compareReleases(offer.version, version) > 0 ? "update" : "current" },
  );
}

/** The button label for an index offer, or null when there is nothing to do. */
export function offerButton(offer: IndexOffer): string | null {
  if (offer.action === "install") return "Install";
  if (offer.action === "update") return `Update to ${offer.version}`;
  return null;
}

export function offerNote(offer: IndexOffer): string {
  if (offer.action === "builtin") return "part of the designer";
  if (offer.action === "current") return `installed (${offer.installed ?? offer.version})`;
  if (offer.action === "update") return `installed ${offer.installed ?? "?"}`;
  return "not installed";
}

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/** "Downloading x: 12.0 KB of 40.0 KB (30%)" while an install runs, "" when idle. */
export function progressText(progress: InstallProgressInfo): string {
  if (!progress.busy) return "";
  const what = progress.what ?? "Working";
  const received = progress.received ?? 0;
  if (progress.total) {
    const percent = Math.min(100, Math.floor((received / progress.total) * 100));
    return `${what}: ${sizeText(received)} of ${sizeText(progress.total)} (${percent}%)`;
  }
  return received ? `${what}: ${sizeText(received)}` : `${what}…`;
}

/** A fraction 0..1 for a <progress> element, or null when the size is not known. */
export function progressFraction(progress: InstallProgressInfo): number | null {
  if (!progress.busy || !progress.total) return null;
  return Math.min(1, (progress.received ?? 0) / progress.total);
}

/** What went wrong, for the user: the action, then the reason, then what to do. */
export function errorText(action: string, error: unknown): string {
  if (!(error instanceof BridgeError)) return `${action} failed: ${error instanceof Error ? error.message : String(error)}`;
  const details = Array.isArray(error.details)
    ? (error.details as { path?: string; message?: string }[])
        .map((d) => (d.path ? `${d.path}: ${d.message}` : String(d.message ?? "")))
        .filter((line) => line && !error.message.includes(line))
        .slice(0, 6)
    : [];
  const reason = [error.message, ...details].join("\n");
  switch (error.code) {
    case "invalid_params":
      return `${action} refused: ${reason}`;
    case "not_found":
      return `${action}: not found. ${reason}. The list may be out of date; it was reloaded.`;
    case "conflict":
      return `${action}: ${reason}. Wait for it to finish, then try again.`;
    case "timeout":
      return `${action} took too long and was stopped: ${reason}`;
    case "unknown_method":
      return `${action} is not available in this designer (${reason}).`;
    case "too_large":
    case "bad_request":
    case "bad_json":
    case "unsupported_version":
    case "send_failed":
      return `${action} could not reach Anki: ${reason}`;
    default:
      return `${action} failed inside the designer: ${reason}. The add-on's log has the details.`;
  }
}
