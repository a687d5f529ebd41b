// JS plugins in the designer page: the consumer of `atd_canvas_blocks`.
//
// At start the page asks Python which blocks the enabled plugins declare
// (`jsPlugins.blocks`), gets each declared module's text (`jsPlugins.module`) and runs it
// in its own Web Worker (pluginWorker.ts). The blocks a worker registers are untrusted:
// their content goes to `jsPlugins.clean` (scripts, handlers, remote URLs removed) before
// it becomes a tile in the Blocks panel under its category; a drop inserts the cleaned
// text like any other block (canvas.edit insert), so GrapesJS only ever sees it through
// the canvas's projection of the template. A failed or refused worker is reported under
// the Blocks panel and to Python (`jsPlugins.report`); the designer keeps working.

import type { Bridge } from "../bridge";
import type { CanvasView } from "../canvas/canvasView";
import type { EditingSession } from "../session";
import { LIMITS, type DeclaredBlock, type DeclaredPanel, type RegisteredBlock } from "./messages";
import { PanelsView } from "./panelsView";
import { blobWorker, PluginWorker, type PanelContext, type WorkerFactory, type WorkerHost } from "./pluginWorker";
import { ProblemsView } from "./problemsView";

export const PLUGIN_BLOCK_GROUP = "js-plugins";
export const PLUGIN_BLOCK_PREFIX = "atd-plugin-";
/** Problems reported to Python per worker (the page lists them all). */
const REPORTED_PER_WORKER = 5;
/** Log lines kept from all workers (tests and a future panel read them). */
const MAX_LOGS = 200;

interface Listing {
  plugins: { id: string; name: string; permissions: string[]; modules: { path: string; blocks: DeclaredBlock[]; panels?: DeclaredPanel[] }[]; errors: string[] }[];
}

interface Cleaned {
  text: string;
  removed: { kind: string; message: string; excerpt: string }[];
}

export interface PluginBlock {
  tileId: string;
  worker: PluginWorker;
  block: RegisteredBlock;
  /** Cleaned fixed content; null for a block the worker renders per drop. */
  text: string | null;
  /** The tile's symbol: the declaration's `metadata.icon` (1-3 characters, shown as text). */
  symbol: string | undefined;
}

/** `metadata.icon` of a declared block when it is 1-3 characters of text. */
export function blockSymbol(declared: DeclaredBlock | undefined): string | undefined {
  const icon = declared?.metadata?.icon;
  return typeof icon === "string" && [...icon].length >= 1 && [...icon].length <= 3 ? icon : undefined;
}

export interface JsPluginsHost {
  canvas(): CanvasView;
  session(): EditingSession | null;
  status(message: string): void;
  /** Where problems are listed (inside the Blocks panel). */
  problemsContainer(): HTMLElement | null;
}

export class JsPluginsFeature {
  readonly workers: PluginWorker[] = [];
  readonly blocks = new Map<string, PluginBlock>();
  readonly problems: ProblemsView;
  readonly panels: PanelsView;
  /** The workers' `atd.log` lines, newest last. */
  readonly logs: { plugin: string; level: string; message: string }[] = [];
  /** Settles when every worker has started or failed (tests wait on it). */
  started: Promise<void> | null = null;
  private readonly reported = new Map<PluginWorker, number>();

  constructor(
    private readonly bridge: Bridge,
    private readonly host: JsPluginsHost,
    private readonly factory: WorkerFactory = blobWorker,
  ) {
    this.problems = new ProblemsView(host.problemsContainer);
    this.panels = new PanelsView({
      context: () => this.panelContext(),
      tabs: () => document.querySelector<HTMLElement>("#visual .cv-tabs"),
      panels: () => document.querySelector<HTMLElement>("#visual .cv-left"),
    });
  }

  /** What a panel may read: the side being edited and the note type's field names. */
  private panelContext(): PanelContext | null {
    const session = this.host.session();
    if (!session) return null;
    return {
      notetype: session.draft.name,
      cardType: session.draft.tmpls[session.cardIndex]?.name ?? "",
      side: session.side,
      template: session.text,
      fields: session.draft.flds.map((f) => f.name),
      isCloze: session.isCloze,
    };
  }

  /** Start every enabled plugin's modules (once per page). */
  start(): Promise<void> {
    this.started ??= this.startAll().catch((error) => this.host.status(`JS plugins could not start: ${error instanceof Error ? error.message : String(error)}`));
    return this.started;
  }

  /** A note type was opened: its canvas shows the plugin blocks. */
  opened(): void {
    this.show();
    this.problems.render();
    this.panels.check();
  }

  private async startAll(): Promise<void> {
    const listing = await this.bridge.call<Listing>("jsPlugins.blocks");
    const starts: Promise<unknown>[] = [];
    for (const plugin of listing.plugins) {
      for (const error of plugin.errors) this.problems.add({ plugin: plugin.id, name: plugin.name, message: error, fatal: false });
      for (const module of plugin.modules) {
        const worker = new PluginWorker({ id: plugin.id, name: plugin.name, permissions: plugin.permissions }, module.path, module.blocks, this.workerHost(), LIMITS, module.panels ?? []);
        this.workers.push(worker);
        starts.push(this.startWorker(worker));
      }
    }
    await Promise.all(starts);
  }

  private async startWorker(worker: PluginWorker): Promise<void> {
    let text: string;
    try {
      text = (await this.bridge.call<{ text: string }>("jsPlugins.module", { plugin: worker.plugin.id, path: worker.module })).text;
    } catch (error) {
      this.problems.add({ plugin: worker.plugin.id, name: worker.plugin.name, message: `${worker.module} could not be read: ${error instanceof Error ? error.message : String(error)}`, fatal: true });
      return;
    }
    if (await worker.start(text, this.factory)) this.panels.add(worker);
  }

  private workerHost(): WorkerHost {
    return {
      block: (worker, block) => void this.register(worker, block),
      problem: (worker, message, fatal) => this.problem(worker, message, fatal),
      log: (worker, level, message) => {
        this.logs.push({ plugin: worker.plugin.id, level, message });
        if (this.logs.length > MAX_LOGS) this.logs.shift();
        const line = `[plugin ${worker.plugin.id}] ${message}`;
        if (level === "error") console.error(line);
        else if (level === "warn") console.warn(line);
        else console.info(line);
      },
    };
  }

  private problem(worker: PluginWorker, message: string, fatal: boolean): void {
    this.problems.add({ plugin: worker.plugin.id, name: worker.plugin.name, message: fatal ? `${worker.module} ${message}` : message, fatal });
    if (fatal) {
      this.host.status(`Plugin ${worker.plugin.name} was stopped: ${message}`);
      for (const [tileId, entry] of this.blocks) if (entry.worker === worker) this.blocks.delete(tileId);
      this.panels.stopped(worker, message);
      this.show();
    }
    const count = this.reported.get(worker) ?? 0;
    if (fatal || count < REPORTED_PER_WORKER) {
      this.reported.set(worker, count + 1);
      void this.bridge.call("jsPlugins.report", { plugin: worker.plugin.id, reason: `${worker.module}: ${message}`.slice(0, 500) }).catch(() => undefined);
    }
  }

  private async clean(worker: PluginWorker, blockId: string, content: string): Promise<string> {
    const cleaned = await this.bridge.call<Cleaned>("jsPlugins.clean", { plugin: worker.plugin.id, content });
    if (cleaned.removed.length) {
      const what = [...new Set(cleaned.removed.map((r) => r.message))].join("; ");
      this.problem(worker, `block ${blockId}: removed from its content: ${what}`, false);
    }
    return cleaned.text;
  }

  private async register(worker: PluginWorker, block: RegisteredBlock): Promise<void> {
    const tileId = `${PLUGIN_BLOCK_PREFIX}${worker.plugin.id}.${block.id}`;
    let text: string | null = null;
    if (block.content !== null) {
      try {
        text = await this.clean(worker, block.id, block.content);
      } catch (error) {
        this.problem(worker, `block ${block.id} is not offered: ${error instanceof Error ? error.message : String(error)}`, false);
        return;
      }
      if (!text.trim()) {
        this.problem(worker, `block ${block.id} is not offered: nothing is left of its content once cleaned`, false);
        return;
      }
    }
    if (worker.state === "failed" || worker.state === "stopped") return;
    this.blocks.set(tileId, { tileId, worker, block, text, symbol: blockSymbol(worker.declaredBlock(block.id)) });
    this.show();
  }

  /** Text for a drop: fixed content, or the worker's answer for this note type, cleaned. */
  private async textFor(entry: PluginBlock): Promise<string> {
    if (entry.text !== null) return entry.text;
    const session = this.host.session();
    const context = { fields: session ? session.draft.flds.map((f) => f.name) : [], isCloze: session?.isCloze ?? false };
    const text = await this.clean(entry.worker, entry.block.id, await entry.worker.render(entry.block.id, context));
    if (!text.trim()) throw new Error(`${entry.worker.label}: nothing is left of block ${entry.block.id} once cleaned`);
    return text;
  }

  private show(): void {
    if (!this.host.session()) return;
    const blocks = [...this.blocks.values()].map((entry) => ({
      id: entry.tileId,
      label: entry.block.label,
      category: entry.block.category,
      title: `${entry.block.label} — from the plugin ${entry.worker.plugin.name}`,
      symbol: entry.symbol,
      text: entry.text ?? (() => this.textFor(entry)),
    }));
    this.host.canvas().setTextBlocks("Plugins", blocks, () => undefined, PLUGIN_BLOCK_GROUP);
  }
}
