// The Sync panel's and the top bar's words for states, runs and times.

import { plural } from "../dom";
import type { SyncRun, SyncStatusReply } from "./types";

export const STATE_WORDS: Record<string, string> = {
  synced: "Synced",
  pending: "Changes waiting",
  syncing: "Syncing…",
  offline: "Offline",
  conflict: "Conflict",
  error: "Sync failed",
};

export function topBarText(status: SyncStatusReply): string {
  if (!status.settings.configured) return "Sync: off";
  return `Sync: ${STATE_WORDS[status.state] ?? status.state}`;
}

export function timeText(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString();
}

export function stateLine(status: SyncStatusReply, now: number = Date.now() / 1000): string {
  if (!status.settings.configured) return "Sync is not set up: choose where your designs go and a passphrase.";
  const waiting = status.queue.length ? ` ${plural(status.queue.length, "note type")} waiting to sync.` : "";
  const retry = status.retryAt !== null && status.retryAt > now ? ` Next try in ${Math.ceil(status.retryAt - now)} s.` : "";
  const message = status.message ? ` ${status.message}` : "";
  return `${STATE_WORDS[status.state] ?? status.state}.${message}${waiting}${retry}`;
}

export function runText(run: SyncRun): string {
  const counts = [
    run.pulled ? `${run.pulled} in` : "",
    run.pushed ? `${run.pushed} out` : "",
    run.deleted ? `${run.deleted} deleted` : "",
    run.conflicts ? plural(run.conflicts, "conflict") : "",
  ].filter(Boolean);
  const what = counts.length ? counts.join(", ") : "nothing to change";
  return `${timeText(run.finishedAt)} · ${run.outcome}${run.message ? `: ${run.message}` : ""} · ${what}`;
}
