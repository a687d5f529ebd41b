// The visual editor: shows the current card side as GrapesJS components built from
// Python's tree. Its jobs live in their own files: fetching trees and field displays
// (canvasData.ts), turning canvas actions into operations on the template text
// (canvasOps.ts) and GrapesJS's events, commands and blocks (canvasBindings.ts). This
// file shows: it creates the editor, renders the tree and keeps the selection.

import type { Component, Components, Editor } from "grapesjs";
import type { Bridge } from "../bridge";
import type { EditingSession } from "../session";
import type { Selection } from "../history";
import { addBlock, addBlocks, bindCommands, bindEvents } from "./canvasBindings";
import { CanvasData } from "./canvasData";
import { ComponentCache } from "./componentCache";
import { CanvasOps, refOf, type BlockText, type CanvasHost, type CanvasOp } from "./canvasOps";
import { createCanvasEditor } from "./editor";
import { firstPart, FIRST_PART, nextStep, STEP } from "./progressive";
import { runLater } from "../laterStep";
import { cssTooDeep, projectCss } from "./project";
import { reconcile } from "./reconcile";
import { StylePanel } from "./stylePanel";
import { toDefs, type DefContext } from "./toDefs";
import { walkTree, type TemplateTree, type TreeNode } from "./tree";

export type { CanvasHost, CanvasOp } from "./canvasOps";

/** How long a side is shown before the sides next to it are fetched ahead. */
const NEIGHBOURS_AFTER_MS = 120;

export class CanvasView {
  editor: Editor | null = null;
  session: EditingSession | null = null;
  readonly data: CanvasData;
  readonly ops: CanvasOps;
  styles: StylePanel | null = null;
  /** The tree the components show now, and what it was rendered with. */
  private shown: TreeNode[] | null = null;
  private shownDoc = "";
  private shownSignature = "";
  /** The components of sides shown before (made with the editor). */
  private cache: ComponentCache | null = null;
  rendering = 0;
  /** Times GrapesJS's parser was asked for (must stay 0: tests read it). */
  parserHits = 0;
  /** Untranslated canvas changes that the safety net reverted. */
  reverted = 0;
  renderCount = 0;
  visible = false;
  /** The rest of a big side is still being added (progressive.ts). */
  private completion: (() => void) | null = null;
  /** Times a side was shown whole (after its last progressive step). */
  completeCount = 0;

  get completing(): boolean {
    return this.completion !== null;
  }

  constructor(
    private readonly bridge: Bridge,
    private readonly host: CanvasHost,
    private readonly container: HTMLElement,
  ) {
    const view = this;
    this.data = new CanvasData(bridge, (message) => host.status(message));
    this.ops = new CanvasOps(bridge, host, {
      get editor() {
        return view.editor;
      },
      get session() {
        return view.session;
      },
      data: this.data,
      selection: () => this.selection(),
      selectById: (id) => this.selectById(id),
      render: (select, fresh) => this.render(select ?? null, fresh ?? false),
      refresh: () => this.refresh(),
      applyFrameLook: () => this.applyFrameLook(),
      edited: () => this.styles?.refreshTargets(),
    });
  }

  // What tests, the bench and other views read.
  get tree(): TemplateTree | null {
    return this.data.tree;
  }
  get treeDoc(): string {
    return this.data.treeDoc;
  }
  get treeText(): string {
    return this.data.treeText;
  }
  get edits(): number {
    return this.ops.edits;
  }
  get clipboard(): { text: string; label: string } | null {
    return this.ops.clipboard;
  }

  attach(session: EditingSession): void {
    this.shownWaiters.splice(0).forEach((done) => done());
    this.parkShown();
    this.session = session;
    this.data.switchTo(session.id);
    this.shown = null;
    this.shownDoc = "";
  }

  /** Kept components are the note type's: a switch back to it finds its sides built. */
  private cacheKey(doc: string): string {
    return `${this.session?.id ?? 0}/${doc}`;
  }

  /** Keep the side shown (a note type is being left), as a switch of side does. */
  private parkShown(): void {
    const editor = this.editor;
    const wrapper = editor?.getWrapper();
    if (!editor || !wrapper || !this.cache || !this.shown || !this.shownDoc) return;
    this.stopCompletion();
    this.rendering += 1;
    try {
      editor.select([]);
      (editor.getModel() as unknown as { setHovered(c: null): void }).setHovered(null);
      this.cache.park(this.cacheKey(this.shownDoc), wrapper.components(), this.shown, this.shownSignature, !this.layersDrawn());
    } finally {
      this.rendering -= 1;
    }
  }

  private readonly shownWaiters: (() => void)[] = [];

  /** Resolves once the canvas shows `session` (at once when it will not: hidden, CSS,
   *  another session), or after `capMs`: what waits for it never waits long. */
  whenShowing(session: EditingSession, capMs: number): Promise<void> {
    if (!this.visible || session.side === "css" || session !== this.session || this.shownDoc === session.docKey) return Promise.resolve();
    return new Promise<void>((done) => {
      const timer = setTimeout(finish, capMs);
      function finish(): void {
        clearTimeout(timer);
        done();
      }
      this.shownWaiters.push(finish);
    });
  }

  private get origin(): string {
    return window.location.origin;
  }

  private fields(): string[] {
    return this.session ? this.session.draft.flds.map((f) => f.name) : [];
  }

  ensureEditor(): Editor {
    if (this.editor) return this.editor;
    performance.mark("atd:grapes-init");
    const editor = createCanvasEditor({
      container: this.container,
      panels: { blocks: "#cv-blocks", traits: "#cv-traits", classes: "#cv-classes", styles: "#cv-styles" },
      origin: this.origin,
      distUrl: new URL(".", window.location.href).href,
      commitText: (component, runs) => this.ops.commitText(component as Component, runs),
      parserUsed: (what) => {
        this.parserHits += 1;
        void this.bridge.call("log.clientError", { kind: "console", message: `GrapesJS ${what} was called; template text must never reach it` }).catch(() => undefined);
      },
    });
    this.editor = editor;
    this.cache = new ComponentCache(editor);
    addBlocks(editor);
    const view = this;
    const bindings = {
      data: this.data,
      ops: this.ops,
      fields: () => this.fields(),
      get rendering() {
        return view.rendering;
      },
      set rendering(value: number) {
        view.rendering = value;
      },
      get reverted() {
        return view.reverted;
      },
      set reverted(value: number) {
        view.reverted = value;
      },
      render: (_select: null = null, fresh = false) => this.render(null, fresh),
      forget: () => {
        this.shown = null;
      },
    };
    bindEvents(editor, bindings);
    bindCommands(editor, bindings);
    editor.on("canvas:frame:load:body", () => this.applyFrameLook());
    performance.mark("atd:grapes-ready");
    this.styles = new StylePanel(editor, {
      css: () => ({ text: this.session?.draft.css ?? "", tree: this.data.cssTree }),
      inlineStyle: (component) => this.ops.inlineStyle(component),
      ownClasses: (component) => this.ops.ownClasses(component),
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
    // Python parses while GrapesJS starts (the first time): the two overlap.
    performance.mark("atd:tree-request");
    const pending = this.data.request(session, doc);
    const editor = this.ensureEditor();
    if (pending) {
      const reply = await pending;
      if (session !== this.session || session.docText(doc) !== text || session.draft.css !== css) return; // superseded
      this.data.adopt(reply, doc, text, css);
    }
    performance.mark("atd:tree-ready");
    await this.data.loadDisplay(session);
    performance.mark("atd:display-ready");
    if (editor && this.session === session && session.docKey === doc) this.render();
  }

  private defContext(doc = this.data.treeDoc, display = this.data.display): DefContext {
    return {
      doc,
      mediaOrigin: this.origin,
      values: display.values,
      fragments: display.fragments,
      conditions: display.conditions,
      fields: this.fields(),
    };
  }

  /** Show the current tree: only the subtrees that changed since the last render are
   *  rebuilt (hash-equal subtrees are kept and relabelled). Leaving a side keeps its
   *  components (componentCache.ts), so coming back only makes their views; `fresh`
   *  builds anew (GrapesJS itself changed the components: they no longer show the
   *  last tree). */
  render(select: Selection | null = null, fresh = false): void {
    const editor = this.editor;
    const tree = this.data.tree;
    const wrapper = editor?.getWrapper();
    if (!editor || !tree || !wrapper) return;
    const doc = this.data.treeDoc;
    const selected = select ?? this.selection();
    performance.mark("atd:render");
    // Kept subtrees stay valid while the document and what fields show are the same.
    const signature = `${doc}\n${this.data.displayVersion}`;
    const components = wrapper.components();
    this.stopCompletion();
    let shown = tree.nodes;
    this.rendering += 1;
    try {
      editor.select([]);
      (editor.getModel() as unknown as { setHovered(c: null): void }).setHovered(null);
      if (fresh) {
        this.shown = null;
        this.cache?.forget(this.cacheKey(doc));
      }
      if (this.shownDoc !== doc) {
        if (this.shown && this.shownDoc) this.cache?.park(this.cacheKey(this.shownDoc), components, this.shown, this.shownSignature, !this.layersDrawn());
        performance.mark("atd:parked");
        const parked = this.cache?.take(this.cacheKey(doc), signature) ?? null;
        this.shown = null;
        if (parked && this.cache) {
          this.discard(components);
          this.cache.restore(parked, components, wrapper);
          this.shown = parked.shown;
          this.shownSignature = parked.signature;
          // Built ahead as the first part of this very tree: the rest follows in steps.
          if (parked.partOf === tree && parked.shown !== tree.nodes) {
            shown = parked.shown;
            const size = firstPart(tree.nodes, FIRST_PART).size;
            this.completeLater(doc, size + STEP, selected, size, true);
          }
        }
      }
      if (shown !== tree.nodes) {
        // A part built ahead is shown: completeLater adds the rest.
      } else if (this.shown && this.shownSignature === signature) {
        if (this.shown !== tree.nodes) reconcile(components, this.shown, tree.nodes, toDefs(tree.nodes, this.defContext()));
      } else {
        // Remove, then add: `reset` would hand every old id to each nested add (O(n²)).
        // A big side comes in parts: the top first, the rest in later tasks.
        this.discard(components);
        const part = firstPart(tree.nodes, FIRST_PART);
        components.add(toDefs(part.nodes, this.defContext()) as never);
        shown = part.nodes;
        if (!part.complete) this.completeLater(doc, part.size + STEP, selected, part.size, true);
      }
    } finally {
      this.rendering -= 1;
    }
    if (shown === tree.nodes) this.completed();
    this.shown = shown;
    this.shownDoc = doc;
    this.shownSignature = signature;
    this.renderCount += 1;
    this.markScripts(tree);
    performance.mark("atd:rendered");
    this.shownWaiters.splice(0).forEach((done) => done());
    this.applyFrameLook();
    if (selected && selected.doc === doc) this.selectById(selected.id);
  }

  /** Remove what the wrapper shows for good (see ComponentCache.discard). */
  private discard(components: Components): void {
    if (!components.length) return;
    if (this.cache && !this.layersDrawn()) this.cache.discardLater(components);
    else if (this.cache) this.cache.discard(components);
    else components.remove(components.models.slice());
  }

  /** Add the next part of the side being shown (`budget` nodes in all; `shownSize` are
   *  shown now), unless what it shows changed since. The first step waits for the first
   *  part to be painted; each step sizes the next from its own pace (progressive.ts). */
  private completeLater(doc: string, budget: number, selected: Selection | null, shownSize: number, afterPaint = false): void {
    const tree = this.data.tree;
    this.completion = runLater(() => {
      this.completion = null;
      const wrapper = this.editor?.getWrapper();
      if (!wrapper || !tree || this.data.tree !== tree || this.shownDoc !== doc || !this.shown) return;
      const started = performance.now();
      const part = firstPart(tree.nodes, budget);
      this.rendering += 1;
      try {
        reconcile(wrapper.components(), this.shown, part.nodes, toDefs(part.nodes, this.defContext()));
      } finally {
        this.rendering -= 1;
      }
      this.shown = part.nodes;
      if (!part.complete) {
        const step = nextStep(part.size - shownSize, performance.now() - started);
        this.completeLater(doc, part.size + step, selected, part.size);
        return;
      }
      this.completed();
      // A selection in the part that was not there yet comes back now.
      if (selected && selected.doc === doc && !this.editor?.getSelected()) this.selectById(selected.id);
    }, afterPaint);
  }

  private neighbours: ReturnType<typeof setTimeout> | null = null;

  /** The side is shown whole: a moment later, fetch the sides a switch goes to next. */
  private completed(): void {
    this.completeCount += 1;
    if (this.neighbours !== null) clearTimeout(this.neighbours);
    this.neighbours = setTimeout(() => {
      this.neighbours = null;
      const session = this.session;
      if (!session || !this.visible || session.side === "css") return;
      const sides = [
        `c${session.cardIndex + 1}.${session.side}`,
        `c${session.cardIndex - 1}.${session.side}`,
        `c${session.cardIndex}.${session.side === "front" ? "back" : "front"}`,
      ].filter((doc) => {
        const index = Number(doc.slice(1, doc.indexOf(".")));
        return index >= 0 && index < session.draft.tmpls.length;
      });
      void this.data
        .prefetch(session, sides)
        .then(() => this.prebuild(session, sides[0]))
        .catch(() => undefined);
    }, NEIGHBOURS_AFTER_MS);
  }

  /** Build ahead the first part of `doc` (the side a switch goes to next), from what was
   *  fetched ahead; nothing when it is kept already or what it shows is not known yet. */
  private prebuild(session: EditingSession, doc: string | undefined): void {
    const editor = this.editor;
    if (!doc || !editor || !this.cache || this.cache.has(this.cacheKey(doc)) || session !== this.session || doc === this.shownDoc) return;
    const ahead = this.data.ahead(session, doc);
    if (!ahead) return;
    const part = firstPart(ahead.tree.nodes, FIRST_PART);
    this.rendering += 1;
    try {
      const defs = toDefs(part.nodes, this.defContext(doc, ahead.display));
      this.cache.prebuild(this.cacheKey(doc), defs, part.nodes, `${doc}\n${ahead.version}`, part.complete ? undefined : ahead.tree);
    } finally {
      this.rendering -= 1;
    }
    this.prebuilt += 1;
  }

  /** Sides built ahead (tests and the bench read it). */
  prebuilt = 0;

  private stopCompletion(): void {
    if (this.completion === null) return;
    this.completion();
    this.completion = null;
  }

  /** The side's one scripts marker (the count; a click opens code view). */
  private markScripts(tree: TemplateTree): void {
    const marker = document.getElementById("cv-scripts");
    if (!marker) return;
    let count = 0;
    for (const node of walkTree(tree.nodes)) if (node.t === "rawtext" && node.tag === "script") count += 1;
    marker.hidden = count === 0;
    marker.textContent = count === 1 ? "⚙ 1 script" : `⚙ ${count} scripts`;
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
    doc.body.dataset.showAll = String(document.body.dataset.showAll === "true");
  }

  /** The layer tree is built the first time it is shown: keeping ~300 hidden layer views
   *  in step costs GrapesJS a third of every render. */
  /** Whether the Layers panel was drawn (it follows the wrapper's add/remove events). */
  private layersDrawn(): boolean {
    return (document.getElementById("cv-layers")?.childElementCount ?? 0) > 0;
  }

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

  selection(): Selection | null {
    const ref = refOf(this.editor?.getSelected());
    return ref ? { doc: ref.doc, id: ref.id } : null;
  }

  findComponent(id: string): Component | null {
    const wrapper = this.editor?.getWrapper();
    if (!wrapper) return null;
    let found: Component | null = null;
    const visit = (component: Component): boolean => {
      if (refOf(component)?.id === id) {
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

  // -- operations (canvasOps.ts) ------------------------------------------------------------

  edit(ops: CanvasOp[], label: string): Promise<void> {
    return this.ops.edit(ops, label);
  }

  step(direction: "undo" | "redo"): Promise<void> {
    return this.ops.step(direction);
  }

  insertBlock(blockId: string, parent: string | null, index: number): Promise<void> {
    return this.ops.insertBlock(blockId, parent, index);
  }

  /** Blocks that insert a given template text (the user's snippets, web/src/presets; JS
   *  plugins' blocks, web/src/jsPlugins), under `category` unless a block names its own;
   *  replaces the previous set of `group`. `inserted` runs after a drop's edit. */
  setTextBlocks(category: string, blocks: { id: string; label: string; title: string; text: BlockText; category?: string; symbol?: string }[], inserted: (id: string) => void = () => undefined, group: string = category): void {
    const editor = this.ensureEditor();
    for (const id of this.ops.setTextBlocks(group, blocks, inserted)) editor.Blocks.remove(id);
    for (const block of blocks) addBlock(editor, block.id, block.label, block.category ?? category, block.symbol ?? "✦", block.title);
  }

  /** A mirror of the canvas state for tests: component types and ids in tree order. */
  describe(): { type: string; id: string; tag: string }[] {
    const out: { type: string; id: string; tag: string }[] = [];
    const visit = (component: Component): void => {
      const ref = refOf(component);
      if (ref) out.push({ type: String(component.get("type")), id: ref.id, tag: String(component.get("tagName") ?? "") });
      component.components().forEach(visit);
    };
    this.editor?.getWrapper()?.components().forEach(visit);
    return out;
  }
}
