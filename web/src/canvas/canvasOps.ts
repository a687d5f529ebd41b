// Operations: every canvas action becomes an operation Python applies to the template
// text (canvas.edit). The reply's text goes into the draft as one undo step and the
// canvas is re-rendered from the new tree, so canvas and text can never drift. Edits
// queue: one is in flight at a time.

import { canvasEvent, noteUsage } from "../usageReport";
import type { Component, Editor } from "grapesjs";
import type { Bridge } from "../bridge";
import type { Selection } from "../history";
import { parseDocKey, type EditingSession } from "../session";
import { BLOCKS, type BlockContext } from "./blocks";
import type { CanvasData } from "./canvasData";
import { isUnchanged, type Run } from "./richText";
import type { AtdRef } from "./toDefs";
import { walkTree, type CssTree, type TemplateTree, type TreeNode } from "./tree";

export type CanvasOp = Record<string, unknown> & { op: string; doc: string };
/** What a text block inserts: fixed text, or text made at the drop (a JS plugin's block). */
export type BlockText = string | (() => Promise<string>);

interface EditReply {
  docs: Record<string, { text: string; tree: TemplateTree | CssTree }>;
  select: Selection | null;
}

export interface CanvasHost {
  status(message: string): void;
  /** The canvas changed the draft (re-render dependent views such as code view). */
  changed(): void;
}

/** What the operations need of the view that shows the canvas. */
export interface OpsView {
  readonly editor: Editor | null;
  readonly session: EditingSession | null;
  readonly data: CanvasData;
  selection(): Selection | null;
  selectById(id: string): boolean;
  render(select?: Selection | null, fresh?: boolean): void;
  refresh(): Promise<void>;
  applyFrameLook(): void;
  /** The style panel re-reads its targets after an edit. */
  edited(): void;
}

export function refOf(component: Component | undefined | null): AtdRef | null {
  const ref = component?.get("atd") as AtdRef | undefined;
  return ref && ref.id && ref.doc ? ref : null;
}

/** The component's parent id (null at the top level) and index among its siblings. */
export function position(component: Component): { parent: string | null; index: number } {
  const parentRef = refOf(component.parent());
  return { parent: parentRef ? parentRef.id : null, index: component.index() };
}

/** The tree node a component shows. */
export function nodeOf(data: CanvasData, component: Component | undefined | null): TreeNode | undefined {
  const ref = refOf(component);
  if (!ref || !data.tree) return undefined;
  for (const node of walkTree(data.tree.nodes)) if (node.id === ref.id) return node;
  return undefined;
}

export class CanvasOps {
  private chain: Promise<unknown> = Promise.resolve();
  /** Edits sent to Python (tests and the bench read it). */
  edits = 0;
  /** What Ctrl+C took: the exact template text of the selected components. */
  clipboard: { text: string; label: string } | null = null;
  /** Blocks inserting a given text, by group (the user's snippets, JS plugins' blocks). */
  private textBlocks = new Map<string, { blocks: Map<string, { label: string; text: BlockText }>; inserted: (id: string) => void }>();

  constructor(
    private readonly bridge: Bridge,
    private readonly host: CanvasHost,
    private readonly view: OpsView,
  ) {}

  /** Send ops for the current document; the reply becomes one undo step. Ops queue. */
  edit(ops: CanvasOp[], label: string): Promise<void> {
    const run = async (): Promise<void> => {
      const view = this.view;
      const session = view.session;
      if (!session || ops.length === 0) return;
      const docs: Record<string, string> = {};
      for (const op of ops) docs[op.doc] = session.docText(op.doc);
      const before = view.selection();
      this.edits += 1;
      let reply: EditReply;
      try {
        reply = await this.bridge.call<EditReply>("canvas.edit", { docs, ops });
        noteUsage(canvasEvent(ops));
      } catch (error) {
        this.host.status(`${label} failed: ${error instanceof Error ? error.message : String(error)}`);
        view.render(before, true); // undo GrapesJS's own change, if it made one
        return;
      }
      if (session !== view.session) return;
      const texts: Record<string, string> = {};
      for (const [key, value] of Object.entries(reply.docs)) texts[key] = value.text;
      // A CSS operation selects a rule; the canvas keeps the element selected.
      const after = reply.select && reply.select.doc !== "css" ? reply.select : before;
      session.applyDocTexts(texts, label, before, after);
      const css = reply.docs.css;
      if (css) view.data.setCss(css.tree as CssTree, css.text);
      const mine = reply.docs[view.data.treeDoc];
      if (mine) view.data.show(view.data.treeDoc, mine.tree as TemplateTree, mine.text);
      this.host.changed();
      if (mine) {
        await view.data.loadDisplay(session);
        view.render(after);
      } else {
        view.applyFrameLook();
      }
      view.edited();
      this.host.status(label);
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Undo or redo through the session's history, then show the restored selection. */
  async step(direction: "undo" | "redo"): Promise<void> {
    await this.chain;
    const session = this.view.session;
    if (!session) return;
    const label = direction === "undo" ? session.history.undoLabel : session.history.redoLabel;
    const result = session.stepHistory(direction);
    if (!result) {
      this.host.status(direction === "undo" ? "Nothing to undo" : "Nothing to redo");
      return;
    }
    const select = result.select;
    const other = select && select.doc !== session.docKey ? parseDocKey(select.doc) : null;
    if (other) {
      session.cardIndex = other.cardIndex;
      session.side = other.side;
    }
    this.host.changed();
    await this.view.refresh();
    if (select) this.view.selectById(select.id);
    this.host.status(`${direction === "undo" ? "Undid" : "Redid"}: ${label}`);
  }

  onTrait(component: Component, name: string, value: string): void {
    const ref = refOf(component);
    if (!ref) return;
    const base = { doc: ref.doc, id: ref.id };
    if (name === "atdKey") void this.edit([{ op: "setField", ...base, key: value }], "Change field");
    else if (name === "atdFilters") void this.edit([{ op: "setFilters", ...base, filters: value ? value.split(":") : [] }], "Change filter");
    else if (name === "atdShowWhen") void this.edit([{ op: "setSection", ...base, inverted: value === "empty" }], "Change condition");
    else if (name.startsWith("atdAttr-")) {
      const attr = name.slice("atdAttr-".length);
      void this.edit([{ op: "setAttr", ...base, name: attr, value: value === "" ? false : value }], `Change ${attr}`);
    }
  }

  /** Rich-text editing ended: send the runs unless nothing changed. */
  commitText(component: Component, runs: Run[]): void {
    const ref = refOf(component);
    const node = nodeOf(this.view.data, component);
    if (!ref || !node || !("c" in node)) return;
    const original: Run[] = node.c.map((child) => (child.t === "text" ? { text: child.text } : { ref: child.id }));
    if (isUnchanged(runs, original.filter((r) => !("text" in r) || r.text !== ""))) {
      window.setTimeout(() => this.view.render(), 0); // drop any stray DOM the editing left
      return;
    }
    void this.edit([{ op: "setChildren", doc: ref.doc, id: ref.id, runs }], "Edit text");
  }

  /** The template value of an element's `style=` attribute. */
  inlineStyle(component: Component): string {
    const node = nodeOf(this.view.data, component);
    return node && (node.t === "el" || node.t === "rawtext") ? (node.attrs.find((a) => a.n.toLowerCase() === "style")?.v ?? "") : "";
  }

  /** The classes the template itself gives an element (none when they come from a
   *  field, `class="{{Tags}}"`): the classes a new rule may be written for. */
  ownClasses(component: Component): string[] {
    const node = nodeOf(this.view.data, component);
    const attr = node && (node.t === "el" || node.t === "rawtext") ? node.attrs.find((a) => a.n.toLowerCase() === "class") : undefined;
    if (!attr || attr.tags || attr.v === null) return [];
    return attr.v.split(/\s+/).filter(Boolean);
  }

  /** Classes added or removed with GrapesJS's class selector → one setClasses op. */
  onClasses(component: Component): void {
    const ref = refOf(component);
    const node = nodeOf(this.view.data, component);
    if (!ref || node?.t !== "el") return;
    const attr = node.attrs.find((a) => a.n.toLowerCase() === "class");
    if (attr?.tags) {
      this.host.status("This element's classes come from a field; change them in code view.");
      this.view.render(null, true);
      return;
    }
    const before = (attr?.v ?? "").split(/\s+/).filter(Boolean);
    const now = component.getClasses().map(String);
    const add = now.filter((name) => !before.includes(name));
    const remove = before.filter((name) => !now.includes(name));
    if (add.length || remove.length) void this.edit([{ op: "setClasses", doc: ref.doc, id: ref.id, add, remove }], add.length ? `Add class ${add.join(" ")}` : `Remove class ${remove.join(" ")}`);
  }

  private selectedRefs(): AtdRef[] {
    return (this.view.editor?.getSelectedAll() ?? []).map((c) => refOf(c)).filter((r): r is AtdRef => r !== null);
  }

  private async selectedSource(): Promise<{ refs: AtdRef[]; text: string } | null> {
    const session = this.view.session;
    const doc = this.view.data.treeDoc;
    const refs = this.selectedRefs().filter((r) => r.doc === doc);
    if (!session || refs.length === 0) return null;
    const sources = await this.bridge.call<string[]>("canvas.source", { doc, text: session.docText(doc), ids: refs.map((r) => r.id) });
    return { refs, text: sources.join("") };
  }

  async copySelected(): Promise<void> {
    const source = await this.selectedSource();
    if (!source) return;
    this.clipboard = { text: source.text, label: source.refs.length > 1 ? `${source.refs.length} components` : "component" };
    this.host.status(`Copied ${this.clipboard.label}`);
  }

  /** Paste after the selected component (or at the end), in any card type or side. */
  pasteClipboard(): Promise<void> {
    const clip = this.clipboard;
    const tree = this.view.data.tree;
    const selected = this.view.editor?.getSelected();
    if (!clip || !tree) return Promise.resolve();
    const place = selected && refOf(selected) ? position(selected) : { parent: null, index: tree.nodes.length };
    const index = selected && refOf(selected) ? place.index + 1 : place.index;
    return this.edit([{ op: "insert", doc: this.view.data.treeDoc, parent: place.parent, index, text: clip.text }], `Paste ${clip.label}`);
  }

  async duplicateSelected(): Promise<void> {
    const selected = this.view.editor?.getSelected();
    const source = await this.selectedSource();
    if (!source || !selected) return;
    const place = position(selected);
    await this.edit([{ op: "insert", doc: this.view.data.treeDoc, parent: place.parent, index: place.index + 1, text: source.text }], "Duplicate");
  }

  deleteSelected(): void {
    const refs = this.selectedRefs();
    if (refs.length === 0) return;
    void this.edit([{ op: "delete", doc: refs[0].doc, ids: refs.filter((r) => r.doc === refs[0].doc).map((r) => r.id) }], refs.length > 1 ? `Delete ${refs.length} components` : "Delete");
  }

  /** Moves GrapesJS made (canvas drag, layer tree) → one move op. */
  move(components: Component[]): void {
    const ops: CanvasOp[] = [];
    for (const component of components) {
      const ref = refOf(component);
      if (!ref || !component.parent()) continue;
      ops.push({ op: "move", doc: ref.doc, id: ref.id, ...position(component) });
    }
    if (ops.length) void this.edit(ops.slice(0, 1), "Move");
  }

  /** Insert a block's text at a parent/index of the current document. */
  insertBlock(blockId: string, parent: string | null, index: number): Promise<void> {
    const doc = this.view.data.treeDoc;
    for (const group of this.textBlocks.values()) {
      const extra = group.blocks.get(blockId);
      if (!extra) continue;
      if (typeof extra.text === "string") return this.edit([{ op: "insert", doc, parent, index, text: extra.text }], `Add ${extra.label}`).then(() => group.inserted(blockId));
      return extra.text().then(
        (text) => this.edit([{ op: "insert", doc, parent, index, text }], `Add ${extra.label}`).then(() => group.inserted(blockId)),
        (error) => this.host.status(`${extra.label} was not added: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    const block = BLOCKS.find((b) => b.id === blockId);
    if (!block) return Promise.reject(new Error(`no block ${blockId}`));
    return this.edit([{ op: "insert", doc, parent, index, text: block.snippet(this.blockContext()) }], `Add ${block.label}`);
  }

  /** Replace one group of text blocks; returns the ids it no longer offers. */
  setTextBlocks(group: string, blocks: { id: string; label: string; text: BlockText }[], inserted: (id: string) => void): string[] {
    const old = [...(this.textBlocks.get(group)?.blocks.keys() ?? [])];
    this.textBlocks.set(group, { blocks: new Map(blocks.map((b) => [b.id, { label: b.label, text: b.text }])), inserted });
    return old;
  }

  private blockContext(): BlockContext {
    const session = this.view.session;
    const used = new Set<string>();
    const tree = this.view.data.tree;
    if (tree) for (const node of walkTree(tree.nodes)) if (node.t === "field" || node.t === "section") used.add(node.key);
    return {
      fields: session ? session.draft.flds.map((f) => f.name) : [],
      isCloze: session?.isCloze ?? false,
      used,
    };
  }
}
