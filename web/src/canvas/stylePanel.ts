// The style panel: GrapesJS's Style Manager edits a *mirror* rule (a selector that matches
// nothing, so it never paints); each finished change becomes one CSS operation on the
// note type's styling — on the chosen rule, a new rule for a class, the element's inline
// style, or the matching night-mode rule (emitted under `.nightMode`, which Anki puts on
// the card's body in night mode).

import type { Component, Editor } from "grapesjs";
import { byId, h } from "../dom";
import type { CanvasOp } from "./canvasOps";
import type { CssRule, CssTree } from "./tree";

const MIRROR = ".atd-style-mirror";

/** Where a style change is written. `affects`: how many elements of the card the rule
 *  styles; `broad`: it styles more than the element and its own class (offered only
 *  explicitly, never as the default). */
export type StyleTarget =
  | { kind: "rule"; ruleId: string; selector: string; affects: number; broad: boolean }
  | { kind: "new"; selector: string; affects: number; broad: false }
  | { kind: "inline" };

export interface StyleHost {
  /** The note type's CSS text and its tree. */
  css(): { text: string; tree: CssTree | null };
  /** Inline `style=` of the selected element (template value). */
  inlineStyle(component: Component): string;
  /** The element's own classes as the template writes them (none from a field). */
  ownClasses(component: Component): string[];
  send(ops: CanvasOp[], label: string): Promise<void>;
  /** Whether the canvas shows night mode (the Day/Night switch follows it by default). */
  night(): boolean;
}

/** The sectors of the Style panel. No GrapesJS "stack" property: a stack's layer labels are
 *  built from the rule's values and written as HTML (hostile CSS would become markup), so
 *  box-shadow is a plain text field. */
export const SECTORS = [
  {
    id: "typography",
    name: "Typography",
    open: true,
    properties: [
      "font-family",
      "font-size",
      "font-weight",
      "color",
      "line-height",
      { property: "text-align", type: "select", default: "", options: ["", "left", "center", "right", "justify"].map((id) => ({ id, label: id || "—" })) },
    ],
  },
  { id: "colours", name: "Colours", open: false, properties: ["background-color", "opacity"] },
  { id: "spacing", name: "Spacing", open: false, properties: ["margin", "padding"] },
  { id: "borders", name: "Borders", open: false, properties: ["border", "border-radius", { property: "box-shadow", type: "base", default: "" }] },
  {
    id: "layout",
    name: "Layout",
    open: false,
    properties: [
      { property: "display", type: "select", default: "", options: ["", "block", "inline", "inline-block", "flex", "grid", "none"].map((id) => ({ id, label: id || "—" })) },
      "width",
      "max-width",
      "height",
      { property: "flex-direction", type: "select", default: "", options: ["", "row", "column"].map((id) => ({ id, label: id || "—" })) },
      { property: "justify-content", type: "select", default: "", options: ["", "flex-start", "center", "flex-end", "space-between", "space-around"].map((id) => ({ id, label: id || "—" })) },
      { property: "align-items", type: "select", default: "", options: ["", "flex-start", "center", "flex-end", "stretch"].map((id) => ({ id, label: id || "—" })) },
      { property: "gap", type: "number", units: ["px", "em", "rem"], default: "" },
    ],
  },
];

/** Top-level style rules of a CSS tree (the rules the panel can target). */
function rules(tree: CssTree | null): CssRule[] {
  return (tree?.rules ?? []).filter((r) => r.t === "rule" && r.selector);
}

const NIGHT_PREFIX = /^\s*(\.nightMode|\.night_mode)(\.card)?\s+/;

/** Rules whose selector (any of its comma parts) matches the element, day rules only. */
export function matchingRules(tree: CssTree | null, element: Element): CssRule[] {
  return rules(tree).filter((rule) =>
    (rule.selector ?? "").split(",").some((part) => {
      if (NIGHT_PREFIX.test(part) || /nightMode|night_mode/.test(part)) return false;
      try {
        return element.matches(part.trim());
      } catch {
        return false; // a selector the browser cannot parse
      }
    }),
  );
}

/** The night rule for `selector`, if the CSS has one. */
export function nightRuleFor(tree: CssTree | null, selector: string): CssRule | undefined {
  return rules(tree).find((rule) => {
    const match = NIGHT_PREFIX.exec(rule.selector ?? "");
    return match !== null && (rule.selector ?? "").slice(match[0].length).trim() === selector.trim();
  });
}

/** `prop: value` pairs of a declaration list ("color: red; margin: 0"). */
export function parseInline(style: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of style.split(";")) {
    const colon = part.indexOf(":");
    if (colon > 0) out[part.slice(0, colon).trim().toLowerCase()] = part.slice(colon + 1).trim();
  }
  return out;
}

/** Classes and ids the editor puts on elements (GrapesJS's `gjs-*`, our `atd-*`):
 *  never a style target, and rules that name them are not the card's. */
export const INTERNAL_NAME = /(^|[^\w-])(gjs|atd)-/;

/** Card elements (the frame's body and its content, not the editor's wrappers) that
 *  match a selector (any comma part). */
export function affected(doc: Document, selector: string): number {
  const found = new Set<Element>();
  for (const part of selector.split(",")) {
    try {
      if (doc.body.matches(part.trim())) found.add(doc.body);
      for (const el of Array.from(doc.body.querySelectorAll(part.trim()))) found.add(el);
    } catch {
      /* a selector the browser cannot parse matches nothing here */
    }
  }
  let count = 0;
  for (const el of found) if (!el.tagName.toLowerCase().startsWith("atd-")) count += 1;
  return count;
}

/** Whether a rule's selector is exactly one of the element's own classes or its id. */
function ownSelector(selector: string, classes: string[], id: string): boolean {
  const s = selector.trim();
  return classes.some((cls) => s === `.${cls}`) || (id !== "" && s === `#${id}`);
}

/** Targets for an element: inline first, then rules of its own class, new rules for its
 *  own classes, then every other matching rule (broad), each with the count it affects. */
export function styleTargets(tree: CssTree | null, element: Element, ownClasses: string[]): StyleTarget[] {
  const doc = element.ownerDocument;
  const classes = ownClasses.filter((cls) => !INTERNAL_NAME.test(cls));
  const id = INTERNAL_NAME.test(element.id) ? "" : element.id;
  const matched = matchingRules(tree, element).filter((rule) => !INTERNAL_NAME.test(rule.selector ?? ""));
  const own: StyleTarget[] = [];
  const broad: StyleTarget[] = [];
  for (const rule of matched) {
    const selector = rule.selector ?? "";
    const affects = affected(doc, selector);
    const mine = ownSelector(selector, classes, id);
    (mine ? own : broad).push({ kind: "rule", ruleId: rule.id, selector, affects, broad: !mine });
  }
  const fresh = classes
    .filter((cls) => !own.some((t) => t.kind === "rule" && t.selector.trim() === `.${cls}`))
    .map((cls): StyleTarget => ({ kind: "new", selector: `.${cls}`, affects: affected(doc, `.${CSS.escape(cls)}`), broad: false }));
  return [{ kind: "inline" }, ...own, ...fresh, ...broad];
}

/** The default target affects only what the user selected: the last rule of its own
 *  class (the one that wins the cascade among equals), else the element itself. */
export function defaultTarget(targets: StyleTarget[]): StyleTarget {
  const own = targets.filter((t) => t.kind === "rule" && !t.broad);
  return own.at(-1) ?? targets[0];
}

/** Simple (not composite) properties: the panel shows the element's computed value for
 *  those the target does not declare. */
const SIMPLE_PROPERTIES = SECTORS.flatMap((sector) =>
  sector.properties.map((entry) => ({ sector: sector.id, name: typeof entry === "string" ? entry : entry.property })),
).filter((p) => !["margin", "padding", "border", "border-radius", "box-shadow"].includes(p.name));

export class StylePanel {
  private targets: StyleTarget[] = [];
  private target: StyleTarget | null = null;
  private nightSide = false;
  private component: Component | null = null;
  private element: Element | null = null;
  private readonly defaults = new Map<string, string | undefined>();
  private loading = 0;
  private shown: Record<string, string> = {};

  constructor(
    private readonly editor: Editor,
    private readonly host: StyleHost,
  ) {
    const manager = editor.StyleManager as unknown as { __upSel: () => void; select(target: string): unknown };
    // GrapesJS re-targets the Style Manager on every selection; ours always edits the mirror.
    manager.__upSel = () => manager.select(MIRROR);
    for (const sector of SECTORS) editor.StyleManager.addSector(sector.id, sector as never);
    manager.select(MIRROR);
    // Only changes the user makes count (GrapesJS also updates properties from targets:
    // those carry `__up`); a sub-property (margin-top) commits its composite (margin).
    editor.on("style:property:update", (event: { property: { getName(): string; __getParentProp(): { getName(): string } | undefined }; opts?: { __up?: boolean; partial?: boolean; avoidStore?: boolean } }) => {
      const opts = event.opts ?? {};
      if (this.loading || opts.__up || opts.partial || opts.avoidStore) return;
      const name = (event.property.__getParentProp() ?? event.property).getName();
      window.setTimeout(() => void this.commit(name), 0); // after GrapesJS wrote the mirror
    });
    editor.on("component:toggled", () => this.select(editor.getSelected() ?? null));
  }

  /** Show the targets for a newly selected component (or nothing). */
  select(component: Component | null): void {
    this.component = component;
    const element = component?.getEl();
    const panel = byId("cv-target");
    if (!component || !element || !component.get("atd") || !["atd-el", "atd-text"].includes(String(component.get("type")))) {
      this.targets = [];
      this.target = null;
      this.element = null;
      panel.replaceChildren(h("p", { class: "status" }, "Select an element to style it."));
      this.load({});
      return;
    }
    this.element = element;
    const { tree } = this.host.css();
    this.targets = styleTargets(tree, element, this.host.ownClasses(component));
    this.target = defaultTarget(this.targets);
    this.nightSide = this.host.night();
    this.renderPicker();
    this.reload();
  }

  private label(target: StyleTarget): string {
    const count = target.kind === "inline" ? "" : ` (${target.affects === 1 ? "only this element" : `affects ${target.affects} elements`})`;
    if (target.kind === "rule") return `Rule ${target.selector}${count}`;
    if (target.kind === "new") return `New rule ${target.selector}${count}`;
    return "This element only (inline style)";
  }

  private renderPicker(): void {
    const picker = h("select", { id: "cv-target-select", "aria-label": "Which rule the style applies to" }) as HTMLSelectElement;
    const own = h("optgroup", { label: "This element" });
    const broad = h("optgroup", { label: "Broader rules (change other elements too)" });
    this.targets.forEach((target, index) => (target.kind !== "inline" && target.broad ? broad : own).append(h("option", { value: String(index) }, this.label(target))));
    picker.append(own);
    if (broad.childElementCount) picker.append(broad);
    picker.value = String(Math.max(0, this.targets.indexOf(this.target as StyleTarget)));
    picker.addEventListener("change", () => {
      this.target = this.targets[Number(picker.value)] ?? null;
      this.reload();
    });
    const day = h("button", { type: "button", "aria-pressed": String(!this.nightSide), title: "Values for the normal (light) look" }, "Day");
    const night = h("button", { type: "button", "aria-pressed": String(this.nightSide), title: "Values used in night mode (written under .nightMode)" }, "Night");
    day.addEventListener("click", () => this.setNight(false));
    night.addEventListener("click", () => this.setNight(true));
    const inlineNight = this.target?.kind === "inline";
    night.toggleAttribute("disabled", inlineNight);
    byId("cv-target").replaceChildren(h("label", { class: "visually-hidden", for: "cv-target-select" }, "Style target"), picker, h("div", { class: "night-switch", role: "group", "aria-label": "Day or night values" }, day, night));
  }

  setNight(night: boolean): void {
    this.nightSide = night && this.target?.kind !== "inline";
    this.renderPicker();
    this.reload();
  }

  /** Put the target's current declarations into the mirror. */
  reload(): void {
    const target = this.target;
    const { tree } = this.host.css();
    let style: Record<string, string> = {};
    if (target?.kind === "inline" && this.component) {
      style = parseInline(this.host.inlineStyle(this.component));
    } else if (target && target.kind !== "inline") {
      const rule = this.nightSide ? nightRuleFor(tree, target.selector) : target.kind === "rule" ? rules(tree).find((r) => r.id === target.ruleId) : undefined;
      for (const decl of rule?.decls ?? []) style[decl.prop.toLowerCase()] = decl.value.trim();
    }
    this.load(style);
  }

  private load(style: Record<string, string>): void {
    this.loading += 1;
    try {
      this.shown = { ...style };
      this.showComputed(style);
      this.editor.Css.setRule(MIRROR, style);
      (this.editor.StyleManager as unknown as { select(target: string): unknown }).select(MIRROR);
      for (const { sector, name } of SIMPLE_PROPERTIES) {
        const property = this.editor.StyleManager.getProperty(sector, name);
        if (property && !(name in style)) property.trigger("change:value", property, "", { __up: true });
      }
      // GrapesJS's views update 10 ms later (debounced); colour inputs ignore defaults.
      window.setTimeout(() => this.paintComputed(style), 20);
    } finally {
      this.loading -= 1;
    }
  }

  /** What a property shows when the target does not declare it: the selected element's
   *  computed value (the card's real font and colour), not GrapesJS's placeholders. */
  private showComputed(style: Record<string, string>): void {
    const element = this.element;
    const view = element?.ownerDocument.defaultView;
    const computed = element && view ? view.getComputedStyle(element) : null;
    for (const { sector, name } of SIMPLE_PROPERTIES) {
      const property = this.editor.StyleManager.getProperty(sector, name);
      if (!property) continue;
      if (!this.defaults.has(name)) this.defaults.set(name, property.get("default"));
      const value = computed && !(name in style) ? computed.getPropertyValue(name).trim() : this.defaults.get(name);
      property.set("default", value, { silent: true });
    }
  }

  /** Undeclared properties show the computed value in their inputs (as placeholder, so
   *  it reads as "what the card has now", and on colour swatches). */
  private paintComputed(style: Record<string, string>): void {
    for (const { sector, name } of SIMPLE_PROPERTIES) {
      const property = this.editor.StyleManager.getProperty(sector, name);
      const row = document.querySelector(`#cv-styles .gjs-sm-property__${name}`);
      if (!property || !row) continue;
      const value = name in style ? "" : String(property.get("default") ?? "");
      for (const input of Array.from(row.querySelectorAll<HTMLInputElement>("input"))) input.placeholder = value;
      const swatch = row.querySelector<HTMLElement>(".gjs-field-color-picker");
      if (swatch && !(name in style)) swatch.style.backgroundColor = value;
    }
  }

  /** The value the panel shows for a property now (declared, else computed). */
  shownValue(sector: string, name: string): string {
    const property = this.editor.StyleManager.getProperty(sector, name);
    return property ? String(property.getValue()) : "";
  }

  /** Turn the user's change of one property into a CSS operation. */
  private async commit(prop: string): Promise<void> {
    const target = this.target;
    const mirror = this.editor.Css.getRule(MIRROR);
    if (!target || !mirror || !this.component) return;
    const style = mirror.getStyle() as Record<string, string>;
    const now = style[prop] ? String(style[prop]) : "";
    if (now === (this.shown[prop] ?? "")) return;
    this.shown[prop] = now;
    const value = now || null;
    const ref = this.component.get("atd") as { doc: string; id: string };
    let op: CanvasOp;
    if (target.kind === "inline") op = { op: "setInlineDecl", doc: ref.doc, id: ref.id, prop, value };
    else if (this.nightSide) op = { op: "setNightDecl", doc: "css", selector: target.selector, prop, value };
    else if (target.kind === "rule") op = { op: "setDecl", doc: "css", rule: target.ruleId, prop, value };
    else op = { op: "setDecl", doc: "css", rule: null, create: { selector: target.selector, after: null }, prop, value };
    await this.host.send([op], `Style ${prop}${this.nightSide ? " (night)" : ""}`);
  }

  /** After an edit: targets may have new ids (a created rule); pick them again. */
  refreshTargets(): void {
    if (this.component) {
      const keep = this.target;
      const night = this.nightSide;
      this.select(this.component);
      if (keep) {
        const again = this.targets.find((t) => (t.kind === "inline" && keep.kind === "inline") || (t.kind !== "inline" && keep.kind !== "inline" && t.selector === keep.selector));
        if (again) this.target = again;
      }
      this.nightSide = night;
      this.renderPicker();
      this.reload();
    }
  }
}
