// Fetching what the canvas shows: Python's tree of each side (canvas.tree) and of the
// note type's CSS, and how fields look for the chosen note (canvas.display). Trees and
// displays are kept per document, so switching card type or side back and forth asks
// Python again only for a document whose text changed. While the user looks at a side,
// the sides next to it are fetched ahead (`prefetch`), so a switch to them asks nothing.

import type { Bridge } from "../bridge";
import { parseDocKey, type EditingSession } from "../session";
import { displayRequests } from "./toDefs";
import type { CssTree, FieldDisplay, TemplateTree } from "./tree";

export const EMPTY_DISPLAY: FieldDisplay = { noteId: null, isSample: false, fragments: {}, values: {}, conditions: {} };

interface KeptTree {
  text: string;
  tree: TemplateTree;
}

interface KeptDisplay {
  key: string;
  display: FieldDisplay;
  version: number;
}

/** Documents kept at most per note type (20 card types x 2 sides fit). */
const KEEP = 48;
/** Note types left whose trees and displays are kept for a switch back. */
const KEEP_NOTETYPES = 3;

export class CanvasData {
  tree: TemplateTree | null = null;
  treeDoc = "";
  treeText = "";
  cssTree: CssTree | null = null;
  cssText: string | null = null;
  display: FieldDisplay = EMPTY_DISPLAY;
  /** Bumped whenever `display` is replaced (kept subtrees show the old fragments). */
  displayVersion = 0;
  private trees = new Map<string, KeptTree>();
  private displays = new Map<string, KeptDisplay>();
  /** Display versions are never reused, whichever note type they are for. */
  private versions = 0;
  /** Trees being fetched ahead: document → the text asked for and the reply to come. */
  private coming = new Map<string, { text: string; reply: Promise<{ docs: Record<string, TemplateTree | CssTree> }> }>();
  /** Displays being fetched ahead: document → the key asked for and the display to come. */
  private comingDisplays = new Map<string, { key: string; display: Promise<FieldDisplay> }>();
  /** What was fetched for the note types open before (newest last), kept for a switch back. */
  private readonly others = new Map<number, { trees: Map<string, KeptTree>; displays: Map<string, KeptDisplay>; css: [CssTree | null, string | null] }>();
  private notetypeId: number | null = null;

  constructor(
    private readonly bridge: Bridge,
    private readonly status: (message: string) => void,
  ) {}

  /** Start on note type `notetypeId`: what was fetched for it when it was open before
   *  is used again (kept by the text and the display request it answers, so nothing
   *  stale is shown); what is on its way for the note type left is dropped. */
  switchTo(notetypeId: number): void {
    if (this.notetypeId !== null && this.notetypeId !== notetypeId) {
      this.others.delete(this.notetypeId);
      this.others.set(this.notetypeId, { trees: this.trees, displays: this.displays, css: [this.cssTree, this.cssText] });
      while (this.others.size > KEEP_NOTETYPES) this.others.delete(this.others.keys().next().value as number);
    }
    const kept = this.notetypeId === notetypeId ? null : this.others.get(notetypeId);
    this.others.delete(notetypeId);
    if (this.notetypeId !== notetypeId) {
      this.trees = kept?.trees ?? new Map();
      this.displays = kept?.displays ?? new Map();
      if (kept) [this.cssTree, this.cssText] = kept.css;
    }
    this.notetypeId = notetypeId;
    this.tree = null;
    this.treeDoc = "";
    this.treeText = "";
    this.coming = new Map();
    this.comingDisplays = new Map();
  }

  /** Start fetching what `doc` needs (its tree and the CSS tree) unless it is kept. */
  request(session: EditingSession, doc: string): Promise<{ docs: Record<string, TemplateTree | CssTree> }> | null {
    const text = session.docText(doc);
    const css = session.draft.css;
    const kept = this.trees.get(doc);
    if (kept && kept.text === text) this.show(doc, kept.tree, text);
    const wanted: Record<string, string> = {};
    if (!this.tree || this.treeDoc !== doc || this.treeText !== text) wanted[doc] = text;
    if (this.cssText !== css) wanted.css = css;
    const coming = this.coming.get(doc);
    if (wanted[doc] !== undefined && wanted.css === undefined && coming?.text === text) return coming.reply;
    return Object.keys(wanted).length ? this.bridge.call("canvas.tree", { docs: wanted }) : null;
  }

  /** Fetch the trees and field displays of `docs` ahead, for `session`'s note (quietly:
   *  a failure here is met again, and reported, when the side is shown). */
  async prefetch(session: EditingSession, docs: string[]): Promise<void> {
    // A reply that comes after a switch to another note type is kept for this one.
    const { trees, displays, coming, comingDisplays } = this;
    const wanted: Record<string, string> = {};
    for (const doc of docs) {
      const text = session.docText(doc);
      if (trees.get(doc)?.text !== text && coming.get(doc)?.text !== text) wanted[doc] = text;
    }
    if (Object.keys(wanted).length) {
      const reply = this.bridge.call<{ docs: Record<string, TemplateTree | CssTree> }>("canvas.tree", { docs: wanted });
      for (const [doc, text] of Object.entries(wanted)) coming.set(doc, { text, reply });
      try {
        const got = await reply;
        for (const [doc, text] of Object.entries(wanted)) {
          if (coming.get(doc)?.reply === reply) coming.delete(doc);
          const tree = got.docs[doc] as TemplateTree | undefined;
          if (tree && !trees.has(doc)) this.keep(doc, tree, text, trees);
        }
      } catch {
        for (const doc of Object.keys(wanted)) if (coming.get(doc)?.reply === reply) coming.delete(doc);
        return;
      }
    }
    for (const doc of docs) {
      const kept = trees.get(doc);
      const place = parseDocKey(doc);
      if (!kept || !place || kept.text !== session.docText(doc)) continue;
      const request = this.displayRequest(session, kept.tree, place.cardIndex, place.side);
      if (displays.get(doc)?.key === request.key || comingDisplays.get(doc)?.key === request.key) continue;
      const display = this.bridge.call<FieldDisplay>("canvas.display", request.params);
      comingDisplays.set(doc, { key: request.key, display });
      try {
        const got = await display;
        if (comingDisplays.get(doc)?.display === display) comingDisplays.delete(doc);
        if (!displays.has(doc)) {
          this.versions += 1;
          displays.set(doc, { key: request.key, display: got, version: this.versions });
        }
      } catch {
        if (comingDisplays.get(doc)?.display === display) comingDisplays.delete(doc);
      }
    }
  }

  /** What was fetched ahead for `doc` and still holds (its text and display unchanged):
   *  enough to build its components before it is shown. */
  ahead(session: EditingSession, doc: string): { tree: TemplateTree; display: FieldDisplay; version: number } | null {
    const kept = this.trees.get(doc);
    const place = parseDocKey(doc);
    if (!kept || !place || kept.text !== session.docText(doc)) return null;
    const shown = this.displays.get(doc);
    if (!shown || shown.key !== this.displayRequest(session, kept.tree, place.cardIndex, place.side).key) return null;
    return { tree: kept.tree, display: shown.display, version: shown.version };
  }

  /** Adopt a canvas.tree reply fetched for these texts. */
  adopt(reply: { docs: Record<string, TemplateTree | CssTree> }, doc: string, text: string, css: string): void {
    if (reply.docs.css) this.setCss(reply.docs.css as CssTree, css);
    if (reply.docs[doc]) this.show(doc, reply.docs[doc] as TemplateTree, text);
  }

  setCss(tree: CssTree, text: string): void {
    this.cssTree = tree;
    this.cssText = text;
  }

  /** The tree `doc` now shows (after a fetch or an edit). */
  show(doc: string, tree: TemplateTree, text: string): void {
    this.tree = tree;
    this.treeDoc = doc;
    this.treeText = text;
    this.keep(doc, tree, text);
  }

  private keep(doc: string, tree: TemplateTree, text: string, trees = this.trees): void {
    trees.delete(doc);
    trees.set(doc, { text, tree });
    while (trees.size > KEEP) trees.delete(trees.keys().next().value as string);
  }

  /** Fields, tagged attribute values and conditions as Anki renders them for the chosen
   *  note; asked again only when something that changes them changed. */
  /** What canvas.display is asked for `tree` shown as card `cardIndex`'s `side`, and the
   *  key that says when an answer kept for it still holds. */
  private displayRequest(session: EditingSession, tree: TemplateTree, cardIndex: number, templateSide: "front" | "back"): { key: string; params: Record<string, unknown> } {
    const wanted = displayRequests(tree.nodes);
    const preview = session.preview;
    const cardOrd = session.isCloze ? preview.clozeNumber - 1 : cardIndex;
    const side = templateSide === "back" ? "answer" : "question";
    // Only what changes the fragments: FrontSide on the back shows the front's text.
    const front = side === "answer" && wanted.tags.includes("{{FrontSide}}") ? session.draft.tmpls[cardIndex]?.qfmt : "";
    const key = JSON.stringify([wanted, cardOrd, side, preview.noteId, front, session.draft.flds.map((f) => f.name)]);
    const params = { draft: session.draft, cardOrd, side, noteId: preview.noteId, clozeNumber: session.isCloze ? preview.clozeNumber : null, ...wanted };
    return { key, params };
  }

  async loadDisplay(session: EditingSession): Promise<void> {
    if (!this.tree || session.side === "css") return;
    const { key, params } = this.displayRequest(session, this.tree, session.cardIndex, session.side);
    const doc = this.treeDoc;
    const kept = this.displays.get(doc);
    if (kept && kept.key === key) {
      if (kept.display !== this.display) {
        this.display = kept.display;
        this.displayVersion = kept.version;
      }
      return;
    }
    const displays = this.displays;
    try {
      const coming = this.comingDisplays.get(doc);
      const display = await (coming?.key === key ? coming.display : this.bridge.call<FieldDisplay>("canvas.display", params));
      this.versions += 1;
      if (displays !== this.displays) {
        displays.set(doc, { key, display, version: this.versions }); // another note type is open now
        return;
      }
      this.display = display;
      this.displayVersion = this.versions;
      this.displays.set(doc, { key, display, version: this.versions });
    } catch (error) {
      this.versions += 1;
      this.display = EMPTY_DISPLAY; // fields then show their names
      this.displayVersion = this.versions;
      this.displays.delete(doc);
      this.status(`Field contents unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
