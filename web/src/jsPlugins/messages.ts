// The message API between the designer page and a JS plugin's Web Worker, and the gate
// every message from a worker passes. A worker has no bridge and no DOM; postMessage is
// all it has, and each message type it may send needs the manifest permission named
// here. A message that is not granted, not known or not well formed is refused (and
// reported), never acted on. Pure: no DOM, no Worker (web/tests/jsPlugins.test.ts).

/** Messages a worker may send: the permission each needs (null: none) and whether it is
 *  the answer to a request of the page. */
export const WORKER_MESSAGES: Record<string, { permission: string | null; answers: string | null }> = {
  ready: { permission: null, answers: "init" },
  rendered: { permission: "canvas:blocks", answers: "render" },
  registerBlock: { permission: "canvas:blocks", answers: null },
  renderPanel: { permission: "canvas:panels", answers: "panel" },
  log: { permission: null, answers: null },
};

/** Messages the page sends a worker; each expects its answer within a time limit. */
export const PAGE_REQUESTS = ["init", "render", "panel"] as const;
export type PageRequest = (typeof PAGE_REQUESTS)[number];

export const LIMITS = {
  /** The worker must answer `init` this soon after it starts, or it is terminated. */
  initMs: 2000,
  /** Every later request (`render`, `panel`) must be answered this soon. */
  requestMs: 1000,
  /** Messages one worker may send in its life; more is a runaway, terminated. */
  maxMessages: 500,
  maxContentChars: 64 * 1024,
  maxLabelChars: 100,
  maxLogChars: 2000,
  /** A panel's view: items, lines of one list, characters of one text, of the whole view. */
  maxViewItems: 100,
  maxListItems: 200,
  maxViewTextChars: 2000,
  maxViewChars: 64 * 1024,
};

/** What a panel's view may hold; the page draws each as text (never markup). */
export const VIEW_KINDS = new Set(["heading", "text", "button", "list", "code"]);
/** A button's id, sent back in `panel` requests when it is clicked. */
export const VIEW_BUTTON_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export const LOG_LEVELS = new Set(["info", "warn", "error"]);

/** A block as the plugin declared it in Python (atd_canvas_blocks). */
export interface DeclaredBlock {
  id: string;
  label: string;
  category: string;
  module: string;
  metadata: Record<string, unknown>;
}

/** A side-bar panel as the plugin declared it in Python (atd_panels). */
export interface DeclaredPanel {
  id: string;
  title: string;
  module: string;
}

/** One item of a panel's declarative view. */
export type ViewItem =
  | { kind: "heading" | "text" | "code"; text: string }
  | { kind: "button"; text: string; id: string }
  | { kind: "list"; text: string; items: string[] };

export interface RegisteredBlock {
  id: string;
  label: string;
  category: string;
  /** Fixed content (untrusted until cleaned); null when the worker renders it per drop. */
  content: string | null;
}

export type WorkerMessage =
  | { type: "ready"; requestId: number }
  | { type: "rendered"; requestId: number; content: string | null; error: string | null }
  | { type: "registerBlock"; block: RegisteredBlock }
  | { type: "renderPanel"; requestId: number; panel: string; view: ViewItem[] | null; error: string | null }
  | { type: "log"; level: string; message: string };

export type Checked = { ok: true; message: WorkerMessage } | { ok: false; problem: string };

export interface GateContext {
  permissions: ReadonlySet<string>;
  /** Blocks of this worker's module, by id. */
  declared: ReadonlyMap<string, DeclaredBlock>;
  /** Block ids already registered by this worker. */
  registered: ReadonlySet<string>;
  /** Panels of this worker's module, by id (none: every renderPanel is refused). */
  panels?: ReadonlyMap<string, DeclaredPanel>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function shortText(value: unknown, limit: number): string | null {
  return typeof value === "string" && value.length > 0 && value.length <= limit ? value : null;
}

function describe(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function refuse(problem: string): Checked {
  return { ok: false, problem };
}

function checkRegisterBlock(data: Record<string, unknown>, context: GateContext): Checked {
  const id = data.id;
  if (typeof id !== "string" || !context.declared.has(id)) {
    const known = [...context.declared.keys()].join(", ") || "none";
    return refuse(`registerBlock: block id ${describe(id)} is not declared by the plugin's atd_canvas_blocks for this module (declared: ${known})`);
  }
  if (context.registered.has(id)) return refuse(`registerBlock: block ${id} is already registered`);
  const declared = context.declared.get(id) as DeclaredBlock;
  const label = data.label === undefined ? declared.label : shortText(data.label, LIMITS.maxLabelChars);
  const category = data.category === undefined ? declared.category : shortText(data.category, LIMITS.maxLabelChars);
  if (label === null || category === null) return refuse(`registerBlock ${id}: label and category must be text of 1-${LIMITS.maxLabelChars} characters`);
  const dynamic = data.dynamic === true;
  if (dynamic && data.content !== undefined) return refuse(`registerBlock ${id}: give either content or a render function, not both`);
  if (!dynamic && (typeof data.content !== "string" || data.content.trim() === "")) return refuse(`registerBlock ${id}: content must be non-empty template text`);
  if (!dynamic && (data.content as string).length > LIMITS.maxContentChars) return refuse(`registerBlock ${id}: content is ${(data.content as string).length} characters (at most ${LIMITS.maxContentChars})`);
  return { ok: true, message: { type: "registerBlock", block: { id, label, category, content: dynamic ? null : (data.content as string) } } };
}

/** A view from a worker, checked item by item: known kinds only, text that is text, sizes
 *  capped, button ids unique. Only the fields of each kind are kept. */
export function checkView(view: unknown, limits: typeof LIMITS = LIMITS): { ok: true; view: ViewItem[] } | { ok: false; problem: string } {
  if (!Array.isArray(view)) return { ok: false, problem: `the view must be a list of items, not ${describe(view)}` };
  if (view.length > limits.maxViewItems) return { ok: false, problem: `the view has ${view.length} items (at most ${limits.maxViewItems})` };
  const items: ViewItem[] = [];
  const buttons = new Set<string>();
  let chars = 0;
  const text = (value: unknown, where: string, empty = false): string | { problem: string } => {
    if (typeof value !== "string" || (!empty && value.length === 0)) return { problem: `${where}: text must be a string${empty ? "" : " of at least one character"}, not ${describe(value)}` };
    if (value.length > limits.maxViewTextChars) return { problem: `${where}: text is ${value.length} characters (at most ${limits.maxViewTextChars})` };
    chars += value.length;
    return value;
  };
  for (const [index, item] of view.entries()) {
    const where = `item ${index}`;
    if (!isRecord(item)) return { ok: false, problem: `${where} is not {kind, text}: ${describe(item)}` };
    const kind = item.kind;
    if (typeof kind !== "string" || !VIEW_KINDS.has(kind)) return { ok: false, problem: `${where}: unknown kind ${describe(kind)} (known: ${[...VIEW_KINDS].join(", ")})` };
    const label = text(kind === "list" && item.text === undefined ? "" : item.text, `${where} (${kind})`, kind === "list");
    if (typeof label !== "string") return { ok: false, problem: label.problem };
    if (kind === "button") {
      const id = item.id;
      if (typeof id !== "string" || !VIEW_BUTTON_ID.test(id)) return { ok: false, problem: `${where} (button): id ${describe(id)} must match ${VIEW_BUTTON_ID.source}` };
      if (buttons.has(id)) return { ok: false, problem: `${where} (button): id ${id} is used twice` };
      buttons.add(id);
      items.push({ kind, text: label, id });
    } else if (kind === "list") {
      if (!Array.isArray(item.items)) return { ok: false, problem: `${where} (list): items must be a list of strings` };
      if (item.items.length > limits.maxListItems) return { ok: false, problem: `${where} (list) has ${item.items.length} items (at most ${limits.maxListItems})` };
      const lines: string[] = [];
      for (const [line, value] of item.items.entries()) {
        const checked = text(value, `${where} (list) line ${line}`);
        if (typeof checked !== "string") return { ok: false, problem: checked.problem };
        lines.push(checked);
      }
      items.push({ kind, text: label, items: lines });
    } else {
      items.push({ kind: kind as "heading" | "text" | "code", text: label });
    }
    if (chars > limits.maxViewChars) return { ok: false, problem: `the view has more than ${limits.maxViewChars} characters of text` };
  }
  return { ok: true, view: items };
}

function checkRenderPanel(data: Record<string, unknown>, context: GateContext): Checked {
  const panel = data.panel;
  if (typeof panel !== "string" || !context.panels?.has(panel)) {
    const known = [...(context.panels?.keys() ?? [])].join(", ") || "none";
    return refuse(`renderPanel: panel ${describe(panel)} is not declared by the plugin's atd_panels for this module (declared: ${known})`);
  }
  const requestId = data.requestId as number;
  if (data.error !== undefined) return { ok: true, message: { type: "renderPanel", requestId, panel, view: null, error: String(data.error).slice(0, LIMITS.maxLogChars) } };
  const checked = checkView(data.view);
  if (!checked.ok) return refuse(`renderPanel ${panel}: ${checked.problem}`);
  return { ok: true, message: { type: "renderPanel", requestId, panel, view: checked.view, error: null } };
}

/** Gate one message from a worker: its type must be known and granted, its shape right,
 *  and an answer must answer a request the page is waiting for (`pending`). */
export function checkWorkerMessage(data: unknown, context: GateContext, pending: (requestId: unknown, request: string) => boolean): Checked {
  if (!isRecord(data) || typeof data.type !== "string") return refuse(`a message that is not {type, ...}: ${describe(data)}`);
  const spec = Object.prototype.hasOwnProperty.call(WORKER_MESSAGES, data.type) ? WORKER_MESSAGES[data.type] : undefined;
  if (!spec) return refuse(`unknown message type ${describe(data.type)} (known: ${Object.keys(WORKER_MESSAGES).join(", ")})`);
  if (spec.permission !== null && !context.permissions.has(spec.permission)) {
    return refuse(`${data.type} needs the permission ${spec.permission}, which the plugin's plugin.json does not declare`);
  }
  if (spec.answers !== null && !pending(data.requestId, spec.answers)) return refuse(`${data.type} answers no ${spec.answers} request the page is waiting for`);
  switch (data.type) {
    case "ready":
      return { ok: true, message: { type: "ready", requestId: data.requestId as number } };
    case "rendered": {
      const error = data.error === undefined ? null : String(data.error).slice(0, LIMITS.maxLogChars);
      const content = typeof data.content === "string" ? data.content : null;
      if (error === null && (content === null || content.trim() === "")) return refuse("rendered: content must be non-empty template text");
      if (content !== null && content.length > LIMITS.maxContentChars) return refuse(`rendered: content is ${content.length} characters (at most ${LIMITS.maxContentChars})`);
      return { ok: true, message: { type: "rendered", requestId: data.requestId as number, content, error } };
    }
    case "registerBlock":
      return checkRegisterBlock(data, context);
    case "renderPanel":
      return checkRenderPanel(data, context);
    default: {
      const level = typeof data.level === "string" && LOG_LEVELS.has(data.level) ? data.level : "info";
      return { ok: true, message: { type: "log", level, message: String(data.message ?? "").slice(0, LIMITS.maxLogChars) } };
    }
  }
}
