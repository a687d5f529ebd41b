// The visual editor: shows the current card side as GrapesJS components built from
// Python's tree, and turns every canvas action into an operation Python applies to the
// template text (canvas.edit). The reply's text goes into the draft as one undo step and
// the canvas is rebuilt from the new tree, so canvas and text can never drift.

import type { Component, Editor } from "grapesjs";
import type { Bridge } from "../bridge";
import { parseDocKey, type EditingSession } from "../session";
import type { Selection } from "../history";
import { BLOCKS, blockMedia, type BlockContext } from "./blocks";
import { createCanvasEditor } from "./editor";
import { markupText } from "./markupSafe";
import { cssTooDeep, projectCss } from "./project";
import { reconcile } from "./reconcile";
import { StylePanel } from "./stylePanel";
import { isUnchanged, type Run } from "./richText";
import { displayRequests, toDefs, type AtdRef, type DefContext } from "./toDefs";
import { elementTraits, fieldTraits, sectionTraits, type TraitDef } from "./traits";
import { walkTree, type CssTree, type FieldDisplay, type TemplateTree, type TreeNode } from "./tree";

/** A block tile: its drag ghost is a component definition, never HTML for the parser.
 *  GrapesJS writes a block's label as HTML, so it is escaped (snippet names are text). */
function addBlock(editor: Editor, id: string, label: string, category: string, symbol: string, title: string): void {
  editor.Blocks.add(id, {
    label: markupText(label),
    category,
    media: `<span class="atd-block-icon" aria-hidden="true">${markupText(symbol)}</span>`,
    attributes: { title, "data-atd-block": id },
    content: { type: "atd-el", tagName: "div", atd: { doc: "", id: "", k: "" }, atdBlock: id, attributes: { "data-atd-ghost": label } },
    select: false,
    activate: false,
  } as never);
}

export type CanvasOp = Record<string, unknown> & { op: string; doc: string };

interface EditReply {
  docs: Record<string, { text: string; tree: TemplateTree | CssTree }>;
  select: Selection | null;
}

export interface CanvasHost {
  status(message: string): void;
  /** The canvas changed the draft (re-render dependent views such as code view). */
  changed(): void;
}

const EMPTY_DISPLAY: FieldDisplay = { noteId: null, isSample: false, fragments: {}, values: {}, conditions: {} };

export class CanvasView {
  editor: Editor | null = null;
  private session: EditingSession | null = null;
  private tree: TemplateTree | null = null;
  private treeDoc = "";
  private treeText = "";
  private cssTree: CssTree | null = null;
  private cssText: string | null = null;
  styles: StylePanel | null = null;
  private display: FieldDisplay = EMPTY_DISPLAY;
  private displayKey = "";
  /** Bumped whenever `display` is replaced (kept subtrees show the old fragments). */
  private displayVersion = 0;
  /** The tree the components show now, and what it was rendered with. */
  private shown: TreeNode[] | null = null;
  private shownSignature = "";
  private rendering = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private moveTimer = 0;
  private readonly pendingMoves = new Set<Component>();
  /** Times GrapesJS's parser was asked for (must stay 0: tests read it). */
  parserHits = 0;
  /** Untranslated canvas changes that the safety net reverted. */
  reverted = 0;
  /** Edits sent to Python (tests and the bench read it). */
  edits = 0;
  renderCount = 0;
  visible = false;

  constructor(
    private readonly bridge: Bridge,
    private readonly host: CanvasHost,
    private readonly container: HTMLElement,
  ) {}

  attach(session: EditingSession): void {
    this.session = session;
    this.tree = null;
    this.shown = null;
    this.treeText = "";
    this.displayKey = "";
  }

  private get origin(): string {
    return window.location.origin;
  }

  ensureEditor(): Editor {
    if (this.editor) return this.editor;
    performance.mark("atd:grapes-init");
    const editor = createCanvasEditor({
      container: this.container,
      panels: { blocks: "#cv-blocks", traits: "#cv-traits", classes: "#cv-classes", styles: "#cv-styles" },
      origin: this.origin,
      distUrl: new URL(".", window.location.href).href,
      commitText: (component, runs) => this.commitText(component as Component, runs),
      parserUsed: (what) => {
        this.parserHits += 1;
        void this.bridge.call("log.clientError", { kind: "console", message: `GrapesJS ${what} was called; template text must never reach it` }).catch(() => undefined);
      },
    });
    this.editor = editor;
    this.addBlocks(editor);
    this.bindEvents(editor);
    this.bindCommands(editor);
    editor.on("canvas:frame:load:body", () => this.applyFrameLook());
    performance.mark("atd:grapes-ready");
    this.styles = new StylePanel(editor, {
      css: () => ({ text: this.session?.draft.css ?? "", tree: this.cssTree }),
      inlineStyle: (component) => this.inlineStyle(component),
      send: (ops, label) => this.edit(ops, label),
      night: () => this.session?.preview.night ?? false,
    });
    this.styles.select(null);
    return editor;
  }

  // -- showing --------------------------------------------------------------------------

  /** Bring the canvas up to date with the session (side, card type, text, note, night). */
  async refresh(): Promise<void> {
    const session = this.session;
    if (!session || !this.visible || session.side === "css") return;
    const doc = session.docKey;
    const text = session.docText(doc);
    const css = session.draft.css;
    const wanted: Record<string, string> = {};
    if (!this.tree || this.treeDoc !== doc || this.treeText !== text) wanted[doc] = text;
    if (this.cssText !== css) wanted.css = css;
    // Python parses while GrapesJS starts (the first time): the two overlap.
    performance.mark("atd:tree-request");
    const pending = Object.keys(wanted).length
      ? this.bridge.call<{ docs: Record<string, TemplateTree | CssTree> }>("canvas.tree", { docs: wanted })
      : null;
    const editor = this.ensureEditor();
    if (pending) {
      const reply = await pending;
      if (session !== this.session || session.docText(doc) !== text || session.draft.css !== css) return; // superseded
      if (reply.docs.css) {
        this.cssTree = reply.docs.css as CssTree;
        this.cssText = css;
      }
      if (reply.docs[doc]) {
        this.tree = reply.docs[doc] as TemplateTree;
        this.treeDoc = doc;
        this.treeText = text;
      }
    }
    performance.mark("atd:tree-ready");
    await this.loadDisplay();
    performance.mark("atd:display-ready");
    if (editor && this.session === session) this.render();
  }

  private async loadDisplay(): Promise<void> {
    const session = this.session;
    if (!session || !this.tree) return;
    const wanted = displayRequests(this.tree.nodes);
    const preview = session.preview;
    const cardOrd = session.isCloze ? preview.clozeNumber - 1 : session.cardIndex;
    const side = session.side === "back" ? "answer" : "question";
    // Only what changes the fragments: FrontSide on the back shows the front's text.
    const front = side === "answer" && wanted.tags.includes("{{FrontSide}}") ? session.draft.tmpls[session.cardIndex]?.qfmt : "";
    const key = JSON.stringify([wanted, cardOrd, side, preview.noteId, front, session.draft.flds.map((f) => f.name)]);
    if (key === this.displayKey) return;
    try {
      this.display = await this.bridge.call<FieldDisplay>("canvas.display", {
        draft: session.draft,
        cardOrd,
        side,
        noteId: preview.noteId,
        clozeNumber: session.isCloze ? preview.clozeNumber : null,
        ...wanted,
      });
      this.displayKey = key;
      this.displayVersion += 1;
    } catch (error) {
      this.display = EMPTY_DISPLAY; // fields then show their names
      this.displayVersion += 1;
      this.host.status(`Field contents unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private defContext(): DefContext {
    const session = this.session;
    return {
      doc: this.treeDoc,
      mediaOrigin: this.origin,
      values: this.display.values,
      fragments: this.display.fragments,
      conditions: this.display.conditions,
      fields: session ? session.draft.flds.map((f) => f.name) : [],
    };
  }

  /** Show the current tree: only the subtrees that changed since the last render are
   *  rebuilt (hash-equal subtrees are kept and relabelled); a new document resets, and
   *  so does `fresh` (GrapesJS itself changed the components: they no longer show
   *  the last tree). */
  render(select: Selection | null = null, fresh = false): void {
    if (fresh) this.shown = null;
    const editor = this.editor;
    if (!editor || !this.tree) return;
    const context = this.defContext();
    const defs = toDefs(this.tree.nodes, context);
    const selected = select ?? this.selection();
    performance.mark("atd:render");
    // Kept subtrees stay valid while the document and what fields show are the same.
    const signature = `${this.treeDoc}\n${this.displayVersion}`;
    this.rendering += 1;
    try {
      editor.select([]);
      const wrapper = editor.getWrapper();
      if (this.shown && this.shownSignature === signature && wrapper) {
        reconcile(wrapper.components(), this.shown, this.tree.nodes, defs);
      } else {
        wrapper?.components().reset(defs as never);
      }
    } finally {
      this.rendering -= 1;
    }
    this.shown = this.tree.nodes;
    this.shownSignature = signature;
    this.renderCount += 1;
    performance.mark("atd:rendered");
    this.applyFrameLook();
    if (selected && selected.doc === this.treeDoc) this.selectById(selected.id);
  }

  /** Traits for the selected component only (300 components with traits each cost
   *  GrapesJS hundreds of milliseconds per render). */
  private attachTraits(component: Component | undefined): void {
    const node = this.nodeOf(component);
    if (!component || !node || component.get("atdTraits")) return;
    const fields = this.session ? this.session.draft.flds.map((f) => f.name) : [];
    let traits: TraitDef[] = [];
    const props: Record<string, unknown> = {};
    if (node.t === "field") {
      traits = fieldTraits(fields, node.key, node.filters.join(":"));
    } else if (node.t === "section") {
      traits = sectionTraits(fields, node.key);
      props.atdShowWhen = node.inverted ? "empty" : "filled";
    } else if (node.t === "el") {
      const element = elementTraits(node.tag, node.attrs);
      traits = element.traits;
      Object.assign(props, element.props);
    }
    this.rendering += 1;
    try {
      component.set({ ...props, atdTraits: true });
      component.setTraits(
        traits.map((trait) => ({
          ...trait,
          setValue: ({ value, partial }: { value: unknown; partial: boolean }) => {
            if (!partial) this.onTrait(component, trait.name, String(value ?? ""));
          },
        })) as never,
      );
    } finally {
      this.rendering -= 1;
    }
  }

  private cssProblemShown: string | null = null;

  /** Body classes, night mode, mobile and the note type's CSS inside the canvas frame. */
  applyFrameLook(): void {
    const session = this.session;
    const doc = this.editor?.Canvas.getDocument();
    if (!session || !doc?.body) return;
    const night = session.preview.night;
    doc.body.className = `card card${session.cardIndex + 1}${night ? " nightMode night_mode" : ""}`;
    doc.documentElement.classList.toggle("mobile", session.preview.mobile);
    doc.documentElement.classList.toggle("night-mode", night); // Anki's theme variables
    let style = doc.getElementById("atd-card-css");
    if (!style) {
      style = doc.createElement("style");
      style.id = "atd-card-css";
      doc.head.append(style);
    }
    const css = projectCss(session.draft.css, { mediaOrigin: this.origin, values: {} });
    if (style.textContent !== css) style.textContent = css;
    const tooDeep = cssTooDeep(session.draft.css);
    if (tooDeep && tooDeep !== this.cssProblemShown) this.host.status(tooDeep);
    this.cssProblemShown = tooDeep;
    doc.body.dataset.structure = String(document.body.dataset.structure === "true");
  }

  /** The layer tree is built the first time it is shown: keeping ~300 hidden layer views
   *  in step costs GrapesJS a third of every render. */
  showLayers(): void {
    const editor = this.editor;
    const panel = document.getElementById("cv-layers");
    if (!editor || !panel || panel.childElementCount > 0) return;
    panel.append(editor.Layers.render());
  }

  setDevice(device: string): void {
    this.editor?.setDevice(device === "tablet" ? "Tablet" : device === "phone" ? "Phone" : "Desktop");
  }

  setZoom(percent: number): void {
    this.editor?.Canvas.setZoom(percent);
  }

  // -- selection --------------------------------------------------------------------------

  private static refOf(component: Component | undefined | null): AtdRef | null {
    const ref = component?.get("atd") as AtdRef | undefined;
    return ref && ref.id && ref.doc ? ref : null;
  }

  selection(): Selection | null {
    const ref = CanvasView.refOf(this.editor?.getSelected());
    return ref ? { doc: ref.doc, id: ref.id } : null;
  }

  findComponent(id: string): Component | null {
    const wrapper = this.editor?.getWrapper();
    if (!wrapper) return null;
    let found: Component | null = null;
    const visit = (component: Component): boolean => {
      if (CanvasView.refOf(component)?.id === id) {
        found = component;
        return true;
      }
      return component.components().some((child: Component) => visit(child));
    };
    visit(wrapper);
    return found;
  }

  selectById(id: string): boolean {
    const component = this.findComponent(id);
    if (!component || !this.editor) return false;
    this.editor.select(component);
    return true;
  }

  /** The tree node a component shows. */
  private nodeOf(component: Component | undefined | null): TreeNode | undefined {
    const ref = CanvasView.refOf(component);
    if (!ref || !this.tree) return undefined;
    for (const node of walkTree(this.tree.nodes)) if (node.id === ref.id) return node;
    return undefined;
  }

  /** The component's parent id ("" at the top level) and index among its siblings. */
  private static position(component: Component): { parent: string | null; index: number } {
    const parent = component.parent();
    const parentRef = CanvasView.refOf(parent);
    return { parent: parentRef ? parentRef.id : null, index: component.index() };
  }

  // -- operations -------------------------------------------------------------------------

  /** Send ops for the current document; the reply becomes one undo step. Ops queue. */
  edit(ops: CanvasOp[], label: string): Promise<void> {
    const run = async (): Promise<void> => {
      const session = this.session;
      if (!session || ops.length === 0) return;
      const docs: Record<string, string> = {};
      for (const op of ops) docs[op.doc] = session.docText(op.doc);
      const before = this.selection();
      this.edits += 1;
      let reply: EditReply;
      try {
        reply = await this.bridge.call<EditReply>("canvas.edit", { docs, ops });
      } catch (error) {
        this.host.status(`${label} failed: ${error instanceof Error ? error.message : String(error)}`);
        this.render(before, true); // undo GrapesJS's own change, if it made one
        return;
      }
      if (session !== this.session) return;
      const texts: Record<string, string> = {};
      for (const [key, value] of Object.entries(reply.docs)) texts[key] = value.text;
      // A CSS operation selects a rule; the canvas keeps the element selected.
      const after = reply.select && reply.select.doc !== "css" ? reply.select : before;
      session.applyDocTexts(texts, label, before, after);
      const css = reply.docs.css;
      if (css) {
        this.cssTree = css.tree as CssTree;
        this.cssText = css.text;
      }
      const mine = reply.docs[this.treeDoc];
      if (mine) {
        this.tree = mine.tree as TemplateTree;
        this.treeText = mine.text;
      }
      this.host.changed();
      if (mine) {
        await this.loadDisplay();
        this.render(after);
      } else {
        this.applyFrameLook();
      }
      this.styles?.refreshTargets();
      this.host.status(label);
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Undo or redo through the session's history, then show the restored selection. */
  async step(direction: "undo" | "redo"): Promise<void> {
    await this.chain;
    const session = this.session;
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
    await this.refresh();
    if (select) this.selectById(select.id);
    this.host.status(`${direction === "undo" ? "Undid" : "Redid"}: ${label}`);
  }

  private onTrait(component: Component, name: string, value: string): void {
    const ref = CanvasView.refOf(component);
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
  private commitText(component: Component, runs: Run[]): void {
    const ref = CanvasView.refOf(component);
    const node = this.nodeOf(component);
    if (!ref || !node || !("c" in node)) return;
    const original: Run[] = node.c.map((child) => (child.t === "text" ? { text: child.text } : { ref: child.id }));
    if (isUnchanged(runs, original.filter((r) => !("text" in r) || r.text !== ""))) {
      window.setTimeout(() => this.render(), 0); // drop any stray DOM the editing left
      return;
    }
    void this.edit([{ op: "setChildren", doc: ref.doc, id: ref.id, runs }], "Edit text");
  }

  /** The template value of an element's `style=` attribute. */
  private inlineStyle(component: Component): string {
    const node = this.nodeOf(component);
    return node && (node.t === "el" || node.t === "rawtext") ? (node.attrs.find((a) => a.n.toLowerCase() === "style")?.v ?? "") : "";
  }

  /** Classes added or removed with GrapesJS's class selector → one setClasses op. */
  private onClasses(component: Component): void {
    const ref = CanvasView.refOf(component);
    const node = this.nodeOf(component);
    if (this.rendering || !ref || node?.t !== "el") return;
    const attr = node.attrs.find((a) => a.n.toLowerCase() === "class");
    if (attr?.tags) {
      this.host.status("This element's classes come from a field; change them in code view.");
      this.render(null, true);
      return;
    }
    const before = (attr?.v ?? "").split(/\s+/).filter(Boolean);
    const now = component.getClasses().map(String);
    const add = now.filter((name) => !before.includes(name));
    const remove = before.filter((name) => !now.includes(name));
    if (add.length || remove.length) void this.edit([{ op: "setClasses", doc: ref.doc, id: ref.id, add, remove }], add.length ? `Add class ${add.join(" ")}` : `Remove class ${remove.join(" ")}`);
  }

  /** What Ctrl+C took: the exact template text of the selected components. */
  clipboard: { text: string; label: string } | null = null;

  private async selectedSource(): Promise<{ refs: AtdRef[]; text: string } | null> {
    const session = this.session;
    const refs = (this.editor?.getSelectedAll() ?? []).map((c) => CanvasView.refOf(c)).filter((r): r is AtdRef => r !== null && r.doc === this.treeDoc);
    if (!session || refs.length === 0) return null;
    const sources = await this.bridge.call<string[]>("canvas.source", { doc: this.treeDoc, text: session.docText(this.treeDoc), ids: refs.map((r) => r.id) });
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
    const selected = this.editor?.getSelected();
    if (!clip || !this.tree) return Promise.resolve();
    const place = selected && CanvasView.refOf(selected) ? CanvasView.position(selected) : { parent: null, index: this.tree.nodes.length };
    const index = selected && CanvasView.refOf(selected) ? place.index + 1 : place.index;
    return this.edit([{ op: "insert", doc: this.treeDoc, parent: place.parent, index, text: clip.text }], `Paste ${clip.label}`);
  }

  async duplicateSelected(): Promise<void> {
    const selected = this.editor?.getSelected();
    const source = await this.selectedSource();
    if (!source || !selected) return;
    const place = CanvasView.position(selected);
    await this.edit([{ op: "insert", doc: this.treeDoc, parent: place.parent, index: place.index + 1, text: source.text }], "Duplicate");
  }

  deleteSelected(): void {
    const refs = (this.editor?.getSelectedAll() ?? []).map((c) => CanvasView.refOf(c)).filter((r): r is AtdRef => r !== null);
    if (refs.length === 0) return;
    void this.edit([{ op: "delete", doc: refs[0].doc, ids: refs.filter((r) => r.doc === refs[0].doc).map((r) => r.id) }], refs.length > 1 ? `Delete ${refs.length} components` : "Delete");
  }

  /** Insert a block's text at a parent/index of the current document. */
  insertBlock(blockId: string, parent: string | null, index: number): Promise<void> {
    const extra = this.textBlocks.blocks.get(blockId);
    if (extra) return this.edit([{ op: "insert", doc: this.treeDoc, parent, index, text: extra.text }], `Add ${extra.label}`).then(() => this.textBlocks.inserted(blockId));
    const block = BLOCKS.find((b) => b.id === blockId);
    if (!block) return Promise.reject(new Error(`no block ${blockId}`));
    return this.edit([{ op: "insert", doc: this.treeDoc, parent, index, text: block.snippet(this.blockContext()) }], `Add ${block.label}`);
  }

  private textBlocks: { blocks: Map<string, { label: string; text: string }>; inserted: (id: string) => void } = { blocks: new Map(), inserted: () => undefined };

  /** Blocks that insert a fixed template text (the user's snippets, web/src/presets),
   *  under `category`; replaces the previous set. `inserted` runs after a drop's edit. */
  setTextBlocks(category: string, blocks: { id: string; label: string; title: string; text: string }[], inserted: (id: string) => void = () => undefined): void {
    const editor = this.ensureEditor();
    for (const id of this.textBlocks.blocks.keys()) editor.Blocks.remove(id);
    this.textBlocks = { blocks: new Map(blocks.map((b) => [b.id, { label: b.label, text: b.text }])), inserted };
    for (const block of blocks) addBlock(editor, block.id, block.label, category, "✦", block.title);
  }

  private blockContext(): BlockContext {
    const session = this.session;
    const used = new Set<string>();
    if (this.tree) for (const node of walkTree(this.tree.nodes)) if (node.t === "field" || node.t === "section") used.add(node.key);
    return {
      fields: session ? session.draft.flds.map((f) => f.name) : [],
      isCloze: session?.isCloze ?? false,
      used,
    };
  }

  private addBlocks(editor: Editor): void {
    for (const block of BLOCKS) addBlock(editor, block.id, block.label, block.category, blockMedia(block), block.label);
  }

  private bindEvents(editor: Editor): void {
    editor.on("block:drag:stop", (component: Component | undefined, block: { id: string | number }) => {
      if (!component) return;
      const blockId = String(component.get("atdBlock") ?? String(block.id));
      const { parent, index } = CanvasView.position(component);
      this.rendering += 1;
      component.remove();
      this.rendering -= 1;
      void this.insertBlock(blockId, parent, index);
    });
    // GrapesJS moved a component (canvas drag, layer tree): translate into a move op.
    editor.on("component:add", (component: Component) => {
      if (this.rendering) return;
      const ref = CanvasView.refOf(component);
      if (!ref) return; // a block ghost (handled on drop)
      this.pendingMoves.add(component);
      window.clearTimeout(this.moveTimer);
      this.moveTimer = window.setTimeout(() => this.flushMoves(), 0);
    });
    editor.on("component:update:classes", (component: Component) => this.onClasses(component));
    editor.on("component:selected", (component: Component) => this.attachTraits(component));
    editor.on("component:remove", (component: Component) => {
      if (this.rendering || this.pendingMoves.size || component.get("atdBlock")) return;
      window.setTimeout(() => {
        if (this.pendingMoves.size || !CanvasView.refOf(component) || component.parent()) return;
        this.reverted += 1; // removed by something that is not ours: put the tree back
        this.render(null, true);
      }, 0);
    });
  }

  private flushMoves(): void {
    const moved = [...this.pendingMoves];
    this.pendingMoves.clear();
    const ops: CanvasOp[] = [];
    for (const component of moved) {
      const ref = CanvasView.refOf(component);
      if (!ref || !component.parent()) continue;
      ops.push({ op: "move", doc: ref.doc, id: ref.id, ...CanvasView.position(component) });
    }
    if (!ops.length) return;
    this.shown = null; // GrapesJS already moved it: the next render starts afresh
    void this.edit(ops.slice(0, 1), "Move");
  }

  private bindCommands(editor: Editor): void {
    const commands = editor.Commands;
    commands.add("core:undo", { run: () => void this.step("undo") });
    commands.add("core:redo", { run: () => void this.step("redo") });
    commands.add("core:component-delete", {
      run: () => {
        this.deleteSelected();
        return [];
      },
    } as never);
    editor.Keymaps.add("atd:redo-y", "⌘+y, ctrl+y", "core:redo", { prevent: true });
    // Copy, paste and duplicate carry the exact template bytes (never GrapesJS's clones).
    commands.add("core:copy", { run: () => void this.copySelected() });
    commands.add("core:paste", { run: () => void this.pasteClipboard() });
    commands.add("tlb-clone", { run: () => void this.duplicateSelected() });
    commands.add("atd:duplicate", { run: () => void this.duplicateSelected() });
    editor.Keymaps.add("atd:duplicate", "⌘+d, ctrl+d", "atd:duplicate", { prevent: true });
    // Keys pressed inside the canvas frame never reach the page: pass the page's own
    // shortcuts (save, visual/code, zoom) on to it.
    const forward: [string, string][] = [["s", "⌘+s, ctrl+s"], ["e", "⌘+e, ctrl+e"], ["=", "⌘+=, ctrl+="], ["-", "⌘+-, ctrl+-"]];
    for (const [key, keys] of forward) {
      commands.add(`atd:page-key-${key}`, { run: () => void document.dispatchEvent(new KeyboardEvent("keydown", { key, ctrlKey: true, bubbles: true, cancelable: true })) });
      editor.Keymaps.add(`atd:page-key-${key}`, keys, `atd:page-key-${key}`, { prevent: true });
    }
  }

  /** A mirror of the canvas state for tests: component types and ids in tree order. */
  describe(): { type: string; id: string; tag: string }[] {
    const out: { type: string; id: string; tag: string }[] = [];
    const visit = (component: Component): void => {
      const ref = CanvasView.refOf(component);
      if (ref) out.push({ type: String(component.get("type")), id: ref.id, tag: String(component.get("tagName") ?? "") });
      component.components().forEach(visit);
    };
    this.editor?.getWrapper()?.components().forEach(visit);
    return out;
  }
}

