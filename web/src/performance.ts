// "Slow" badges for metric alerts, and the developer-mode Performance panel.

import type { Bridge } from "./bridge";
import { byId, h } from "./dom";
import type { AlertInfo } from "./types";

const ms = (seconds: number | null): string => (seconds === null ? "–" : (seconds * 1000).toFixed(1));

/** One badge per operation whose p95 is over its threshold; removed when it recovers. */
export class AlertBadges {
  private readonly active = new Map<string, AlertInfo>();

  update(alert: AlertInfo): void {
    if (alert.active) this.active.set(alert.name, alert);
    else this.active.delete(alert.name);
    const host = byId("alerts");
    host.replaceChildren(
      ...[...this.active.values()].map((a) =>
        h(
          "span",
          { class: "badge", role: "status", title: `p${a.percentile} ${a.valueMs.toFixed(0)} ms is over the ${a.limitMs.toFixed(0)} ms threshold` },
          `slow: ${a.name}`,
        ),
      ),
    );
  }
}

interface OperationJson {
  name: string;
  count: number;
  errors: number;
  p50_s: number | null;
  p95_s: number | null;
  p99_s: number | null;
}

interface CacheJson {
  hitRate: number;
  hits: number;
  misses: number;
  memory: { bytes: number; entries: number };
}

interface SnapshotJson {
  metrics: { operations: OperationJson[]; memory: { rss_bytes: number | null } | null };
  caches: Record<string, CacheJson>;
  tasks: { queued: number; running: number };
}

interface ExportReply {
  path: string | null;
  bytes?: number;
}

/** Live figures from `metrics.snapshot`, refreshed every second while open, and their
 * export to a JSON or CSV file (the metrics service's formats, read back by `atd metrics
 * export`). The header with the export buttons is built once; only the figures below it
 * are redrawn, so a click never lands on a button that is being replaced. */
export class PerformancePanel {
  private timer: ReturnType<typeof setInterval> | null = null;
  private figures: HTMLElement | null = null;
  private status: HTMLElement | null = null;

  constructor(private readonly bridge: Bridge) {}

  enable(): void {
    const button = byId<HTMLButtonElement>("perf-toggle");
    button.hidden = false;
    button.addEventListener("click", () => this.toggle());
  }

  toggle(): void {
    const panel = byId("performance");
    panel.hidden = !panel.hidden;
    byId("perf-toggle").setAttribute("aria-pressed", String(!panel.hidden));
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!panel.hidden) {
      this.build(panel);
      void this.refresh();
      this.timer = setInterval(() => void this.refresh(), 1000);
    }
  }

  private build(panel: HTMLElement): void {
    if (this.figures) return;
    const exportButton = (format: "json" | "csv", label: string): HTMLButtonElement => {
      const button = h("button", { type: "button", id: `perf-export-${format}`, title: `Save the figures as a ${label} file` }, `Export ${label}`);
      button.addEventListener("click", () => void this.exportAs(format));
      return button;
    };
    this.status = h("span", { class: "perf-status", role: "status" });
    this.figures = h("div", { class: "perf-figures" });
    panel.replaceChildren(
      h("div", { class: "perf-header" }, h("h2", {}, "Performance"), exportButton("json", "JSON"), exportButton("csv", "CSV"), this.status),
      this.figures,
    );
  }

  async exportAs(format: "json" | "csv"): Promise<void> {
    const status = this.status;
    if (!status) return;
    status.textContent = "Exporting…";
    try {
      const reply = await this.bridge.call<ExportReply>("metrics.export", { format });
      status.textContent = reply.path === null ? "Export cancelled" : `Saved ${reply.path}`;
    } catch (error) {
      status.textContent = `Export failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private refreshing = false;

  async refresh(): Promise<void> {
    if (this.refreshing || !this.figures) return; // Anki is busy: skip a beat rather than pile up calls
    const figures = this.figures;
    this.refreshing = true;
    let data: SnapshotJson;
    try {
      data = await this.bridge.call<SnapshotJson>("metrics.snapshot");
    } catch (error) {
      figures.textContent = `Performance figures unavailable: ${String(error)}`;
      return;
    } finally {
      this.refreshing = false;
    }
    const rows = data.metrics.operations
      .filter((op) => op.count > 0)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((op) =>
        h("tr", {}, h("td", {}, op.name), h("td", {}, String(op.count)), h("td", {}, ms(op.p50_s)), h("td", {}, ms(op.p95_s)), h("td", {}, ms(op.p99_s)), h("td", {}, String(op.errors))),
      );
    const rss = data.metrics.memory?.rss_bytes;
    figures.replaceChildren(
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, ...["operation", "count", "p50 ms", "p95 ms", "p99 ms", "errors"].map((t) => h("th", {}, t)))),
        h("tbody", {}, ...rows),
      ),
      h(
        "p",
        { class: "figures" },
        ...Object.entries(data.caches).map(([name, c]) => `${name} cache ${(c.hitRate * 100).toFixed(1)}% hits (${c.memory.entries} entries) · `),
        `queue ${data.tasks.queued} waiting, ${data.tasks.running} running · `,
        rss ? `memory ${(rss / 1048576).toFixed(0)} MiB` : "memory n/a",
      ),
    );
  }
}
