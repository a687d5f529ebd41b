// The choice a three-way merge cannot make: for each overlapping change (a template's
// lines, a CSS rule, a note type option), the user keeps one side. Nothing is taken until
// every conflict has a choice; cancelling changes nothing. All text is shown as text.

import { h } from "../dom";
import { openModal } from "../dialogs";

export interface MergeConflict {
  key: string;
  base: string | null;
  ours: string | null;
  theirs: string | null;
}

export type Side = "ours" | "theirs";

export interface SideNames {
  ours: string;
  theirs: string;
}

/** "Front.html", "style.css .card", "notetype.json sortf": what the user recognises. */
export function conflictTitle(key: string): string {
  const [path, ...rest] = key.split(" ");
  const file = path.split("/").slice(1).join("/") || path;
  return [file, ...rest].join(" ");
}

function version(text: string | null): HTMLElement {
  return text === null ? h("p", { class: "conflict-removed" }, "(removed on this side)") : h("pre", { class: "conflict-text" }, text);
}

/** Ask which side each conflict keeps; resolves with a choice per key, or null. */
export function chooseSides(title: string, conflicts: MergeConflict[], names: SideNames): Promise<Record<string, Side> | null> {
  return new Promise((resolve) => {
    const picked: Record<string, Side> = {};
    const ok = h("button", { type: "button", class: "primary", id: "conflicts-ok", disabled: "" }, "Merge with these choices");
    const cancel = h("button", { type: "button", id: "conflicts-cancel" }, "Cancel");
    const count = h("p", { class: "conflicts-count", role: "status" });
    const update = (): void => {
      const left = conflicts.filter((c) => !picked[c.key]).length;
      count.textContent = left ? `${left} of ${conflicts.length} still to decide` : "Every conflict has a choice";
      ok.disabled = left > 0;
    };
    const sections = conflicts.map((conflict, index) => {
      const option = (side: Side): HTMLElement => {
        const radio = h("input", { type: "radio", name: `conflict-${index}`, value: side, "data-key": conflict.key });
        radio.addEventListener("change", () => {
          picked[conflict.key] = side;
          update();
        });
        return h("label", { class: "conflict-side" }, h("span", { class: "conflict-pick" }, radio, `Keep ${names[side]}`), version(conflict[side]));
      };
      return h(
        "section",
        { class: "conflict" },
        h("h3", {}, conflictTitle(conflict.key)),
        h("div", { class: "conflict-sides" }, option("ours"), option("theirs")),
        h("details", {}, h("summary", {}, "Before either change"), version(conflict.base)),
      );
    });
    const dialog = openModal(
      [
        h("h2", {}, title),
        h("p", {}, `Both sides changed the same place ${conflicts.length === 1 ? "once" : `in ${conflicts.length} places`}. Choose what to keep; everything else merges by itself.`),
        h("div", { class: "conflicts-list" }, ...sections),
        count,
        h("div", { class: "modal-buttons" }, cancel, ok),
      ],
      (result) => resolve(result === "ok" ? picked : null),
      "conflicts-modal",
    );
    dialog.id = "conflicts-dialog";
    ok.addEventListener("click", () => dialog.close("ok"));
    cancel.addEventListener("click", () => dialog.close("cancel"));
    update();
    dialog.querySelector<HTMLInputElement>("input[type=radio]")?.focus();
  });
}
