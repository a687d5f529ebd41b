// Which designer features are used, for the opt-in usage analytics of the Insights panel
// (services/analytics/usage_events.py): the page notes an event by its fixed name only
// and sends what gathered every few seconds in one `insights.events` call (never one
// call per edit). Python drops them while the user has not opted in.

import type { Bridge } from "./bridge";

export type PageEvent =
  | "canvas.component_added"
  | "canvas.component_moved"
  | "canvas.style_changed"
  | "canvas.edited"
  | "code.edited"
  | "card_type.switched"
  | "notetype.switched"
  | "preview.night_mode"
  | "preview.mobile"
  | "history.opened"
  | "backups.opened"
  | "plugins.opened";

const SEND_EVERY_MS = 5000;
const MOST = 500;

export class UsageReport {
  private noted: PageEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly send: (names: PageEvent[]) => Promise<unknown>) {}

  note(name: PageEvent): void {
    if (this.noted.length >= MOST) return; // a burst beyond this is not worth more
    this.noted.push(name);
    this.timer ??= setTimeout(() => this.flush(), SEND_EVERY_MS);
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const names = this.noted.splice(0);
    if (names.length) void this.send(names).catch(() => undefined); // analytics never bother the user
  }
}

let report: UsageReport | null = null;

/** Start reporting through `bridge` (once, at start); events before that are dropped. */
export function startUsageReport(bridge: Bridge): UsageReport {
  report = new UsageReport((names) => bridge.call("insights.events", { names }));
  addEventListener("pagehide", () => report?.flush());
  return report;
}

export function noteUsage(name: PageEvent): void {
  report?.note(name);
}

/** The event of a canvas edit, from its operations. */
export function canvasEvent(ops: readonly { op: string }[]): PageEvent {
  if (ops.some((o) => o.op === "insert")) return "canvas.component_added";
  if (ops.some((o) => o.op === "move")) return "canvas.component_moved";
  if (ops.some((o) => /Decl$/.test(o.op))) return "canvas.style_changed";
  return "canvas.edited";
}
