// One plugin in the Plugins panel: name, version, state, errors, permissions in words,
// and its controls. Everything from the package goes in as text (h()), never as markup.

import { h } from "../dom";
import type { IndexOffer, PluginRow } from "./types";
import { canToggle, distinctErrors, permissionsText, stateLabel } from "./wording";

export interface RowActions {
  toggle(row: PluginRow, on: boolean): void;
  update(row: PluginRow, offer: IndexOffer): void;
  uninstall(row: PluginRow): void;
}

export function renderPluginRow(row: PluginRow, update: IndexOffer | undefined, actions: RowActions, busy: boolean): HTMLLIElement {
  const titleId = `plugin-${row.id}-name`;
  const head = h(
    "div",
    { class: "plugin-head" },
    h("span", { class: "plugin-name", id: titleId }, row.name),
    row.version ? h("span", { class: "plugin-version" }, row.version) : null,
    // on and off are the switch's to say; a badge is for what needs attention
    row.builtin || !["enabled", "disabled"].includes(row.state)
      ? h("span", { class: `plugin-state state-${row.state}`, "data-state": row.state }, stateLabel(row.state))
      : null,
    row.source === "addon" ? h("span", { class: "plugin-source" }, "from an Anki add-on") : null,
  );
  const controls = h("div", { class: "plugin-controls" });
  if (row.builtin) {
    controls.append(h("span", { class: "plugin-note" }, "Part of the designer"));
  } else {
    const on = h("input", {
      type: "checkbox",
      role: "switch",
      class: "plugin-switch",
      "data-plugin": row.id,
      "data-focus": `switch:${row.id}`,
      "aria-labelledby": titleId,
      title: canToggle(row) ? `Turn ${row.name} on or off` : "Fix the problem below first",
    });
    on.checked = row.state === "enabled";
    on.disabled = busy || !canToggle(row);
    on.addEventListener("change", () => actions.toggle(row, on.checked));
    controls.append(h("label", { class: "plugin-toggle" }, on, h("span", {}, on.checked ? "On" : "Off")));
    if (update) {
      const button = h("button", { type: "button", class: "primary", "data-action": "update", "data-plugin": row.id, "data-focus": `update:${row.id}` }, `Update to ${update.version}`);
      button.disabled = busy;
      button.addEventListener("click", () => actions.update(row, update));
      controls.append(button);
    }
    if (row.uninstallable) {
      const button = h("button", { type: "button", class: "danger", "data-action": "uninstall", "data-plugin": row.id, "data-focus": `uninstall:${row.id}`, "aria-label": `Uninstall ${row.name}` }, "Uninstall…");
      button.disabled = busy;
      button.addEventListener("click", () => actions.uninstall(row));
      controls.append(button);
    }
  }
  const permissions = h(
    "div",
    { class: "plugin-permissions" },
    h("span", { class: "plugin-permissions-label", id: `plugin-${row.id}-may` }, "Permissions:"),
    h("ul", { "aria-labelledby": `plugin-${row.id}-may` }, ...permissionsText(row.permissions).map((text) => h("li", {}, text))),
  );
  const errors = row.errors.length
    ? h("ul", { class: "plugin-errors", "aria-label": "Problems" }, ...distinctErrors(row.errors).map((text) => h("li", {}, text)))
    : null;
  return h(
    "li",
    { class: "plugin", "data-plugin": row.id, "data-state": row.state },
    h("div", { class: "plugin-main" }, head, row.description ? h("p", { class: "plugin-description" }, row.description) : null, row.builtin ? null : permissions, errors),
    controls,
  );
}
