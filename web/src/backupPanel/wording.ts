// Plain words for the Backups panel: reasons, sizes, times, progress, results and errors.
// Pure functions (tested in web/tests/backupPanel.test.ts).

import { BridgeError } from "../bridge";
import { plural } from "../dom";
import type { NotetypeChange, PruneReply, RestoreReply, SnapshotPreset, UserDataReply, VerifyProgress, VerifyReply } from "./types";

const REASONS: Record<string, string> = {
  "before-save": "Before save",
  "after-save": "After save",
  scheduled: "Scheduled",
  manual: "Made by you",
  "before-restore": "Before restore",
};

export function reasonText(reason: string): string {
  return REASONS[reason] ?? `Other (${reason})`;
}

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function timeText(seconds: number): string {
  const when = new Date(seconds * 1000);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())} ${pad(when.getHours())}:${pad(when.getMinutes())}`;
}

export function notetypesText(names: readonly string[], shown = 3): string {
  if (!names.length) return "No note types";
  const head = names.slice(0, shown).join(", ");
  return names.length > shown ? `${head} and ${names.length - shown} more` : head;
}

export function progressText(progress: VerifyProgress): string {
  return progress.total ? `${progress.phase}: ${progress.done} of ${progress.total}` : `${progress.phase}…`;
}

export function progressFraction(progress: VerifyProgress): number | null {
  return progress.total ? Math.min(1, progress.done / progress.total) : null;
}

export function verifyText(reply: VerifyReply): string {
  const what = `${plural(reply.snapshots, "snapshot")}, ${plural(reply.objects, "object")}`;
  const healed = reply.repaired?.length ? ` ${plural(reply.repaired.length, "file")} repaired from the replica.` : "";
  if (reply.ok) return `Backups verified: ${what} ${reply.readData ? "read and checked" : "present"}. All is well.${healed}`;
  const lines = reply.problems.map((p) => `${p.object.slice(0, 16)}…: ${p.problem}${p.snapshots.length ? ` (in ${p.snapshots.join(", ")})` : ""}`);
  return [`Damage found (${plural(reply.problems.length, "problem")} in ${what}):`, ...lines].join("\n");
}

export function previewSummary(changes: readonly NotetypeChange[]): string {
  const adds = changes.filter((c) => c.action === "add").length;
  const updates = changes.filter((c) => c.action === "update").length;
  if (!adds && !updates) return "Nothing to restore: the collection already matches this snapshot.";
  const parts = [updates ? `change ${plural(updates, "note type")} back` : "", adds ? `add ${plural(adds, "note type")} back` : ""];
  return `Restoring would ${parts.filter(Boolean).join(" and ")}.`;
}

export function restoredText(reply: RestoreReply): string {
  const changed = reply.notetypes.filter((n) => n.action !== "unchanged").map((n) => n.name);
  const what = changed.length ? `Restored ${changed.join(", ")}.` : "Nothing needed restoring.";
  return `${what} What the collection held is kept as snapshot ${reply.before}. Edit → Undo in Anki's main window puts it back.`;
}

export function errorText(action: string, error: unknown): string {
  if (error instanceof BridgeError) return `${action} failed: ${error.message}`;
  return `${action} failed: ${String(error)}`;
}

/** What a preset in a snapshot is next to the profile's copy. */
export function presetStateText(state: SnapshotPreset["state"]): string {
  if (state === "same") return "the same as now";
  if (state === "changed") return "changed since";
  return "deleted since";
}

export function userDataRestoredText(reply: UserDataReply, preset: string | null): string {
  const what = preset ? `Preset ${preset} restored` : `Presets, drafts${reply.config ? " and settings" : ""} restored`;
  return `${what} (${plural(reply.files, "file")}). What you had before is in snapshot ${reply.before ?? "(none)"}.`;
}

/** What a prune would do (dry run) or did. */
export function pruneText(reply: PruneReply): string {
  if (!reply.forgotten.length) return `Nothing to prune: the retention keeps all ${plural(reply.kept, "snapshot")}.`;
  const gone = plural(reply.forgotten.length, "snapshot");
  if (reply.dryRun) return `Pruning would forget ${gone} and keep ${reply.kept}: ${reply.forgotten.map((s) => timeText(s.time)).join(", ")}.`;
  return `Pruned: ${gone} forgotten, ${plural(reply.deletedFiles, "file")} (${sizeText(reply.deletedBytes)}) deleted; ${reply.kept} kept.`;
}

const ACTIONS: Record<string, string> = {
  save: "Saved",
  backup: "Backed up",
  restore: "Restored",
  prune: "Pruned",
  "plugin.install": "Plugin installed",
  "plugin.update": "Plugin updated",
  "plugin.uninstall": "Plugin removed",
  "plugin.enable": "Plugin turned on",
  "plugin.disable": "Plugin turned off",
};

/** An audit trail action in words (an unknown one as it is). */
export function activityActionText(action: string): string {
  return ACTIONS[action] ?? action;
}
