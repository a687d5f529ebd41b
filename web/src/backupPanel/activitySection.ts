// The Backups panel's Activity section: the audit trail (saves, backups, restores,
// prunes, plugin changes), newest first, whether it verifies, and its export as JSON
// Lines. Loaded when opened. Drawn as text: targets hold note type names.

import { h } from "../dom";
import type { ActivityReply } from "./types";
import { activityActionText, timeText } from "./wording";

export interface ActivityActions {
  /** The user opened (true) or closed the section. */
  toggled(open: boolean): void;
  exportTrail(): void;
}

export function renderActivity(reply: ActivityReply | null, open: boolean, actions: ActivityActions): HTMLElement {
  const exporter = h("button", { type: "button", id: "backups-activity-export", title: "Write the whole trail, checked first, to a .jsonl file" }, "Export…");
  exporter.addEventListener("click", () => actions.exportTrail());
  const body: (HTMLElement | null)[] = [];
  if (reply === null) body.push(h("p", { class: "plugin-note" }, "Reading the audit trail…"));
  else if (!reply.ok) body.push(h("p", { class: "plugin-note backups-damaged", id: "backups-activity-damaged" }, `The audit trail does not verify: ${reply.problems.join("; ")}`));
  else if (!reply.entries.length) body.push(h("p", { class: "plugin-note" }, "Nothing recorded yet."));
  else {
    const rows = reply.entries.map((entry) =>
      h("tr", {}, h("td", {}, timeText(entry.time)), h("td", {}, activityActionText(entry.action)), h("td", { class: "backup-activity-target" }, entry.target), h("td", {}, entry.profile)),
    );
    body.push(
      h("p", { class: "plugin-note" }, `${reply.total === 1 ? "1 entry" : `${reply.total} entries`}, hash-chained and keyed: verified.${reply.total > reply.entries.length ? ` The newest ${reply.entries.length} are shown.` : ""}`),
      h("table", { id: "backups-activity-table", class: "backups-activity-table" }, h("thead", {}, h("tr", {}, h("th", {}, "When"), h("th", {}, "What"), h("th", {}, "On"), h("th", {}, "Profile"))), h("tbody", {}, ...rows)),
    );
  }
  const section = h("details", { class: "plugins-section backups-activity", id: "backups-activity" }, h("summary", {}, "Activity"), ...body, exporter);
  (section as HTMLDetailsElement).open = open;
  // Drawn open again after each redraw: only a change from what was drawn is the user's.
  section.addEventListener("toggle", () => {
    const now = (section as HTMLDetailsElement).open;
    if (now !== open) actions.toggled(now);
  });
  return section;
}
