// Presets and first steps, wired into the designer: the Presets… panel, the snippet
// blocks, the start panel for empty note types, and the first-run tour
// (the Help button's menu is ../helpMenu.ts).

import type { Bridge } from "../bridge";
import type { EditorView } from "../editorView";
import { parseDocKey, type EditingSession } from "../session";
import { PresetApi } from "./api";
import { GalleryPanel } from "./galleryPanel";
import { SnippetBlocks } from "./snippetBlocks";
import { StartPanel } from "./startPanel";
import { Tour } from "./tour";

interface AtdRefLike {
  doc: string;
  id: string;
}

export interface PresetsHost {
  session(): EditingSession | null;
  editor: EditorView;
  status(message: string): void;
  night(): boolean;
  /** The draft changed outside the editor (title, save button). */
  changed(): void;
}

export class PresetsFeature {
  readonly api: PresetApi;
  readonly gallery: GalleryPanel;
  readonly snippets: SnippetBlocks;
  readonly start: StartPanel;
  readonly tour: Tour;

  constructor(
    bridge: Bridge,
    private readonly host: PresetsHost,
  ) {
    this.api = new PresetApi(bridge);
    const redraw = () => {
      host.editor.render();
      host.changed();
    };
    this.snippets = new SnippetBlocks(this.api, () => host.editor.canvas, host.session, redraw, host.status);
    this.gallery = new GalleryPanel(this.api, {
      session: host.session,
      redraw,
      status: host.status,
      night: host.night,
      selection: () => this.selection(),
      presetsChanged: (presets) => void this.snippets.update(presets).catch(() => undefined),
    });
    this.start = new StartPanel(() => void this.gallery.open());
    this.tour = new Tour(bridge);
  }

  /** A note type was opened: the start panel and the snippet blocks follow it. */
  async opened(): Promise<void> {
    const session = this.host.session();
    if (!session) return;
    this.start.update(session.draft);
    const listed = await this.api.list();
    this.gallery.presets = listed.presets;
    await this.snippets.update(listed.presets);
  }

  /** The page is ready: the tour, the first time. */
  async ready(): Promise<void> {
    await this.tour.startIfNew();
  }

  /** The canvas's selected components on the side being edited. */
  private selection(): { cardOrd: number; side: "front" | "back"; nodeIds: string[] } | null {
    const session = this.host.session();
    const editor = this.host.editor.canvas.editor;
    const doc = session ? parseDocKey(session.docKey) : null;
    if (!session || !editor || !doc) return null;
    const ids = editor
      .getSelectedAll()
      .map((component) => component.get("atd") as AtdRefLike | undefined)
      .filter((ref): ref is AtdRefLike => !!ref && ref.doc === session.docKey && !!ref.id)
      .map((ref) => ref.id);
    return ids.length ? { cardOrd: doc.cardIndex, side: doc.side, nodeIds: ids } : null;
  }
}
