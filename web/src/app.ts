// The designer page's app: note type picker and overview, wired to Python by the bridge.

import { Bridge, BridgeError } from "./bridge";
import { byId, h, plural } from "./dom";
import { filterNoteTypes } from "./notetypeFilter";
import type { NoteTypeSummary, SessionInfo, StartOptions } from "./types";

export class DesignerApp {
  private noteTypes: NoteTypeSummary[] = [];
  private selectedId: number | null = null;
  private started = false;

  constructor(private readonly bridge: Bridge) {
    bridge.on("theme.changed", (data) => this.setNight(Boolean((data as { night: boolean }).night)));
    bridge.on("notetype.select", (data) => this.select((data as { id: number }).id));
  }

  async start(options: StartOptions): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.setNight(Boolean(options.night));
    byId("notetype-search").addEventListener("input", () => this.renderList());
    byId("notetype-list").addEventListener("keydown", (event) => this.onListKey(event));
    try {
      const info = await this.bridge.call<SessionInfo>("app.ready");
      this.showSession(info);
      this.noteTypes = await this.bridge.call<NoteTypeSummary[]>("notetypes.list");
      const wanted = options.notetypeId ?? info.notetypeId;
      this.renderList();
      this.select(wanted ?? this.noteTypes[0]?.id ?? null);
      document.body.dataset.state = "ready";
    } catch (error) {
      this.showError(error);
      document.body.dataset.state = "error";
    }
  }

  setNight(night: boolean): void {
    document.documentElement.classList.toggle("night", night);
  }

  select(id: number | null): void {
    const found = this.noteTypes.find((nt) => nt.id === id) ?? null;
    this.selectedId = found ? found.id : null;
    for (const item of byId("notetype-list").querySelectorAll<HTMLElement>("[data-id]")) {
      const selected = Number(item.dataset.id) === this.selectedId;
      item.setAttribute("aria-selected", String(selected));
      item.tabIndex = selected ? 0 : -1;
    }
    this.renderOverview(found);
  }

  private renderList(): void {
    const list = byId("notetype-list");
    const query = byId<HTMLInputElement>("notetype-search").value;
    const shown = filterNoteTypes(this.noteTypes, query);
    list.replaceChildren(
      ...shown.map((nt) => {
        const item = h(
          "li",
          { role: "option", "data-id": String(nt.id), "aria-selected": "false" },
          h("span", { class: "nt-name" }, nt.name),
          h("span", { class: "nt-meta", title: `${plural(nt.cardTypes.length, "card type")}, ${plural(nt.noteCount, "note")}` }, plural(nt.noteCount, "note")),
        );
        item.addEventListener("click", () => this.select(nt.id));
        return item;
      }),
    );
    if (shown.length === 0) list.append(h("li", { class: "empty" }, "No note type matches."));
    this.select(this.selectedId);
  }

  private onListKey(event: KeyboardEvent): void {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const items = [...byId("notetype-list").querySelectorAll<HTMLElement>("[data-id]")];
    const index = items.findIndex((item) => Number(item.dataset.id) === this.selectedId);
    const next = items[Math.min(items.length - 1, Math.max(0, index + (event.key === "ArrowDown" ? 1 : -1)))];
    if (next) {
      this.select(Number(next.dataset.id));
      next.focus();
      event.preventDefault();
    }
  }

  private renderOverview(nt: NoteTypeSummary | null): void {
    const main = byId("overview");
    if (!nt) {
      main.replaceChildren(h("p", { class: "hint" }, "Choose a note type on the left."));
      return;
    }
    main.replaceChildren(
      h("h1", {}, nt.name),
      h(
        "p",
        { class: "subtitle" },
        `${nt.kind === "cloze" ? "Cloze note type" : "Standard note type"} · ${plural(nt.noteCount, "note")} · id ${nt.id}`,
      ),
      h(
        "section",
        { "aria-labelledby": "cards-heading" },
        h("h2", { id: "cards-heading" }, plural(nt.cardTypes.length, "card type")),
        h("ol", { class: "chips" }, ...nt.cardTypes.map((name) => h("li", {}, name))),
      ),
      h(
        "section",
        { "aria-labelledby": "fields-heading" },
        h("h2", { id: "fields-heading" }, plural(nt.fields.length, "field")),
        h("ol", { class: "chips" }, ...nt.fields.map((name) => h("li", {}, name))),
      ),
    );
  }

  private showSession(info: SessionInfo): void {
    byId("status").textContent = `${info.addon.name} ${info.addon.version} · connected to Anki`;
    const problems = byId("problems");
    problems.replaceChildren(
      ...info.configProblems.map((problem) => h("li", {}, `Config: ${problem} — using the default.`)),
    );
    problems.hidden = info.configProblems.length === 0;
  }

  private showError(error: unknown): void {
    const message =
      error instanceof BridgeError ? `${error.message} (${error.code})` : String(error);
    byId("status").textContent = "Not connected";
    byId("overview").replaceChildren(
      h("div", { class: "error", role: "alert" }, `The designer could not load: ${message}`),
    );
  }
}
