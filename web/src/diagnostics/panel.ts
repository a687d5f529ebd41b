// Help → Diagnostics: what the designer checks about itself (every service's health
// check and every plugin's state, from `diagnostics.report`), shown in a modal with a
// Copy button for bug reports.

import type { Bridge } from "../bridge";
import { openModal } from "../dialogs";
import { h } from "../dom";
import { type DiagnosticsReport, type ReportHeader, ankiVersionText, failingServices, reportText, summary, troubledPlugins } from "./report";

/** Put text on the clipboard: the async API where the page may use it, else the
 *  selection of the report's text area (QtWebEngine allows execCommand on a click). */
export async function copyText(text: string, area: HTMLTextAreaElement): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection
  }
  area.focus();
  area.select();
  const copied = document.execCommand("copy");
  area.setSelectionRange(0, 0); // the text stays readable from its start
  area.scrollTop = 0;
  return copied;
}

export class DiagnosticsPanel {
  private header: Omit<ReportHeader, "when"> = {};

  constructor(private readonly bridge: Bridge) {}

  /** The add-on and Anki versions for the report's header (from `app.ready`). */
  setVersions(addon: string, ankiPointVersion: number): void {
    this.header = { addon, anki: ankiVersionText(ankiPointVersion) };
  }

  async open(): Promise<void> {
    const status = h("p", { class: "diagnostics-summary", role: "status", id: "diagnostics-summary" }, "Checking…");
    const area = h("textarea", { id: "diagnostics-text", class: "diagnostics-text", readonly: "", rows: "14", spellcheck: "false", "aria-label": "Diagnostics report" });
    const copy = h("button", { type: "button", id: "diagnostics-copy", class: "primary" }, "Copy");
    const again = h("button", { type: "button", id: "diagnostics-refresh" }, "Check again");
    const close = h("button", { type: "button", id: "diagnostics-close" }, "Close");
    const details = h("div", { class: "diagnostics-details" });
    const dialog = openModal(
      [h("h2", {}, "Diagnostics"), status, details, area, h("div", { class: "modal-buttons" }, again, copy, close)],
      () => undefined,
      "diagnostics-modal",
    );
    dialog.id = "diagnostics-dialog";
    close.addEventListener("click", () => dialog.close("close"));
    const load = async (): Promise<void> => {
      status.textContent = "Checking…";
      copy.disabled = true;
      dialog.dataset.state = "loading";
      try {
        const report = await this.bridge.call<DiagnosticsReport>("diagnostics.report");
        const problems = [...failingServices(report).map((s) => `Service ${s.name}: ${s.error ?? "failed"}`), ...troubledPlugins(report).map((p) => `Plugin ${p.id} (${p.state}): ${p.errors.join("; ") || "no reason given"}`)];
        status.textContent = summary(report);
        status.dataset.kind = problems.length ? "error" : "ok";
        details.replaceChildren(...(problems.length ? [h("ul", { class: "diagnostics-problems" }, ...problems.map((p) => h("li", {}, p)))] : []));
        area.value = reportText(report, { ...this.header, when: new Date() });
        copy.disabled = false;
        dialog.dataset.state = "ready";
      } catch (error) {
        status.textContent = `The diagnostics could not be read: ${error instanceof Error ? error.message : String(error)}`;
        status.dataset.kind = "error";
        dialog.dataset.state = "error";
      }
    };
    copy.addEventListener("click", () => {
      void copyText(area.value, area).then((ok) => {
        copy.focus();
        copy.textContent = ok ? "Copied" : "Select and copy the text";
        setTimeout(() => (copy.textContent = "Copy"), 2000);
      });
    });
    again.addEventListener("click", () => void load());
    copy.focus();
    await load();
    copy.focus();
  }
}
