// Fetching what the canvas shows: Python's tree of each side (canvas.tree) and of the
// note type's CSS, and how fields look for the chosen note (canvas.display). Trees and
// displays are kept per document, so switching card type or side back and forth asks
// Python again only for a document whose text changed.

import type { Bridge } from "../bridge";
import type { EditingSession } from "../session";
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

/** Documents kept at most (20 card types x 2 sides fit). */
const KEEP = 48;

export class CanvasData {
  tree: TemplateTree | null = null;
  treeDoc = "";
  treeText = "";
  cssTree: CssTree | null = null;
  cssText: string | null = null;
  display: FieldDisplay = EMPTY_DISPLAY;
  /** Bumped whenever `display` is replaced (kept subtrees show the old fragments). */
  displayVersion = 0;
  private readonly trees = new Map<string, KeptTree>();
  private readonly displays = new Map<string, KeptDisplay>();
  private versions = 0;

  constructor(
    private readonly bridge: Bridge,
    private readonly status: (message: string) => void,
  ) {}

  reset(): void {
    this.tree = null;
    this.treeDoc = "";
    this.treeText = "";
    this.trees.clear();
    this.displays.clear();
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
    return Object.keys(wanted).length ? this.bridge.call("canvas.tree", { docs: wanted }) : null;
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
    this.trees.delete(doc);
    this.trees.set(doc, { text, tree });
    while (this.trees.size > KEEP) this.trees.delete(this.trees.keys().next().value as string);
  }

  /** Fields, tagged attribute values and conditions as Anki renders them for the chosen
   *  note; asked again only when something that changes them changed. */
  async loadDisplay(session: EditingSession): Promise<void> {
    if (!this.tree) return;
    const wanted = displayRequests(this.tree.nodes);
    const preview = session.preview;
    const cardOrd = session.isCloze ? preview.clozeNumber - 1 : session.cardIndex;
    const side = session.side === "back" ? "answer" : "question";
    // Only what changes the fragments: FrontSide on the back shows the front's text.
    const front = side === "answer" && wanted.tags.includes("{{FrontSide}}") ? session.draft.tmpls[session.cardIndex]?.qfmt : "";
    const key = JSON.stringify([wanted, cardOrd, side, preview.noteId, front, session.draft.flds.map((f) => f.name)]);
    const doc = this.treeDoc;
    const kept = this.displays.get(doc);
    if (kept && kept.key === key) {
      if (kept.display !== this.display) {
        this.display = kept.display;
        this.displayVersion = kept.version;
      }
      return;
    }
    try {
      const display = await this.bridge.call<FieldDisplay>("canvas.display", {
        draft: session.draft,
        cardOrd,
        side,
        noteId: preview.noteId,
        clozeNumber: session.isCloze ? preview.clozeNumber : null,
        ...wanted,
      });
      this.versions += 1;
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
