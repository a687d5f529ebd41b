// GrapesJS writes several strings into the designer page as HTML, unescaped: a
// component's name (the hover/selection badge, the Layers panel and its title
// attribute), trait labels and select options, block labels. Our names come from the
// template (id and class values, field and filter names, section keys), so a name like
// `<iframe srcdoc=...>` would become markup in the page that holds the bridge.
//
// This module is the one place that closes those doors:
// * `markupText` is the one escape for any string that GrapesJS will parse as HTML;
// * every component's `getName()` answers escaped (so the badge, Layers and the class
//   panel show the exact characters as text, whatever the name holds);
// * our trait types ("atd-select", "atd-text") build their label and input with the DOM
//   (textContent, option.value), never with HTML strings.

import type { Editor } from "grapesjs";

const MARKUP_CHARS = /[&<>"'`]/g;

/** `text` escaped for a place where GrapesJS parses a string as HTML (text or attribute). */
export function markupText(text: string): string {
  return text.replace(MARKUP_CHARS, (c) => `&#${c.charCodeAt(0)};`);
}

export interface TraitOption {
  id: string;
  label: string;
}

type GetName = (this: unknown, opts?: Record<string, unknown>) => string;

/** Every component's name answers as escaped markup text (badge, Layers, class panel). */
function escapeComponentNames(editor: Editor): void {
  const type = editor.Components.getType("default") as unknown as { model: { prototype: { getName: GetName; __atdEscaped?: boolean } } } | undefined;
  const proto = type?.model.prototype;
  if (!proto || proto.__atdEscaped) return;
  const original = proto.getName;
  proto.getName = function (this: unknown, opts?: Record<string, unknown>): string {
    return markupText(String(original.call(this, opts) ?? ""));
  };
  proto.__atdEscaped = true;
}

interface TraitCallbackOptions {
  trait: { get(name: string): unknown; getValue?(): unknown };
  component: { get(name: string): unknown };
}

function textLabel(options: { label: unknown }): HTMLElement {
  const label = document.createElement("div");
  label.className = "gjs-label";
  const text = String(options.label ?? "");
  label.textContent = text;
  label.title = text;
  return label;
}

function currentValue(options: TraitCallbackOptions): string {
  const trait = options.trait;
  const name = String(trait.get("name") ?? "");
  const fromComponent = trait.get("changeProp") ? options.component.get(name) : undefined;
  return String(fromComponent ?? trait.get("value") ?? "");
}

function selectInput(options: TraitCallbackOptions): HTMLSelectElement {
  const select = document.createElement("select");
  for (const option of (options.trait.get("options") as TraitOption[] | undefined) ?? []) {
    const element = document.createElement("option");
    element.value = option.id;
    element.textContent = option.label;
    select.append(element);
  }
  select.value = currentValue(options);
  return select;
}

function textInput(options: TraitCallbackOptions): HTMLInputElement {
  const input = document.createElement("input");
  input.type = "text";
  input.placeholder = String(options.trait.get("placeholder") ?? "");
  input.value = currentValue(options);
  return input;
}

/** Trait types whose label, options and value are put into the page as text. */
function registerTextTraits(editor: Editor): void {
  const traits = editor.Traits as unknown as { addType(name: string, methods: Record<string, unknown>): void };
  traits.addType("atd-select", { createLabel: textLabel, createInput: selectInput });
  traits.addType("atd-text", { createLabel: textLabel, createInput: textInput });
}

/** Install before any component or trait is created. */
export function installMarkupSafety(editor: Editor): void {
  escapeComponentNames(editor);
  registerTextTraits(editor);
}
