// The Insights panel (Insights… in the top bar): per note type a best-practice score with
// its located reasons, the cross-client compatibility report, learning figures per card
// type with a weekly timeline that marks template changes, significant before/after
// effects and anomalies, recommendations (with a one-click fix where one is safe, for the
// open note type); performance history and the opt-in switch of local usage analytics;
// export as JSON or CSV. Every string is set as text.

import type { Bridge } from "../bridge";
import { BridgeError } from "../bridge";
import { byId, h, plural } from "../dom";
import { answerTimeTimeline, scoreBar } from "./charts";
import type { CardTypeRow, FixAction, FixReply, InsightsReport, Located, NotetypeReport, Recommendation, UsageSummary } from "./types";
import type { NoteTypeDict } from "../types";
import { PageDialog } from "../pageDialog";

type Scope = "current" | "all";

/** What the panel needs from the designer: the open note type and a way to apply a fix. */
export interface InsightsHost {
  notetypeId(): number | null;
  dirty(): boolean;
  /** Put the fixed note type in the draft as one undo step and save it. */
  applyFix(draft: NoteTypeDict, label: string): Promise<void>;
}

function figure(value: number | null, digits = 1, unit = ""): string {
  return value === null ? "–" : `${value.toFixed(digits)}${unit}`;
}

function percent(value: number | null): string {
  return value === null ? "–" : `${(value * 100).toFixed(1)}%`;
}

function errorText(what: string, error: unknown): string {
  const message = error instanceof BridgeError || error instanceof Error ? error.message : String(error);
  return `${what} failed: ${message}`;
}

export class InsightsPanel extends PageDialog {
  private report: InsightsReport | null = null;
  private scope: Scope = "current";

  constructor(
    private readonly bridge: Bridge,
    private readonly host: InsightsHost,
  ) {
    super();
    byId("insights-open").addEventListener("click", () => void this.open());
  }

  async open(): Promise<void> {
    const dialog = this.showDialog();
    await this.reload();
    dialog.querySelector<HTMLElement>("#insights-close")?.focus();
  }

  protected build(): HTMLDialogElement {
    const scope = h("select", { id: "insights-scope", "aria-label": "Which note types" }, h("option", { value: "current" }, "This note type"), h("option", { value: "all" }, "All note types"));
    scope.addEventListener("change", () => {
      this.scope = scope.value as Scope;
      void this.reload();
    });
    const json = h("button", { type: "button", id: "insights-export-json", title: "Save the whole report as JSON" }, "Export JSON…");
    json.addEventListener("click", () => void this.export("json"));
    const csv = h("button", { type: "button", id: "insights-export-csv", title: "Save the learning figures per card type as CSV" }, "Export CSV…");
    csv.addEventListener("click", () => void this.export("csv"));
    const close = h("button", { type: "button", id: "insights-close", "aria-label": "Close insights" }, "Close");
    close.addEventListener("click", () => this.close());
    const dialog = h(
      "dialog",
      { id: "insights-dialog", class: "page-dialog insights-dialog", "aria-labelledby": "insights-title" },
      h("header", { class: "presets-head" }, h("h2", { id: "insights-title" }, "Insights"), scope, h("span", { class: "spacer" }), json, csv, close),
      h("div", { id: "insights-status", class: "plugins-status", role: "status", "aria-live": "polite" }),
      h("div", { id: "insights-body", class: "insights-body" }),
    );
    document.body.append(dialog);
    this.dialog = dialog;
    return dialog;
  }

  private notetypeId(): number | null {
    return this.scope === "current" ? this.host.notetypeId() : null;
  }

  private say(text: string, kind: "info" | "error" = "info"): void {
    const status = this.dialog?.querySelector<HTMLElement>("#insights-status");
    if (!status) return;
    status.dataset.kind = kind;
    status.textContent = text;
  }

  private async reload(): Promise<void> {
    const dialog = this.dialog;
    if (!dialog) return;
    dialog.dataset.state = "loading";
    this.say("Reading the templates and the review log…");
    try {
      this.report = await this.bridge.call<InsightsReport>("insights.report", { notetypeId: this.notetypeId() });
      this.say("");
    } catch (error) {
      this.report = null;
      this.say(errorText("The report", error), "error");
    }
    this.render();
    dialog.dataset.state = "ready";
  }

  private async export(format: "json" | "csv"): Promise<void> {
    try {
      const result = await this.bridge.call<{ path: string | null }>("insights.export", { format, notetypeId: this.notetypeId() });
      this.say(result.path ? `Saved ${result.path}` : "Export cancelled");
    } catch (error) {
      this.say(errorText("The export", error), "error");
    }
  }

  private async applyFix(notetypeId: number, action: FixAction): Promise<void> {
    if (notetypeId !== this.host.notetypeId()) {
      this.say("Open that note type in the designer to apply this fix", "error");
      return;
    }
    if (this.host.dirty()) {
      this.say("Save or discard your changes first: fixes are made to the saved note type", "error");
      return;
    }
    this.say(`${action.label}…`);
    try {
      const reply = await this.bridge.call<FixReply>("insights.fix", { notetypeId, action: action.id });
      await this.host.applyFix(reply.draft, reply.label);
      const media = reply.media.length ? ` (wrote ${reply.media.join(", ")} to the media folder)` : "";
      await this.reload();
      this.say(`Fixed: ${reply.label}${media}. Ctrl+Z in the designer or Edit › Undo in Anki undoes it.`);
    } catch (error) {
      this.say(errorText("The fix", error), "error");
    }
  }

  private async setUsage(enabled: boolean): Promise<void> {
    try {
      const usage = await this.bridge.call<UsageSummary>("insights.usage", { enabled });
      if (this.report) this.report.usage = usage;
      this.say(enabled ? "Usage analytics on: recorded on this computer only" : "Usage analytics off: everything recorded was deleted");
    } catch (error) {
      this.say(errorText("Changing usage analytics", error), "error");
    }
    this.render();
  }

  private render(): void {
    const body = this.dialog?.querySelector<HTMLElement>("#insights-body");
    if (!body) return;
    const report = this.report;
    if (!report) {
      body.replaceChildren();
      return;
    }
    body.replaceChildren(...report.notetypes.map((entry) => this.renderNotetype(entry)), this.renderSession(report));
  }

  private renderNotetype(entry: NotetypeReport): HTMLElement {
    const names = new Map(entry.learning.map((row) => [row.card_ord, row.card_type]));
    const where = (found: { card_type: number | null; side: string | null; line: number | null; column: number | null }): string => {
      const parts: string[] = [];
      if (found.card_type !== null) parts.push(names.get(found.card_type) ?? `Card ${found.card_type + 1}`);
      if (found.side) parts.push(found.side === "css" ? "Styling" : found.side);
      if (found.line !== null) parts.push(`line ${found.line}:${found.column ?? 1}`);
      return parts.join(" · ") || "note type";
    };
    const usage = entry.usage;
    const count = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
    return h(
      "section",
      { class: "insights-notetype", "data-notetype": String(entry.notetype_id) },
      h("h3", {}, entry.notetype),
      h("div", { class: "insights-score-line" }, scoreBar(entry.score.value), h("strong", { class: "insights-score-value" }, `${entry.score.value}/100`), h("span", { class: "muted" }, "best-practice score")),
      h(
        "p",
        { class: "muted" },
        `${plural(count(usage.fields), "field reference")}, ${plural(count(usage.filters), "filter")}, ${plural(count(usage.sections), "section")}, ` +
          `${plural(usage.scripts, "script")}, ${plural(Object.keys(usage.media).length, "media file")} · CSS: ${plural(entry.css.rules, "rule")}, ` +
          `${plural(entry.css.selectors, "selector")}, max specificity (${entry.css.max_specificity.join(", ")}), ${entry.css.important} !important`,
      ),
      this.locatedList("Compatibility", "insights-compat", entry.compatibility, where, "Works the same on Anki desktop, AnkiDroid, AnkiMobile and AnkiWeb as far as the data shows."),
      this.learning(entry),
      this.recommendations(entry, where),
      this.locatedList("All reasons for the score", "insights-reasons", entry.score.reasons, where, "Nothing to improve."),
    );
  }

  private locatedList(title: string, cls: string, items: Located[], where: (found: Located) => string, empty: string): HTMLElement {
    return h(
      "details",
      { class: `insights-part ${cls}`, ...(cls === "insights-compat" ? { open: "" } : {}) },
      h("summary", {}, `${title} (${items.length})`),
      items.length
        ? h("ul", { class: "insights-list" }, ...items.map((found) => h("li", { "data-severity": found.severity, "data-code": found.code }, h("span", { class: "insights-where" }, where(found)), h("span", {}, found.message), found.fix ? h("span", { class: "muted" }, `Fix: ${found.fix}`) : null)))
        : h("p", { class: "muted" }, empty),
    );
  }

  private learning(entry: NotetypeReport): HTMLElement {
    const rows = entry.learning;
    const reviewed = rows.some((row) => row.reviews > 0);
    const table = h(
      "table",
      { class: "insights-table" },
      h("thead", {}, h("tr", {}, ...["Card type", "Reviews", "Mature retention", "Lapses", "Mean answer", "Median answer", "Learning steps", "FSRS difficulty"].map((title) => h("th", { scope: "col" }, title)))),
      h("tbody", {}, ...rows.map((row) => this.learningRow(row))),
    );
    const findings = [...entry.effects, ...entry.anomalies];
    return h(
      "details",
      { class: "insights-part insights-learning", open: "" },
      h("summary", {}, "Learning (from the review log)"),
      reviewed ? h("div", { class: "insights-table-wrap" }, table) : h("p", { class: "muted" }, "No reviews of this note type yet."),
      ...(reviewed
        ? rows
            .filter((row) => row.weeks.some((week) => week.reviews > 0))
            .map((row) =>
              h("figure", { class: "insights-figure" }, answerTimeTimeline(`${row.card_type}: median answer time per week`, row.weeks, entry.changes.filter((c) => c.card_ord === null || c.card_ord === row.card_ord)), h("figcaption", {}, `${row.card_type}: median answer time per week; dashed lines are template changes`)),
            )
        : []),
      findings.length
        ? h("ul", { class: "insights-list insights-findings" }, ...findings.map((found) => h("li", { "data-severity": "warning" }, found.message)))
        : h("p", { class: "muted insights-no-findings" }, "No significant change after a template change, and no anomaly (each needs enough reviews)."),
    );
  }

  private learningRow(row: CardTypeRow): HTMLElement {
    return h(
      "tr",
      {},
      h("th", { scope: "row" }, row.card_type),
      h("td", {}, String(row.reviews)),
      h("td", {}, `${percent(row.mature_retention)} (${row.mature_reviews})`),
      h("td", {}, String(row.lapses)),
      h("td", {}, figure(row.mean_answer_s, 1, " s")),
      h("td", {}, figure(row.median_answer_s, 1, " s")),
      h("td", {}, figure(row.learning_steps)),
      h("td", {}, figure(row.fsrs_difficulty)),
    );
  }

  private recommendations(entry: NotetypeReport, where: (found: Recommendation["where"]) => string): HTMLElement {
    const items = entry.recommendations;
    const open = entry.notetype_id === this.host.notetypeId();
    const fixButton = (action: FixAction): HTMLElement => {
      const button = h("button", { type: "button", class: "insights-fix-button", "data-action": action.id, ...(open ? {} : { disabled: "", title: "Open this note type in the designer to apply the fix" }) }, action.label);
      button.addEventListener("click", () => void this.applyFix(entry.notetype_id, action));
      return button;
    };
    return h(
      "details",
      { class: "insights-part insights-recommendations", open: "" },
      h("summary", {}, `Recommendations (${items.length})`),
      items.length
        ? h("ol", { class: "insights-list" }, ...items.map((item) => h("li", {}, h("span", { class: "insights-where" }, where(item.where)), h("span", {}, item.reason), h("span", { class: "insights-fix" }, item.fix), item.action ? fixButton(item.action) : null)))
        : h("p", { class: "muted" }, "None: nothing the data justifies."),
    );
  }

  private renderSession(report: InsightsReport): HTMLElement {
    const usage = report.usage;
    const toggle = h("input", { type: "checkbox", id: "insights-usage" });
    toggle.checked = usage.enabled;
    toggle.addEventListener("change", () => void this.setUsage(toggle.checked));
    const slowest = report.performance.slowest;
    return h(
      "section",
      { class: "insights-notetype insights-session" },
      h("h3", {}, "This designer"),
      h("label", { class: "insights-usage" }, toggle, " Record which designer features I use (on this computer only: no note content, field text, names or paths; turning it off deletes it)"),
      usage.enabled
        ? h("p", { class: "muted" }, `${plural(usage.sessions ?? 0, "session")}; ${Object.entries(usage.features ?? {}).map(([name, n]) => `${name} ${n}`).join(", ") || "no events yet"}; median time to the first save ${figure(usage.median_time_to_first_save_s ?? null, 0, " s")}`)
        : null,
      slowest.length
        ? h("p", { class: "muted" }, `Slowest operations last session: ${slowest.map((op) => `${op.operation} ${op.p50_ms.toFixed(1)} ms`).join(", ")}`)
        : h("p", { class: "muted" }, "No performance history yet (it is kept from one session to the next)."),
      ...report.performance.regressions.map((found) => h("p", { class: "insights-regression", role: "note" }, found.message)),
    );
  }
}
