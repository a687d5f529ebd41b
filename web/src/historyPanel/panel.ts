// The History panel (History… in the top bar): the open note type's commits (paged from
// Python, shown in a virtual list so 10,000 scroll like 10), a side-by-side diff of a
// commit against the one before it with HTML/CSS highlighting, and restore with a
// confirmation: the past version becomes the draft (one undo step) and is saved through
// the normal save (one undoable save in Anki). Commits can carry labels (git tags), shown
// in the timeline and added with Label…. Branches and merges are in branches.ts.
// Everything from the repository is text.

import type { Bridge } from "../bridge";
import { BridgeError } from "../bridge";
import { askText, choose } from "../dialogs";
import { byId, h } from "../dom";
import type { NoteTypeDict } from "../types";
import { VirtualList } from "../virtualList";
import { highlight, sideBySide } from "./sideBySide";
import { PageDialog } from "../pageDialog";
import { BranchBar, type BranchInfo } from "./branches";
import { RemoteBar } from "./remote";

export interface HistoryCommit {
  id: string;
  summary: string;
  message: string;
  author: string;
  time: number;
  parents: string[];
  labels?: string[];
  /** Why it was made: "save", "outside" (changed elsewhere), "merge", "switch", ... */
  reason?: string | null;
}

interface LogReply {
  commits: HistoryCommit[];
  more: boolean;
  rebuilt: string | null;
  branch: string;
  branches: BranchInfo[];
}

interface FileDiff {
  path: string;
  status: "added" | "removed" | "changed";
  old: string;
  new: string;
}

export interface HistoryHost {
  notetypeId: () => number | null;
  /** Which card and side the designer shows now (a past version is previewed alike). */
  previewChoice: () => { cardOrd: number; side: "question" | "answer"; night: boolean };
  restore: (draft: NoteTypeDict, label: string) => Promise<void>;
  /** Unsaved edits in the designer (switching or merging waits for a save or undo). */
  dirty: () => boolean;
  status: (message: string) => void;
  /** A pull or push wrote these note types into the collection. */
  synced: (ids: number[]) => void;
}

const PAGE = 100;
const ROW_HEIGHT = 30;

export function commitLabel(commit: HistoryCommit): string {
  const when = new Date(commit.time * 1000).toISOString().slice(0, 16).replace("T", " ");
  const labels = (commit.labels ?? []).map((label) => `[${label}] `).join("");
  return `${commit.id.slice(0, 8)}  ${when}  ${labels}${commit.summary}`;
}

/** The commit's labels and summary, for the status line (the row may be cut short). */
export function labelled(commit: HistoryCommit): string {
  return [...(commit.labels ?? []).map((label) => `[${label}]`), commit.summary].join(" ");
}

export class HistoryPanel extends PageDialog {
  private commits: HistoryCommit[] = [];
  private more = false;
  private chosen: HistoryCommit | null = null;
  private list: VirtualList<HistoryCommit> | null = null;
  private readonly branchBar: BranchBar;
  private readonly remoteBar: RemoteBar;
  lastDiffMs = 0;

  constructor(private readonly bridge: Bridge, private readonly host: HistoryHost) {
    super();
    this.branchBar = new BranchBar(bridge, {
      notetypeId: host.notetypeId,
      dirty: host.dirty,
      save: async (draft, label) => {
        this.close();
        await host.restore(draft, label);
      },
      reload: () => this.reload(),
      say: (text) => this.say(text),
    });
    this.remoteBar = new RemoteBar(bridge, {
      dirty: host.dirty,
      changed: host.synced,
      reload: () => this.reload(),
      say: (text) => this.say(text),
    });
    byId("history-open").addEventListener("click", () => void this.open());
  }

  async open(): Promise<void> {
    const id = this.host.notetypeId();
    if (id === null) {
      this.host.status("Open a note type first to see its history");
      return;
    }
    this.showDialog();
    void this.remoteBar.load();
    await this.reload();
    this.list?.element.focus();
  }

  private async reload(): Promise<void> {
    const id = this.host.notetypeId();
    this.commits = [];
    this.chosen = null;
    this.renderDiff([]);
    this.updateButtons();
    if (id !== null) await this.loadMore(id);
  }

  protected build(): HTMLDialogElement {
    const close = h("button", { type: "button", id: "history-close", "aria-label": "Close history" }, "Close");
    close.addEventListener("click", () => this.close());
    const restore = h("button", { type: "button", id: "history-restore", class: "primary", disabled: "" }, "Restore this version…");
    restore.addEventListener("click", () => void this.restore());
    const label = h("button", { type: "button", id: "history-label", disabled: "" }, "Label…");
    label.addEventListener("click", () => void this.label());
    const unlabel = h("button", { type: "button", id: "history-unlabel", disabled: "" }, "Remove label…");
    unlabel.addEventListener("click", () => void this.unlabel());
    const preview = h("button", { type: "button", id: "history-preview", disabled: "", title: "Show this version in the preview pane, read-only, rendered by Anki" }, "Preview");
    preview.addEventListener("click", () => void this.preview());
    const keep = h("button", { type: "button", id: "history-keep", hidden: "", title: "Re-apply your own changes onto this update of a shared note type" }, "Keep my changes…");
    keep.addEventListener("click", () => {
      if (this.chosen) void this.branchBar.keepChanges(this.chosen.id);
    });
    const more = h("button", { type: "button", id: "history-more", hidden: "" }, "Older commits");
    more.addEventListener("click", () => {
      const id = this.host.notetypeId();
      if (id !== null) void this.loadMore(id);
    });
    this.list = new VirtualList<HistoryCommit>(
      { rowHeight: ROW_HEIGHT, label: commitLabel, id: (c) => c.id, onChoose: (c) => void this.choose(c) },
      "Commits, newest first",
    );
    this.list.element.id = "history-list";
    const dialog = h(
      "dialog",
      { id: "history-dialog", class: "page-dialog history-dialog", "aria-labelledby": "history-title" },
      h("header", { class: "presets-head" }, h("h2", { id: "history-title" }, "History"), h("span", { class: "spacer" }), keep, label, unlabel, preview, restore, close),
      this.branchBar.element,
      this.remoteBar.element,
      h("div", { id: "history-status", class: "plugins-status", role: "status", "aria-live": "polite" }),
      h("div", { class: "history-body" }, h("div", { class: "history-timeline" }, this.list.element, more), h("div", { id: "history-diff", class: "history-diff" })),
    );
    document.body.append(dialog);
    this.dialog = dialog;
    return dialog;
  }

  private say(text: string): void {
    const status = this.dialog?.querySelector<HTMLElement>("#history-status");
    if (status) status.textContent = text;
  }

  private async loadMore(id: number): Promise<void> {
    try {
      const reply = await this.bridge.call<LogReply>("history.log", { notetypeId: id, offset: this.commits.length, limit: PAGE });
      this.branchBar.set(reply.branch, reply.branches);
      this.commits = [...this.commits, ...reply.commits];
      this.more = reply.more;
      this.say(reply.rebuilt ?? (this.commits.length ? "Choose a commit to see what it changed" : "No history yet: it starts with the next save"));
    } catch (error) {
      this.say(`Reading the history failed: ${error instanceof BridgeError ? error.message : String(error)}`);
    }
    this.list?.set(this.commits);
    const more = this.dialog?.querySelector<HTMLButtonElement>("#history-more");
    if (more) more.hidden = !this.more;
  }

  private async choose(commit: HistoryCommit): Promise<void> {
    const id = this.host.notetypeId();
    if (id === null) return;
    this.chosen = commit;
    this.list?.render();
    this.updateButtons();
    const parent = commit.parents[0];
    if (!parent) {
      this.say(`${labelled(commit)}: the first version, nothing before it to compare`);
      this.renderDiff([]);
      return;
    }
    try {
      const reply = await this.bridge.call<{ files: FileDiff[] }>("history.diff", { notetypeId: id, old: parent, new: commit.id });
      this.renderDiff(reply.files);
      this.say(labelled(commit));
    } catch (error) {
      this.say(`The diff failed: ${error instanceof BridgeError ? error.message : String(error)}`);
    }
  }

  private renderDiff(files: FileDiff[]): void {
    const started = performance.now();
    const target = this.dialog?.querySelector<HTMLElement>("#history-diff");
    if (!target) return;
    target.replaceChildren(
      ...files.map((file) => {
        const language = file.path.endsWith(".css") ? "css" : "html";
        const rows = sideBySide(file.old, file.new).map((row) =>
          h(
            "tr",
            { class: `diff-${row.kind}` },
            h("td", { class: "diff-no" }, row.leftNo === null ? "" : String(row.leftNo)),
            this.cell(row.left, language),
            h("td", { class: "diff-no" }, row.rightNo === null ? "" : String(row.rightNo)),
            this.cell(row.right, language),
          ),
        );
        return h(
          "section",
          { class: "history-file" },
          h("h3", {}, `${file.path.split("/").slice(1).join("/")} (${file.status})`),
          h("table", { class: "history-table" }, h("tbody", {}, ...rows)),
        );
      }),
    );
    this.lastDiffMs = performance.now() - started;
  }

  private cell(text: string | null, language: "html" | "css"): HTMLElement {
    const cell = h("td", { class: "diff-code" });
    if (text !== null) cell.append(...highlight(text, language).map((t) => (t.kind === "plain" ? t.text : h("span", { class: `hl-${t.kind}` }, t.text))));
    return cell;
  }

  private async label(): Promise<void> {
    const commit = this.chosen;
    if (!commit) return;
    const text = await askText("Label this version", `A label for ${commit.id.slice(0, 8)}, e.g. "before the redesign"`, "");
    if (text === null || !text.trim()) return;
    try {
      const reply = await this.bridge.call<{ label: string }>("history.label", { commit: commit.id, label: text });
      const labels = commit.labels ?? [];
      if (!labels.includes(reply.label)) commit.labels = [...labels, reply.label].sort();
      this.list?.render();
      this.updateUnlabel();
      this.say(`Labelled ${commit.id.slice(0, 8)}: ${labelled(commit)}`);
    } catch (error) {
      this.say(`Labelling failed: ${error instanceof BridgeError ? error.message : String(error)}`);
    }
  }

  /** What the chosen commit allows: "Keep my changes" only on the newest commit when it
   *  is a change made outside the designer over an earlier version. */
  private updateButtons(): void {
    const chosen = this.chosen;
    for (const button of ["#history-restore", "#history-label", "#history-preview"]) {
      const found = this.dialog?.querySelector<HTMLButtonElement>(button);
      if (found) found.disabled = chosen === null;
    }
    const keep = this.dialog?.querySelector<HTMLButtonElement>("#history-keep");
    if (keep) keep.hidden = !(chosen && chosen === this.commits[0] && chosen.reason === "outside" && chosen.parents.length > 0);
    this.updateUnlabel();
  }

  private updateUnlabel(): void {
    const button = this.dialog?.querySelector<HTMLButtonElement>("#history-unlabel");
    if (button) button.disabled = !this.chosen?.labels?.length;
  }

  private async unlabel(): Promise<void> {
    const commit = this.chosen;
    const labels = commit?.labels ?? [];
    if (!commit || !labels.length) return;
    const picked = await choose("Remove a label", `Which label of ${commit.id.slice(0, 8)} goes? The version itself stays.`, [
      { id: "", label: "Cancel" },
      ...labels.map((label, index) => ({ id: `label:${index}`, label: `Remove “${label}”`, danger: true })),
    ]);
    const index = picked?.startsWith("label:") ? Number(picked.slice(6)) : -1;
    const label = labels[index];
    if (label === undefined) return;
    try {
      await this.bridge.call("history.label", { commit: commit.id, label, remove: true });
      commit.labels = labels.filter((l) => l !== label);
      this.list?.render();
      this.updateUnlabel();
      this.say(`Label removed from ${commit.id.slice(0, 8)}: ${label}`);
    } catch (error) {
      this.say(`Removing the label failed: ${error instanceof BridgeError ? error.message : String(error)}`);
    }
  }

  /** The chosen version in the preview pane (its own page, no bridge), until the next edit. */
  private async preview(): Promise<void> {
    const commit = this.chosen;
    const id = this.host.notetypeId();
    if (!commit || id === null) return;
    try {
      const reply = await this.bridge.call<{ isSample: boolean; problem: boolean }>("history.preview", { notetypeId: id, commit: commit.id, ...this.host.previewChoice() });
      const note = reply.problem ? " (Anki reports a problem rendering it)" : reply.isSample ? " with a sample note" : "";
      this.say(`The preview pane shows ${commit.id.slice(0, 8)} (${commit.summary}), read-only${note}; your next edit shows the draft again.`);
    } catch (error) {
      this.say(`Preview failed: ${error instanceof BridgeError ? error.message : String(error)}`);
    }
  }

  private async restore(): Promise<void> {
    const commit = this.chosen;
    const id = this.host.notetypeId();
    if (!commit || id === null) return;
    const answer = await choose("Restore this version?", `The note type goes back to ${commit.id.slice(0, 8)} (${commit.summary}) and is saved. The restore is itself a commit, and Undo in Anki takes it back.`, [
      { id: "cancel", label: "Cancel" },
      { id: "restore", label: "Restore and save", primary: true },
    ]);
    if (answer !== "restore") return;
    try {
      const reply = await this.bridge.call<{ draft: NoteTypeDict }>("history.restore", { notetypeId: id, commit: commit.id });
      this.close();
      await this.host.restore(reply.draft, `Restore ${commit.id.slice(0, 8)}`);
    } catch (error) {
      this.say(`Restoring failed: ${error instanceof BridgeError ? error.message : String(error)}`);
    }
  }
}
