// The user's snippets (and the built-in ones) as blocks under "My snippets" in the
// canvas's block panel. A drop inserts the snippet's text, fields renamed for this note
// type by presets.snippetText, exactly where it was dropped (canvas.edit insert); a snippet's
// CSS, when the styling lacks it, follows as a second step ("Add styles of …").

import type { CanvasView } from "../canvas/canvasView";
import type { EditingSession } from "../session";
import type { PresetApi } from "./api";
import type { PresetSummary } from "./types";

export const SNIPPET_CATEGORY = "My snippets";
export const SNIPPET_BLOCK_PREFIX = "atd-snippet-";

export class SnippetBlocks {
  private byBlock = new Map<string, PresetSummary>();
  /** Block ids shown now (tests read them). */
  shown: string[] = [];
  private ticket = 0;

  constructor(
    private readonly api: PresetApi,
    private readonly canvas: () => CanvasView,
    private readonly session: () => EditingSession | null,
    private readonly changed: () => void,
    private readonly status: (message: string) => void,
  ) {}

  /** Show `presets`' snippets for the current note type (call after opening one). */
  async update(presets: PresetSummary[]): Promise<void> {
    const session = this.session();
    if (!session) return;
    const ticket = ++this.ticket;
    const snippets = presets.filter((p) => p.kind === "snippet");
    const fields = session.draft.flds.map((f) => f.name);
    const texts = await Promise.all(snippets.map((p) => this.api.snippetText(p.id, fields).catch(() => null)));
    if (ticket !== this.ticket || session !== this.session()) return;
    const blocks = [];
    this.byBlock = new Map();
    for (const [index, preset] of snippets.entries()) {
      const text = texts[index];
      if (!text) continue;
      const id = SNIPPET_BLOCK_PREFIX + preset.id;
      this.byBlock.set(id, preset);
      blocks.push({ id, label: preset.name, title: preset.description || preset.name, text });
    }
    this.canvas().setTextBlocks(SNIPPET_CATEGORY, blocks, (id) => void this.addStyles(id));
    this.shown = blocks.map((b) => b.id);
  }

  private async addStyles(blockId: string): Promise<void> {
    const preset = this.byBlock.get(blockId);
    const session = this.session();
    if (!preset || !session) return;
    try {
      const reply = await this.api.apply(preset.id, session.draft);
      if (session !== this.session() || reply.draft.css === session.draft.css) return;
      session.applyDocTexts({ css: reply.draft.css }, `Add styles of ${preset.name}`, null, null);
      this.changed();
    } catch (error) {
      this.status(`The styles of ${preset.name} were not added: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
