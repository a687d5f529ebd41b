// The Python tree → GrapesJS component definitions. Two rules keep GrapesJS's lossy HTML
// parser out (docs/canvas-design.md §2): no string ever appears in a `components` array,
// and `content` is only set on text nodes (their view writes it as textContent).

import { BLOCKED_TAGS, projectAttributes, projectCss, type ProjectionContext } from "./project";
import { INLINE_TAGS, TEXT_HOSTS } from "./richText";
import type { InertNode, TreeNode } from "./tree";

export interface AtdRef {
  /** Document key: "c0.front", "c0.back". */
  doc: string;
  id: string;
  k: string;
}

export interface ComponentDef {
  type: string;
  atd: AtdRef;
  name: string;
  tagName?: string;
  attributes?: Record<string, string>;
  classes?: string[];
  components?: ComponentDef[];
  content?: string;
  droppable?: boolean;
  draggable?: boolean | string;
  selectable?: boolean;
  hoverable?: boolean;
  layerable?: boolean;
  copyable?: boolean;
  removable?: boolean;
  editable?: boolean;
  [prop: string]: unknown;
}

export interface DefContext extends ProjectionContext {
  doc: string;
  fragments: Record<string, InertNode[]>;
  conditions: Record<string, boolean>;
  /** Field names of the note type (placeholders for fields with no content). */
  fields: string[];
}

const SVG_NS = "http://www.w3.org/2000/svg";
const MATHML_NS = "http://www.w3.org/1998/Math/MathML";

function shortText(text: string, limit = 40): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

/** The label a node gets in the layer tree. */
export function layerName(node: TreeNode): string {
  switch (node.t) {
    case "el":
    case "rawtext": {
      const cls = node.attrs.find((a) => a.n.toLowerCase() === "class")?.v;
      const id = node.attrs.find((a) => a.n.toLowerCase() === "id")?.v;
      return `${node.tag}${id ? `#${id}` : ""}${cls ? `.${cls.trim().split(/\s+/).join(".")}` : ""}`;
    }
    case "text":
      return `Text “${shortText(node.text, 24)}”`;
    case "field":
      return `Field ${node.filters.length ? `${node.filters.join(":")}:` : ""}${node.key}`;
    case "section":
      return `${node.inverted ? "If empty" : "If filled"}: ${node.key}`;
    case "av":
      return `[anki:${node.name}]`;
    case "comment":
      return "Comment";
    case "declaration":
      return "Declaration";
    case "delimiters":
      return "Delimiters";
    case "raw":
      return "Preserved HTML";
  }
}

function base(node: TreeNode, context: DefContext, type: string): ComponentDef {
  return {
    type,
    atd: { doc: context.doc, id: node.id, k: node.k },
    name: layerName(node),
    copyable: true,
    removable: true,
    editable: false,
  };
}

/** Definitions for a list of sibling nodes; `namespace` is inherited by SVG/MathML. */
export function toDefs(nodes: TreeNode[], context: DefContext, namespace = "", inText = false): ComponentDef[] {
  return nodes.map((node) => toDef(node, context, namespace, inText));
}

/** Only text, field chips and simple inline markup (editable as rich text)? */
function inlineOnly(nodes: TreeNode[]): boolean {
  return nodes.every(
    (node) =>
      node.t === "text" ||
      node.t === "field" ||
      (node.t === "el" && INLINE_TAGS.has(node.tag) && node.attrs.every((a) => !a.n.toLowerCase().startsWith("on")) && inlineOnly(node.c)),
  );
}

/** An element whose content the user can type into. */
export function isTextElement(node: TreeNode): boolean {
  return node.t === "el" && TEXT_HOSTS.has(node.tag) && !node.void && node.c.some((c) => c.t === "text" && c.text.trim() !== "") && inlineOnly(node.c);
}

function toDef(node: TreeNode, context: DefContext, namespace: string, inText: boolean): ComponentDef {
  switch (node.t) {
    case "text":
      return { ...base(node, context, "atd-textnode"), content: node.text, layerable: node.text.trim() !== "", selectable: false, hoverable: false };
    case "field": {
      const fragment = context.fragments[node.src];
      return {
        ...base(node, context, "atd-field"),
        tagName: "atd-field",
        atdKey: node.key,
        atdFilters: node.filters.join(":"),
        atdSpecial: node.special,
        atdSrc: node.src,
        atdFragment: fragment ?? null,
        droppable: false,
      };
    }
    case "section": {
      const filled = context.conditions[node.key];
      const shown = filled === undefined ? true : filled !== node.inverted;
      return {
        ...base(node, context, "atd-section"),
        tagName: "atd-if",
        atdKey: node.key,
        atdInverted: node.inverted,
        attributes: { "data-atd-shown": String(shown), "data-atd-label": layerName(node) },
        components: toDefs(node.c, context, namespace, inText),
        droppable: true,
      };
    }
    case "av":
      return {
        ...base(node, context, "atd-av"),
        tagName: "atd-av",
        attributes: { "data-atd-label": layerName(node) },
        components: toDefs(node.c, context, namespace, inText),
        droppable: true,
      };
    case "rawtext":
      if (node.tag === "style") {
        return { ...base(node, context, "atd-style"), tagName: "style", atdCss: projectCss(node.content, context), droppable: false, layerable: true, selectable: false };
      }
      return placeholder(node, context, node.tag === "script" ? "Script (does not run while editing)" : `<${node.tag}>`, node.tag === "script" ? "atd-script" : "atd-placeholder");
    case "comment":
    case "declaration":
    case "delimiters":
      return { ...base(node, context, "atd-hidden"), tagName: "atd-hidden", selectable: false, hoverable: false, droppable: false, draggable: false };
    case "raw":
      // A section crossing elements keeps only its own tag as written: a small marker,
      // with the elements around it editable (services/templates/tree.py).
      if (node.reason === "crossing-section") return placeholder(node, context, `${node.raw} (crosses elements; edit in code view)`, "atd-placeholder");
      return {
        ...base(node, context, "atd-raw"),
        tagName: "atd-raw",
        atdText: node.raw,
        atdMessage: node.message,
        droppable: false,
      };
    case "el": {
      const tag = node.tag.toLowerCase();
      if (BLOCKED_TAGS.has(tag)) return placeholder(node, context, `<${tag}> (not shown while editing)`, "atd-placeholder");
      const inner = tag === "svg" ? SVG_NS : tag === "math" ? MATHML_NS : namespace;
      const projected = projectAttributes(tag, node.attrs, context);
      const text = !inText && !inner && isTextElement(node);
      // Hidden until a script runs (style="display:none", `hidden`; image occlusion,
      // one-by-one clozes): shown in the canvas, marked, so no main content is missing.
      revealHidden(projected);
      return {
        ...base(node, context, text ? "atd-text" : "atd-el"),
        editable: text,
        tagName: tag,
        attributes: projected.attributes,
        classes: projected.classes,
        atdStyle: projected.style,
        atdHandlers: projected.handlers,
        atdNs: inner,
        atdVoid: node.void,
        components: toDefs(node.c, context, tag === "foreignobject" ? "" : inner, inText || text),
        droppable: !node.void && !inner,
      };
    }
  }
}

const HIDING = /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)\s*(!important)?\s*(?=;|$)/gi;

/** Drops what hides an element in the canvas only; true when something was dropped. */
export function revealHidden(projected: { attributes: Record<string, string>; style: string }): boolean {
  let revealed = false;
  if ("hidden" in projected.attributes) {
    delete projected.attributes.hidden;
    revealed = true;
  }
  const style = projected.style.replace(HIDING, (_match, lead: string) => {
    revealed = true;
    return lead;
  });
  projected.style = style;
  if (revealed) projected.attributes["data-atd-revealed"] = "Hidden on the card until a script shows it";
  return revealed;
}

function placeholder(node: TreeNode, context: DefContext, label: string, type: string): ComponentDef {
  return { ...base(node, context, type), tagName: "atd-box", attributes: { "data-atd-label": label }, droppable: false };
}

/** Every `{{...}}` source the canvas needs rendered: field tags and tagged attribute values. */
export function displayRequests(nodes: TreeNode[]): { tags: string[]; values: string[]; conditions: string[] } {
  const tags = new Set<string>();
  const values = new Set<string>();
  const conditions = new Set<string>();
  const visit = (list: TreeNode[]): void => {
    for (const node of list) {
      if (node.t === "field") tags.add(node.src);
      if (node.t === "section") conditions.add(node.key);
      if (node.t === "el" || node.t === "rawtext") for (const attr of node.attrs) if (attr.tags && attr.v !== null) values.add(attr.v);
      if ("c" in node) visit(node.c);
    }
  };
  visit(nodes);
  return { tags: [...tags], values: [...values], conditions: [...conditions] };
}
