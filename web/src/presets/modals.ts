// The gallery's own modal steps: field mapping, untrusted findings on import, and
// "Save current design as preset". Same look and keyboard rules as ../dialogs.ts.

import { openModal } from "../dialogs";
import { h } from "../dom";
import { HOW_LABELS, choiceFrom, repeatedTargets } from "./mappingModel";
import type { FieldChoice, ImportPlan, MappingReply, PresetKind } from "./types";

function modal(...content: HTMLElement[]): { dialog: HTMLDialogElement; result: Promise<string> } {
  let settle: (value: string) => void = () => undefined;
  const result = new Promise<string>((resolve) => (settle = resolve));
  const dialog = openModal(content, (value) => settle(value), "presets-modal");
  return { dialog, result };
}

function button(label: string, choice: string, kind = ""): HTMLButtonElement {
  return h("button", { type: "button", class: kind, "data-choice": choice }, label);
}

function closeOn(dialog: HTMLDialogElement, ...buttons: HTMLButtonElement[]): void {
  for (const b of buttons) b.addEventListener("click", () => dialog.close(b.dataset.choice));
}

/** One select per preset field, pre-filled with the best guess; null when cancelled. */
export async function askMapping(presetName: string, reply: MappingReply): Promise<FieldChoice | null> {
  const selects = new Map<string, HTMLSelectElement>();
  const rows = reply.mapping.map((pair) => {
    const select = h(
      "select",
      { "data-field": pair.from, "aria-label": `Note type field for ${pair.from}` },
      h("option", { value: "" }, "(not mapped)"),
      ...reply.noteFields.map((name) => h("option", { value: name }, name)),
    );
    select.value = pair.to ?? "";
    selects.set(pair.from, select);
    return h("tr", {}, h("th", { scope: "row" }, pair.from), h("td", {}, select), h("td", { class: "how" }, pair.to ? HOW_LABELS[pair.how ?? ""] ?? "" : "not mapped"));
  });
  const warning = h("p", { class: "presets-warning", role: "status" });
  const update = () => {
    const repeated = repeatedTargets(choiceFrom(Object.fromEntries([...selects].map(([k, s]) => [k, s.value]))));
    warning.textContent = repeated.length ? `${repeated.join(", ")} is used for more than one field.` : "";
  };
  for (const select of selects.values()) select.addEventListener("change", update);
  const ok = button("Apply", "apply", "primary");
  const cancel = button("Cancel", "cancel");
  const { dialog, result } = modal(
    h("h2", {}, `Map the fields of ${presetName}`),
    h("p", {}, "Each field the design uses shows the note type field it will show. Check the guesses."),
    h("table", { class: "presets-mapping" }, h("thead", {}, h("tr", {}, h("th", {}, "Design field"), h("th", {}, "Your field"), h("th", {}, ""))), h("tbody", {}, ...rows)),
    warning,
    h("div", { class: "modal-buttons" }, cancel, ok),
  );
  closeOn(dialog, ok, cancel);
  update();
  selects.values().next().value?.focus();
  if ((await result) !== "apply") return null;
  return choiceFrom(Object.fromEntries([...selects].map(([k, s]) => [k, s.value])));
}

/** What the import found that could run code or reach the internet. */
export async function askImportDecision(plan: ImportPlan): Promise<"strip" | "keep" | "cancel"> {
  const items = plan.findings.map((f) =>
    h(
      "li",
      { class: "finding" },
      h("span", { class: "where" }, `${f.path}:${f.line}:${f.column}`),
      h("span", { class: "message" }, f.message),
      f.excerpt ? h("code", {}, f.excerpt) : null,
    ),
  );
  const strip = button("Strip and import", "strip", "primary");
  const keep = button("Import as is", "keep", "danger");
  keep.title = "Keep them: scripts would run and remote files would load when you review";
  const cancel = button("Cancel", "cancel");
  const { dialog, result } = modal(
    h("h2", {}, `${plan.name}: ${plan.findings.length} item${plan.findings.length === 1 ? "" : "s"} to check`),
    h("p", {}, `${plan.path} contains content that can run code or load files from the internet. Strip removes exactly these items and keeps everything else.`),
    h("ul", { class: "presets-findings" }, ...items),
    h("div", { class: "modal-buttons" }, cancel, keep, strip),
  );
  closeOn(dialog, strip, keep, cancel);
  strip.focus();
  const answer = await result;
  return answer === "strip" || answer === "keep" ? answer : "cancel";
}

export interface SaveAsAnswer {
  kind: PresetKind;
  name: string;
  description: string;
}

/** Name, description and what to save; `snippetAvailable`: components are selected. */
export async function askSaveAs(defaultName: string, snippetAvailable: boolean): Promise<SaveAsAnswer | null> {
  const kind = h(
    "select",
    { "aria-label": "What to save", id: "presets-save-kind" },
    h("option", { value: "design" }, "Design: every card type and the styling"),
    h("option", { value: "theme" }, "Theme: the --atd-* colours and fonts of the styling"),
    h("option", snippetAvailable ? { value: "snippet" } : { value: "snippet", disabled: "" }, snippetAvailable ? "Snippet: the selected components" : "Snippet: select components in the canvas first"),
  );
  const name = h("input", { type: "text", id: "presets-save-name", maxlength: "80" });
  name.value = defaultName;
  const description = h("input", { type: "text", id: "presets-save-description", maxlength: "2000" });
  const ok = button("Save preset", "save", "primary");
  const cancel = button("Cancel", "cancel");
  const { dialog, result } = modal(
    h("h2", {}, "Save current design as preset"),
    h("label", {}, "Save", kind),
    h("label", {}, "Name", name),
    h("label", {}, "Description", description),
    h("div", { class: "modal-buttons" }, cancel, ok),
  );
  closeOn(dialog, ok, cancel);
  name.addEventListener("keydown", (event) => {
    if (event.key === "Enter") dialog.close("save");
  });
  name.focus();
  name.select();
  if ((await result) !== "save" || !name.value.trim()) return null;
  return { kind: kind.value as PresetKind, name: name.value.trim(), description: description.value.trim() };
}
