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
  log: { permission: null, answers: null },
};

/** Messages the page sends a worker; each expects its answer within a time limit. */
export const PAGE_REQUESTS = ["init", "render"] as const;
export type PageRequest = (typeof PAGE_REQUESTS)[number];

export const LIMITS = {
  /** The worker must answer `init` this soon after it starts, or it is terminated. */
  initMs: 2000,
  /** Every later request (`render`) must be answered this soon. */
  requestMs: 1000,
  /** Messages one worker may send in its life; more is a runaway, terminated. */
  maxMessages: 500,
  maxContentChars: 64 * 1024,
  maxLabelChars: 100,
  maxLogChars: 2000,
};

export const LOG_LEVELS = new Set(["info", "warn", "error"]);

/** A block as the plugin declared it in Python (atd_canvas_blocks). */
export interface DeclaredBlock {
  id: string;
  label: string;
  category: string;
  module: string;
  metadata: Record<string, unknown>;
}

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
  | { type: "log"; level: string; message: string };

export type Checked = { ok: true; message: WorkerMessage } | { ok: false; problem: string };

export interface GateContext {
  permissions: ReadonlySet<string>;
  /** Blocks of this worker's module, by id. */
  declared: ReadonlyMap<string, DeclaredBlock>;
  /** Block ids already registered by this worker. */
  registered: ReadonlySet<string>;
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
    default: {
      const level = typeof data.level === "string" && LOG_LEVELS.has(data.level) ? data.level : "info";
      return { ok: true, message: { type: "log", level, message: String(data.message ?? "").slice(0, LIMITS.maxLogChars) } };
    }
  }
}
