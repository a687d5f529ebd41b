// Creates the GrapesJS editor, quiet and locked down (docs/canvas-design.md §4, §5):
// no telemetry, no storage, no CDN icons, no undo manager of its own (ours covers canvas
// and code), a sandboxed canvas frame in which nothing runs, and a tripwire on GrapesJS's
// HTML/CSS parsers, which must never see template text.

import grapesjs, { type Editor } from "grapesjs";
import { registerComponentTypes, type TextCommit } from "./componentTypes";
import { installMarkupSafety } from "./markupSafe";

export const DEVICES = [
  { id: "desktop", name: "Desktop", width: "" },
  { id: "tablet", name: "Tablet", width: "768px", widthMedia: "" },
  { id: "phone", name: "Phone", width: "375px", widthMedia: "" },
] as const;

export interface CanvasEditorOptions {
  container: HTMLElement;
  panels: { blocks: string; traits: string; classes: string; styles: string };
  /** Origin of Anki's media server and the designer's own files. */
  origin: string;
  /** URL of the folder holding canvas.css. */
  distUrl: string;
  /** Called if anything tries to make GrapesJS parse markup or CSS. */
  parserUsed: (what: string) => void;
  /** A text element's rich-text editing finished with these runs. */
  commitText: TextCommit;
}

/** Sandbox every canvas frame before its first navigation: nothing can run inside it.
 *  GrapesJS 0.23 also leaves an unused, empty 0x0 frame (a canvas view built while it
 *  starts, before any listener can be attached); it is removed once the editor has
 *  loaded, so the only frame in the page is the sandboxed canvas. */
function sandboxFrames(editor: Editor, container: HTMLElement): void {
  editor.on("frame:render", (view: { el: HTMLIFrameElement }) => {
    view.el.setAttribute("sandbox", "allow-same-origin");
  });
  const removeStrays = (): void => {
    const canvasFrame = editor.Canvas.getFrameEl();
    for (const frame of container.querySelectorAll("iframe")) {
      if (frame !== canvasFrame && !frame.hasAttribute("sandbox")) (frame.parentElement ?? frame).remove();
    }
  };
  editor.on("load", removeStrays);
  editor.on("canvas:frame:load", removeStrays);
}

function installParserTripwire(editor: Editor, parserUsed: (what: string) => void): void {
  const parser = editor.Parser as unknown as Record<string, unknown>;
  parser.parseHtml = () => {
    parserUsed("parseHtml");
    return { html: [], css: [] };
  };
  parser.parseCss = () => {
    parserUsed("parseCss");
    return [];
  };
}

export function createCanvasEditor(options: CanvasEditorOptions): Editor {
  const editor = grapesjs.init({
    container: options.container,
    height: "100%",
    width: "auto",
    fromElement: false,
    telemetry: false,
    storageManager: false,
    undoManager: false,
    cssIcons: "",
    noticeOnUnload: false,
    devicePreviewMode: true,
    protectedCss: "",
    showOffsets: false,
    avoidInlineStyle: true,
    panels: { defaults: [] },
    deviceManager: { devices: DEVICES.map((d) => ({ ...d })) },
    canvas: {
      frameStyle: "",
      allowExternalDrop: false,
      scripts: [],
      styles: [
        `${options.origin}/_anki/css/webview.css`,
        `${options.origin}/_anki/css/reviewer.css`,
        `${options.distUrl}canvas.css`,
      ],
    },
    blockManager: { appendTo: options.panels.blocks, blocks: [] },
    layerManager: {}, // rendered on demand: CanvasView.showLayers
    traitManager: { appendTo: options.panels.traits },
    selectorManager: { appendTo: options.panels.classes, componentFirst: true },
    styleManager: { appendTo: options.panels.styles, sectors: [] },
    colorPicker: { preferredFormat: "hex" },
    assetManager: { assets: [], upload: false },
    modal: { custom: true },
    keymaps: { defaults: {} },
    richTextEditor: { actions: ["bold", "italic", "underline", "strikethrough"] },
    // A plugin runs before GrapesJS first renders: frames made during `init` are sandboxed
    // and names are escaped from the very first badge on.
    plugins: [
      (created: Editor) => {
        installMarkupSafety(created);
        sandboxFrames(created, options.container);
        installParserTripwire(created, options.parserUsed);
      },
    ],
  } as unknown as Parameters<typeof grapesjs.init>[0]);
  // `storageManager: false` leaves autosave on: GrapesJS would then serialize the whole
  // project (toJSON of every component) after every change, a quarter of each render.
  editor.Storage.setAutosave(false);
  registerComponentTypes(editor, () => options.origin, options.commitText);
  return editor;
}
