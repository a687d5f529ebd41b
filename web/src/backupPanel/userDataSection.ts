// The Backups panel's section for the designer's own data in a snapshot: its presets
// (each restorable alone) and a restore of presets, drafts and settings together. Drawn
// as text (dom.ts's h): preset names come from files and stay text.

import { h } from "../dom";
import type { SnapshotPreset, SnapshotRow } from "./types";
import { presetStateText } from "./wording";

export interface UserDataActions {
  restorePreset(preset: SnapshotPreset): void;
  restoreAll(): void;
}

export function renderUserData(row: SnapshotRow, presets: SnapshotPreset[] | null, actions: UserDataActions): HTMLElement | null {
  if (!row.userData) return null;
  const all = h("button", { type: "button", id: "backups-restore-userdata", title: "Put back every preset, draft and the designer's settings as this snapshot has them; nothing made since is removed" }, "Restore presets, drafts and settings…");
  all.addEventListener("click", () => actions.restoreAll());
  const items = (presets ?? []).map((preset) => {
    const restore = h("button", { type: "button", class: "backup-preset-restore", "data-preset": preset.id, "data-focus": `preset:${preset.id}` }, "Restore");
    if (preset.state === "same") restore.dataset.off = "the same as now";
    restore.addEventListener("click", () => actions.restorePreset(preset));
    return h(
      "li",
      { class: "backup-preset", "data-state": preset.state },
      h("span", { class: "backup-preset-name" }, preset.name),
      h("span", { class: "plugin-note" }, ` ${preset.kind} · ${presetStateText(preset.state)}`),
      restore,
    );
  });
  return h(
    "section",
    { class: "backups-userdata", id: "backups-userdata", "aria-labelledby": "backups-userdata-title" },
    h("h4", { id: "backups-userdata-title" }, `Presets in this snapshot (${row.presets})`),
    presets === null ? h("p", { class: "plugin-note" }, "Reading the snapshot…") : items.length ? h("ul", { id: "backups-preset-list" }, ...items) : h("p", { class: "plugin-note" }, "No presets of your own."),
    all,
  );
}
