// GrapesJS bindings: block tiles, the editor events that become operations (drops,
// moves, class changes, removals), traits of the selected component, and the commands
// and keymaps (undo, copy/paste, duplicate, and the page's shortcuts forwarded out of
// the canvas frame).

import type { Component, Editor } from "grapesjs";
import { markupText } from "./markupSafe";
import { BLOCKS, blockMedia } from "./blocks";
import { nodeOf, position, refOf, type CanvasOps } from "./canvasOps";
import type { CanvasData } from "./canvasData";
import { elementTraits, fieldTraits, sectionTraits, type TraitDef } from "./traits";

/** What the bindings need of the view. */
export interface BindingView {
  readonly data: CanvasData;
  readonly ops: CanvasOps;
  /** Fields of the note type being edited. */
  fields(): string[];
  /** >0 while the view itself changes components (those changes are not the user's). */
  rendering: number;
  /** Untranslated canvas changes that the safety net reverted. */
  reverted: number;
  render(select?: null, fresh?: boolean): void;
  /** The next render starts afresh (GrapesJS itself changed the components). */
  forget(): void;
}

/** A block tile: its drag ghost is a component definition, never HTML for the parser.
 *  GrapesJS writes a block's label as HTML, so it is escaped (snippet names are text). */
export function addBlock(editor: Editor, id: string, label: string, category: string, symbol: string, title: string): void {
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


export function addBlocks(editor: Editor): void {
  for (const block of BLOCKS) addBlock(editor, block.id, block.label, block.category, blockMedia(block), block.label);
}

/** Traits for the selected component only (300 components with traits each cost
 *  GrapesJS hundreds of milliseconds per render). */
export function attachTraits(view: BindingView, component: Component | undefined): void {
  const node = nodeOf(view.data, component);
  if (!component || !node || component.get("atdTraits")) return;
  const fields = view.fields();
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
  view.rendering += 1;
  try {
    component.set({ ...props, atdTraits: true });
    component.setTraits(
      traits.map((trait) => ({
        ...trait,
        setValue: ({ value, partial }: { value: unknown; partial: boolean }) => {
          if (!partial) view.ops.onTrait(component, trait.name, String(value ?? ""));
        },
      })) as never,
    );
  } finally {
    view.rendering -= 1;
  }
}

export function bindEvents(editor: Editor, view: BindingView): void {
  const pendingMoves = new Set<Component>();
  let moveTimer = 0;
  const flushMoves = (): void => {
    const moved = [...pendingMoves];
    pendingMoves.clear();
    if (!moved.some((component) => refOf(component) && component.parent())) return;
    view.forget(); // GrapesJS already moved it: the next render starts afresh
    view.ops.move(moved);
  };
  editor.on("block:drag:stop", (component: Component | undefined, block: { id: string | number }) => {
    if (!component) return;
    const blockId = String(component.get("atdBlock") ?? String(block.id));
    const { parent, index } = position(component);
    view.rendering += 1;
    component.remove();
    view.rendering -= 1;
    void view.ops.insertBlock(blockId, parent, index);
  });
  // GrapesJS moved a component (canvas drag, layer tree): translate into a move op.
  editor.on("component:add", (component: Component) => {
    if (view.rendering) return;
    if (!refOf(component)) return; // a block ghost (handled on drop)
    pendingMoves.add(component);
    window.clearTimeout(moveTimer);
    moveTimer = window.setTimeout(flushMoves, 0);
  });
  editor.on("component:update:classes", (component: Component) => {
    if (!view.rendering) view.ops.onClasses(component);
  });
  editor.on("component:selected", (component: Component) => attachTraits(view, component));
  editor.on("component:remove", (component: Component) => {
    if (view.rendering || pendingMoves.size || component.get("atdBlock")) return;
    window.setTimeout(() => {
      if (pendingMoves.size || !refOf(component) || component.parent()) return;
      view.reverted += 1; // removed by something that is not ours: put the tree back
      view.render(null, true);
    }, 0);
  });
}

/** The page's shortcuts that GrapesJS would otherwise swallow inside the canvas frame. */
export const FORWARDED_KEYS: [string, string][] = [["s", "⌘+s, ctrl+s"], ["e", "⌘+e, ctrl+e"], ["=", "⌘+=, ctrl+="], ["-", "⌘+-, ctrl+-"]];

/** Whether a key event was pressed inside the canvas frame (not in the page itself,
 *  whose own listeners already see it). */
export function fromFrame(event: Event | undefined, page: Document): boolean {
  const target = event?.target as Node | null | undefined;
  if (!target) return false;
  const doc = target.nodeType === 9 ? (target as Document) : (target.ownerDocument ?? (target as unknown as { document?: Document }).document ?? null);
  return doc !== null && doc !== page;
}

export function bindCommands(editor: Editor, view: BindingView): void {
  const commands = editor.Commands;
  const ops = view.ops;
  commands.add("core:undo", { run: () => void ops.step("undo") });
  commands.add("core:redo", { run: () => void ops.step("redo") });
  commands.add("core:component-delete", {
    run: () => {
      ops.deleteSelected();
      return [];
    },
  } as never);
  editor.Keymaps.add("atd:redo-y", "⌘+y, ctrl+y", "core:redo", { prevent: true });
  // Copy, paste and duplicate carry the exact template bytes (never GrapesJS's clones).
  commands.add("core:copy", { run: () => void ops.copySelected() });
  commands.add("core:paste", { run: () => void ops.pasteClipboard() });
  commands.add("tlb-clone", { run: () => void ops.duplicateSelected() });
  commands.add("atd:duplicate", { run: () => void ops.duplicateSelected() });
  editor.Keymaps.add("atd:duplicate", "⌘+d, ctrl+d", "atd:duplicate", { prevent: true });
  // Keys pressed inside the canvas frame never reach the page: pass the page's own
  // shortcuts (save, visual/code, zoom) on to it. GrapesJS listens on the page too;
  // a key pressed there already reached the page's listeners, so it is not re-sent
  // (each shortcut acts once, wherever the focus is).
  for (const [key, keys] of FORWARDED_KEYS) {
    commands.add(`atd:page-key-${key}`, {
      run: (_editor: Editor, _sender: unknown, options: { event?: KeyboardEvent } = {}) => {
        const event = options.event;
        if (!fromFrame(event, document)) return;
        event?.preventDefault();
        document.dispatchEvent(new KeyboardEvent("keydown", { key, ctrlKey: true, bubbles: true, cancelable: true }));
      },
    });
    editor.Keymaps.add(`atd:page-key-${key}`, keys, `atd:page-key-${key}`);
  }
}
