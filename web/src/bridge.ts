// The page side of the bridge protocol (see docs/bridge.md and sdk/protocol.py).
//
// Requests go out through Anki's `pycmd("atd:" + json, callback)`; the callback carries
// the immediate reply. Late replies (for `pending` work) and events arrive through
// `deliver`, which Python calls with `window.atd.deliver(...)`.

export const PROTOCOL_VERSION = 1;
export const PREFIX = "atd:";

export type RequestId = number;

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export interface ReplyEnvelope {
  v: number;
  id: RequestId | string | null;
  ok: boolean;
  result?: unknown;
  pending?: boolean;
  error?: ErrorBody;
}

export interface EventEnvelope {
  v: number;
  event: string;
  data: unknown;
}

export type Send = (message: string, callback: (reply: unknown) => void) => void;

export class BridgeError extends Error {
  readonly code: string;
  readonly details: unknown;

  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = "BridgeError";
    this.code = code;
    this.details = details;
  }
}

interface Waiting {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface BridgeOptions {
  /** How long to wait for an immediate reply. */
  timeoutMs?: number;
  /** How long to wait for the pushed result of a `pending` reply. */
  pendingTimeoutMs?: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export class Bridge {
  private nextId = 1;
  private readonly waiting = new Map<RequestId, Waiting>();
  private readonly listeners = new Map<string, Set<(data: unknown) => void>>();
  private readonly timeoutMs: number;
  private readonly pendingTimeoutMs: number;

  constructor(
    private readonly send: Send,
    options: BridgeOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.pendingTimeoutMs = options.pendingTimeoutMs ?? 10 * 60_000;
  }

  /** Call a Python method; resolves with its result or rejects with a BridgeError. */
  call<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    const message = PREFIX + JSON.stringify({ v: PROTOCOL_VERSION, id, method, params });
    return new Promise<T>((resolve, reject) => {
      const timer = this.startTimer(id, method, this.timeoutMs);
      this.waiting.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      try {
        this.send(message, (reply) => this.deliver(reply));
      } catch (error) {
        this.settle(id, new BridgeError("send_failed", `could not send ${method}: ${String(error)}`));
      }
    });
  }

  /** Entry point for everything Python sends: immediate replies, late replies, events. */
  deliver(message: unknown): void {
    if (!isObject(message) || message.v !== PROTOCOL_VERSION) {
      console.warn("atd: ignored a message that is not a protocol envelope", message);
      return;
    }
    if (typeof message.event === "string") {
      this.emit(message.event, message.data);
      return;
    }
    const reply = message as unknown as ReplyEnvelope;
    if (typeof reply.id !== "number") {
      // Errors about unreadable requests carry no id; nobody can be waiting for them.
      console.warn("atd: bridge error without request id", reply.error);
      return;
    }
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    if (reply.ok && reply.pending) {
      clearTimeout(waiting.timer);
      waiting.timer = this.startTimer(reply.id, waiting.method, this.pendingTimeoutMs);
      return;
    }
    if (reply.ok) {
      this.settle(reply.id, undefined, reply.result);
    } else {
      const error = reply.error ?? { code: "internal", message: "error reply without details" };
      this.settle(reply.id, new BridgeError(error.code, error.message, error.details));
    }
  }

  /** Subscribe to a pushed event; returns the unsubscribe function. */
  on(event: string, listener: (data: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  get inFlight(): number {
    return this.waiting.size;
  }

  private emit(event: string, data: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(data);
      } catch (error) {
        console.error(`atd: listener of ${event} failed`, error);
      }
    }
  }

  private startTimer(id: RequestId, method: string, ms: number): ReturnType<typeof setTimeout> {
    return setTimeout(
      () => this.settle(id, new BridgeError("timeout", `${method} did not answer within ${ms} ms`)),
      ms,
    );
  }

  private settle(id: RequestId, error?: Error, result?: unknown): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    this.waiting.delete(id);
    clearTimeout(waiting.timer);
    if (error) waiting.reject(error);
    else waiting.resolve(result);
  }
}
