// Forwards the page's own JavaScript errors to the Python log, so a broken page is seen
// in user_files/logs/designer.log rather than only in a console nobody has open.

export interface ClientError {
  kind: "error" | "unhandledrejection";
  message: string;
  source?: string;
  line?: number;
  column?: number;
  stack?: string;
}

type Report = (error: ClientError) => Promise<unknown>;

const MAX_TEXT = 19_000;

function clip(text: string): string {
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + "…" : text;
}

export function describeRejection(reason: unknown): ClientError {
  if (reason instanceof Error) {
    return {
      kind: "unhandledrejection",
      message: clip(`${reason.name}: ${reason.message}`),
      stack: reason.stack ? clip(reason.stack) : undefined,
    };
  }
  return { kind: "unhandledrejection", message: clip(String(reason)) };
}

export function describeError(event: {
  message: string;
  filename?: string;
  lineno?: number;
  colno?: number;
  error?: unknown;
}): ClientError {
  const stack = event.error instanceof Error ? event.error.stack : undefined;
  return {
    kind: "error",
    message: clip(event.message || String(event.error)),
    source: event.filename ? clip(event.filename) : undefined,
    line: event.lineno && event.lineno > 0 ? event.lineno : undefined,
    column: event.colno && event.colno > 0 ? event.colno : undefined,
    stack: stack ? clip(stack) : undefined,
  };
}

/**
 * Collects errors until `connect` is given a way to report them, then sends them all.
 * A failing report is never itself reported (no loops), and at most `limit` are sent.
 */
export class ErrorForwarder {
  private queue: ClientError[] = [];
  private report: Report | null = null;
  private sent = 0;

  constructor(private readonly limit = 100) {}

  push(error: ClientError): void {
    if (this.sent + this.queue.length >= this.limit) return;
    this.queue.push(error);
    this.flush();
  }

  connect(report: Report): void {
    this.report = report;
    this.flush();
  }

  private flush(): void {
    if (!this.report) return;
    const errors = this.queue;
    this.queue = [];
    for (const error of errors) {
      this.sent++;
      const payload = Object.fromEntries(
        Object.entries(error).filter(([, value]) => value !== undefined),
      ) as unknown as ClientError;
      this.report(payload).catch((failure) =>
        console.warn("atd: could not forward a page error", failure),
      );
    }
  }

  install(target: Window): void {
    target.addEventListener("error", (event) => this.push(describeError(event)));
    target.addEventListener("unhandledrejection", (event) =>
      this.push(describeRejection(event.reason)),
    );
  }
}
