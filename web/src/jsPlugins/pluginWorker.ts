// One JS plugin module running in its own Web Worker, watched by the page.
//
// The page starts the worker, asks `init` and waits at most LIMITS.initMs for `ready`;
// every later request (`render` for a block, `panel` for a side-bar panel's view) has
// LIMITS.requestMs. A worker that misses a deadline, throws an uncaught error, or sends
// more than LIMITS.maxMessages messages of its own (answers to the page's requests are
// not counted) is terminated and reported as failed; the designer carries on. Every message it sends passes the
// gate of messages.ts first: a refused one is reported and not acted on.

import { checkWorkerMessage, LIMITS, WORKER_MESSAGES, type DeclaredBlock, type DeclaredPanel, type PageRequest, type RegisteredBlock, type ViewItem, type WorkerMessage } from "./messages";
import { moduleLine, workerSource } from "./workerSource";

/** The part of a Worker this file uses (tests give a fake one). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string; lineno?: number; preventDefault?: () => void }) => void) | null;
  onmessageerror: ((event: unknown) => void) | null;
}

export type WorkerFactory = (source: string, name: string) => WorkerLike;

/** A real dedicated worker from a Blob URL (the CSP allows `worker-src blob:` only). */
export const blobWorker: WorkerFactory = (source, name) => {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url, { name });
  // The worker's script is read when its fetch starts; give it a moment, then drop the URL.
  setTimeout(() => URL.revokeObjectURL(url), 5000);
  return worker as unknown as WorkerLike;
};

export interface WorkerHost {
  block(worker: PluginWorker, block: RegisteredBlock): void;
  /** A refused message (`fatal` false) or the reason the worker was terminated. */
  problem(worker: PluginWorker, message: string, fatal: boolean): void;
  log(worker: PluginWorker, level: string, message: string): void;
}

export interface WorkerPlugin {
  id: string;
  name: string;
  permissions: string[];
}

export type WorkerState = "starting" | "ready" | "failed" | "stopped";

/** What a panel is told about the note type being edited (read-only copies). */
export interface PanelContext {
  notetype: string;
  cardType: string;
  side: "front" | "back" | "css";
  /** The text of the side being edited (the CSS on the Styling side). */
  template: string;
  fields: string[];
  isCloze: boolean;
}

/** Why the page asks a panel for its view: opened, the draft changed, a button clicked. */
export type PanelEvent = { kind: "open" } | { kind: "context" } | { kind: "click"; button: string };

interface Waiting {
  request: PageRequest;
  /** The panel a `panel` request asked (its answer must name it). */
  panel?: string;
  resolve: (message: WorkerMessage) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class PluginWorker {
  state: WorkerState = "starting";
  /** Why it failed (null while it has not). */
  failure: string | null = null;
  messages = 0;
  /** Milliseconds from creating the worker to its `ready` (null until then). */
  readyMs: number | null = null;
  private worker: WorkerLike | null = null;
  private nextRequest = 0;
  private readonly waiting = new Map<number, Waiting>();
  private readonly declared: Map<string, DeclaredBlock>;
  private readonly panels: Map<string, DeclaredPanel>;
  private readonly permissions: Set<string>;
  readonly registered = new Set<string>();

  constructor(
    readonly plugin: WorkerPlugin,
    readonly module: string,
    blocks: DeclaredBlock[],
    private readonly host: WorkerHost,
    private readonly limits: typeof LIMITS = LIMITS,
    panels: DeclaredPanel[] = [],
  ) {
    this.declared = new Map(blocks.map((b) => [b.id, b]));
    this.panels = new Map(panels.map((p) => [p.id, p]));
    this.permissions = new Set(plugin.permissions);
  }

  get label(): string {
    return `${this.plugin.name} (${this.plugin.id}/${this.module})`;
  }

  /** The panels the plugin declared in Python for this module. */
  get declaredPanels(): DeclaredPanel[] {
    return [...this.panels.values()];
  }

  /** The block as the plugin declared it in Python. */
  declaredBlock(id: string): DeclaredBlock | undefined {
    return this.declared.get(id);
  }

  /** Start the module; resolves true once it answered `init`, false if it failed. */
  async start(moduleText: string, factory: WorkerFactory = blobWorker): Promise<boolean> {
    const began = performance.now();
    try {
      this.worker = factory(workerSource(moduleText, `atd-plugin/${this.plugin.id}/${this.module}`), `atd-plugin:${this.plugin.id}`);
    } catch (error) {
      this.fail(`could not start its worker: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      const line = moduleLine(event.lineno);
      this.fail(`its module raised ${event.message ?? "an error"}${line ? ` (${this.module} line ${line})` : ""}`);
    };
    this.worker.onmessageerror = () => this.problem("a message that cannot be read (not structured-cloneable data)");
    try {
      await this.request("init", { plugin: this.plugin.id, permissions: this.plugin.permissions, blocks: [...this.declared.values()], panels: this.declaredPanels }, this.limits.initMs);
    } catch {
      return false; // already reported by fail()
    }
    if (this.state !== "starting") return false;
    this.state = "ready";
    this.readyMs = performance.now() - began;
    return true;
  }

  /** Ask the worker for a block's content made for `context` (a block registered with render). */
  async render(blockId: string, context: { fields: string[]; isCloze: boolean }): Promise<string> {
    const reply = await this.request("render", { id: blockId, context }, this.limits.requestMs);
    if (reply.type !== "rendered") throw new Error(`${this.label}: block ${blockId}: not a rendered answer`);
    if (reply.error !== null) throw new Error(`${this.label}: block ${blockId} could not be made: ${reply.error}`);
    return reply.content as string;
  }

  /** Ask the worker for a panel's view (checked by the gate), for `event`, given `context`. */
  async panel(panelId: string, event: PanelEvent, context: PanelContext): Promise<ViewItem[]> {
    const reply = await this.request("panel", { panel: panelId, event: event.kind, button: event.kind === "click" ? event.button : null, context }, this.limits.requestMs, panelId);
    if (reply.type !== "renderPanel") throw new Error(`${this.label}: panel ${panelId}: not a view`);
    if (reply.error !== null) throw new Error(`panel ${panelId} could not be shown: ${reply.error}`);
    return reply.view as ViewItem[];
  }

  /** Stop the worker (the designer closes, or the plugin is turned off). */
  stop(): void {
    if (this.state === "failed" || this.state === "stopped") return;
    this.state = "stopped";
    this.end(new Error(`${this.label} was stopped`));
  }

  private request(request: PageRequest, data: unknown, timeoutMs: number, panel?: string): Promise<WorkerMessage> {
    const worker = this.worker;
    if (!worker || this.state === "failed" || this.state === "stopped") return Promise.reject(new Error(`${this.label} is not running`));
    const requestId = ++this.nextRequest;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(request === "init" ? `did not start within ${timeoutMs} ms (a loop that never ends?); it was terminated` : `did not answer ${request} within ${timeoutMs} ms; it was terminated`);
      }, timeoutMs);
      this.waiting.set(requestId, { request, panel, resolve, reject, timer });
      try {
        worker.postMessage({ type: request, requestId, data });
      } catch (error) {
        this.fail(`could not be sent ${request}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  private receive(data: unknown): void {
    if (this.state === "failed" || this.state === "stopped") return;
    // The flood limit counts what the worker sends by itself: an answer to a request the
    // page is waiting for is bounded by the page's own requests (a panel shown through a
    // long session answers one per edit and click).
    if (!this.answersWaiting(data) && ++this.messages > this.limits.maxMessages) {
      this.fail(`sent more than ${this.limits.maxMessages} messages; it was terminated`);
      return;
    }
    const checked = checkWorkerMessage(
      data,
      { permissions: this.permissions, declared: this.declared, registered: this.registered, panels: this.panels },
      (requestId, request) => typeof requestId === "number" && this.waiting.get(requestId)?.request === request,
    );
    if (!checked.ok) {
      this.problem(`refused: ${checked.problem}`);
      this.refuseAnswer(data, checked.problem);
      return;
    }
    const message = checked.message;
    if (message.type === "ready" || message.type === "rendered" || message.type === "renderPanel") {
      const waiting = this.waiting.get(message.requestId) as Waiting;
      if (message.type === "renderPanel" && waiting.panel !== message.panel) {
        this.problem(`refused: renderPanel names the panel ${message.panel}, but the page asked for ${waiting.panel}`);
        return;
      }
      this.waiting.delete(message.requestId);
      clearTimeout(waiting.timer);
      waiting.resolve(message);
    } else if (message.type === "registerBlock") {
      this.registered.add(message.block.id);
      this.host.block(this, message.block);
    } else {
      this.host.log(this, message.level, message.message);
    }
  }

  /** Whether `data` is of the type that answers a request the page is waiting for. */
  private answersWaiting(data: unknown): boolean {
    const message = data as { type?: unknown; requestId?: unknown } | null;
    if (typeof message?.type !== "string" || typeof message.requestId !== "number") return false;
    const waiting = this.waiting.get(message.requestId);
    return waiting !== undefined && Object.prototype.hasOwnProperty.call(WORKER_MESSAGES, message.type) && WORKER_MESSAGES[message.type].answers === waiting.request;
  }

  /** A refused panel view that answers a waiting request ends that request with the
   *  reason at once (the panel shows it), rather than at its deadline. */
  private refuseAnswer(data: unknown, problem: string): void {
    const message = data as { type?: unknown; requestId?: unknown } | null;
    if (message?.type !== "renderPanel" || typeof message.requestId !== "number") return;
    const waiting = this.waiting.get(message.requestId);
    if (waiting?.request !== "panel") return;
    this.waiting.delete(message.requestId);
    clearTimeout(waiting.timer);
    waiting.reject(new Error(`its view was refused: ${problem}`));
  }

  private problem(message: string): void {
    this.host.problem(this, message, false);
  }

  private fail(reason: string): void {
    if (this.state === "failed" || this.state === "stopped") return;
    this.state = "failed";
    this.failure = reason;
    this.end(new Error(`${this.label} ${reason}`));
    this.host.problem(this, reason, true);
  }

  private end(error: Error): void {
    this.worker?.terminate();
    if (this.worker) {
      this.worker.onmessage = null;
      this.worker.onerror = null;
      this.worker.onmessageerror = null;
    }
    for (const waiting of this.waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
    this.waiting.clear();
  }
}
