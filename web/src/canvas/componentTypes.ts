// GrapesJS component types for projected template nodes. Every view writes the DOM with
// createElement/textContent only; `updateContent` never assigns innerHTML; `style=` is set
// from our projection (never through GrapesJS's style → `#id` rule machinery).

import type { Editor } from "grapesjs";
import type { InertNode } from "./tree";
import { readRuns, type DomNode, type Run } from "./richText";

export type TextCommit = (component: unknown, runs: Run[]) => void;

type ViewThis = {
  el: HTMLElement;
  model: { get(name: string): unknown; components(): { length: number } };
};

/** Build an inert fragment (already sanitized by Python) with DOM calls only. */
export function buildInert(doc: Document, nodes: InertNode[], mediaOrigin: string): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  for (const node of nodes) {
    if (node.t === "text") {
      fragment.append(doc.createTextNode(node.text));
      continue;
    }
    const el = doc.createElement(node.tag);
    for (const [name, value] of Object.entries(node.attrs)) {
      if (name.startsWith("on")) continue; // belt and braces: Python never sends these
      el.setAttribute(name, name === "src" && !value.startsWith("data:") ? `${mediaOrigin}/${value.split("/").map(encodeURIComponent).join("/")}` : value);
    }
    el.append(buildInert(doc, node.c, mediaOrigin));
    fragment.append(el);
  }
  return fragment;
}

function applyProjectedStyle(view: ViewThis): void {
  const style = String(view.model.get("atdStyle") ?? "");
  if (style) view.el.setAttribute("style", style);
  else view.el.removeAttribute("style");
}

/** Paste into rich text as plain text only (no markup from elsewhere ever enters). */
function pastePlainText(event: ClipboardEvent): void {
  event.preventDefault();
  const text = event.clipboardData?.getData("text/plain") ?? "";
  const doc = (event.target as Node | null)?.ownerDocument;
  doc?.execCommand("insertText", false, text);
}

const noContent = {
  updateContent(this: ViewThis): void {
    /* children are components; template text never becomes innerHTML */
  },
};

/** Shared by elements and text elements: projected attributes, never GrapesJS's own. */
const elementView = {
  ...noContent,
  _createElement(this: ViewThis, tagName: string): Node {
    const ns = String(this.model.get("atdNs") ?? "");
    return ns ? document.createElementNS(ns, tagName) : document.createElement(tagName);
  },
  updateStyle(this: ViewThis): void {
    applyProjectedStyle(this);
  },
  updateAttributes(this: ViewThis & { __clearAttributes(): void; updateHighlight(): void }): void {
    // GrapesJS's version writes `id`/`draggable` helpers and its own style; ours keeps the
    // element's projected attributes and classes and nothing else.
    const model = this.model as unknown as { getAttributes(): Record<string, unknown> };
    this.__clearAttributes();
    this.updateHighlight();
    for (const [name, value] of Object.entries(model.getAttributes())) {
      if (value === false || value === undefined || name.startsWith("on") || name === "style") continue;
      try {
        this.el.setAttribute(name, value === true ? "" : String(value));
      } catch {
        /* an attribute name the DOM refuses: not shown */
      }
    }
    this.el.setAttribute("data-atd-id", String((this.model.get("atd") as { id: string }).id));
    applyProjectedStyle(this);
  },
};

export function registerComponentTypes(editor: Editor, mediaOrigin: () => string, commitText: TextCommit): void {
  const types = editor.Components;

  types.addType("atd-textnode", {
    extend: "textnode",
    model: { defaults: { traits: [], selectable: false, hoverable: false, copyable: true } },
  });

  types.addType("atd-el", {
    model: { defaults: { traits: [], editable: false, textable: false } },
    view: elementView,
  });

  types.addType("atd-text", {
    extend: "text",
    model: { defaults: { traits: [], editable: true, textable: false, droppable: true } },
    view: {
      ...elementView,
      onActive(this: ViewThis & { __atdShown?: Map<string, string> }, event: Event): unknown {
        // Remember what each child showed, to tell kept children from edited ones.
        const shown = new Map<string, string>();
        for (const child of Array.from(this.el.querySelectorAll("[data-atd-id]"))) shown.set(child.getAttribute("data-atd-id") ?? "", child.textContent ?? "");
        this.__atdShown = shown;
        this.el.addEventListener("paste", pastePlainText);
        const base = (editor.Components.getType("text") as unknown as { view: { prototype: { onActive(event: Event): unknown } } }).view.prototype;
        return base.onActive.call(this, event);
      },
      async syncContent(this: ViewThis & { __atdShown?: Map<string, string>; rteEnabled?: boolean }, options: { force?: boolean } = {}): Promise<void> {
        if (!this.rteEnabled && !options.force) return;
        const shown = this.__atdShown ?? new Map<string, string>();
        const runs = readRuns(this.el as unknown as DomNode, (id, node) => shown.get(id) === (node.textContent ?? ""));
        this.el.removeEventListener("paste", pastePlainText);
        commitText(this.model, runs);
      },
    },
  });

  types.addType("atd-field", {
    model: { defaults: { traits: [], droppable: false, editable: false, textable: false, tagName: "atd-field" } },
    view: {
      ...noContent,
      onRender(this: ViewThis): void {
        const fragment = this.model.get("atdFragment") as InertNode[] | null;
        const el = this.el;
        el.setAttribute("contenteditable", "false");
        el.replaceChildren();
        if (fragment && fragment.length && fragment.some((n) => n.t === "el" || n.text.trim() !== "")) {
          el.append(buildInert(el.ownerDocument, fragment, mediaOrigin()));
          el.classList.remove("atd-empty");
        } else {
          el.classList.add("atd-empty");
          el.append(el.ownerDocument.createTextNode(`(${String(this.model.get("atdKey"))})`));
        }
        el.title = String(this.model.get("atdSrc") ?? "");
        el.setAttribute("data-atd-id", String((this.model.get("atd") as { id: string }).id));
      },
    },
  });

  for (const name of ["atd-section", "atd-av"]) {
    types.addType(name, { model: { defaults: { traits: [], editable: false } }, view: { ...noContent } });
  }

  types.addType("atd-style", {
    model: { defaults: { traits: [], tagName: "style", droppable: false, selectable: false, hoverable: false } },
    view: {
      ...noContent,
      onRender(this: ViewThis): void {
        this.el.textContent = String(this.model.get("atdCss") ?? "");
      },
    },
  });

  for (const name of ["atd-placeholder", "atd-script"]) {
    types.addType(name, {
      model: { defaults: { traits: [], tagName: "atd-box", droppable: false, editable: false } },
      view: {
        ...noContent,
        onRender(this: ViewThis): void {
          this.el.textContent = this.el.getAttribute("data-atd-label") ?? "";
        },
      },
    });
  }

  types.addType("atd-raw", {
    model: { defaults: { traits: [], tagName: "atd-raw", droppable: false, editable: false } },
    view: {
      ...noContent,
      onRender(this: ViewThis): void {
        const doc = this.el.ownerDocument;
        const label = doc.createElement("atd-raw-label");
        label.textContent = `Preserved as written — ${String(this.model.get("atdMessage") ?? "")}. Edit it in code view.`;
        const text = doc.createElement("pre");
        text.textContent = String(this.model.get("atdText") ?? "");
        this.el.replaceChildren(label, text);
      },
    },
  });

  types.addType("atd-hidden", {
    model: { defaults: { traits: [], tagName: "atd-hidden", selectable: false, hoverable: false, droppable: false, draggable: false } },
    view: { ...noContent },
  });
}
