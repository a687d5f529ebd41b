// The History panel's branch bar and merges: which branch the note type is on, "Try on a
// branch…" (the next saves go there, main stays as it was), "Switch…", "Merge into main…"
// (three-way; overlapping changes are chosen in conflicts.ts), and "Keep my changes…" on an
// update that replaced the user's version. A version to save comes back as a draft and is
// saved through the normal save (one undoable save), like a restore.

import type { Bridge } from "../bridge";
import { BridgeError } from "../bridge";
import { askText, choose } from "../dialogs";
import { h } from "../dom";
import type { NoteTypeDict } from "../types";
import { chooseSides, type MergeConflict, type Side, type SideNames } from "./conflicts";

export interface BranchInfo {
  name: string;
  merged: boolean;
}

interface MergeReply {
  draft: NoteTypeDict | null;
  conflicts: MergeConflict[];
  merged: string[];
  nothingToKeep: boolean;
}

export interface BranchHost {
  notetypeId: () => number | null;
  /** Unsaved edits in the designer: switching or merging would mix them in. */
  dirty: () => boolean;
  /** Save `draft` (closes the panel first). */
  save: (draft: NoteTypeDict, label: string) => Promise<void>;
  /** Read the log again (the branch or its commits changed). */
  reload: () => Promise<void>;
  say: (text: string) => void;
}

const MAX_ROUNDS = 5; // a conflict set that keeps changing under us is reported, not looped on

function failure(what: string, error: unknown): string {
  return `${what} failed: ${error instanceof BridgeError ? error.message : String(error)}`;
}

export class BranchBar {
  readonly element: HTMLElement;
  private branch = "main";
  private branches: BranchInfo[] = [];
  private readonly current: HTMLElement;
  private readonly switchButton: HTMLButtonElement;
  private readonly mergeButton: HTMLButtonElement;

  constructor(private readonly bridge: Bridge, private readonly host: BranchHost) {
    this.current = h("strong", { id: "history-branch" }, "main");
    const tryButton = h("button", { type: "button", id: "history-try", title: "Keep main as it is; your next saves go to a new branch" }, "Try on a branch…");
    tryButton.addEventListener("click", () => void this.tryOnBranch());
    this.switchButton = h("button", { type: "button", id: "history-switch", disabled: "" }, "Switch…");
    this.switchButton.addEventListener("click", () => void this.switchTo());
    this.mergeButton = h("button", { type: "button", id: "history-merge", disabled: "" }, "Merge into main…");
    this.mergeButton.addEventListener("click", () => void this.mergeIntoMain());
    this.element = h("div", { class: "history-branches", role: "toolbar", "aria-label": "Branches" }, h("span", {}, "On branch "), this.current, tryButton, this.switchButton, this.mergeButton);
  }

  set(branch: string, branches: BranchInfo[]): void {
    this.branch = branch;
    this.branches = branches;
    this.current.textContent = branch;
    this.switchButton.disabled = branches.length < 2;
    this.mergeButton.disabled = !branches.some((b) => b.name !== "main" && !b.merged);
  }

  private unsaved(action: string): boolean {
    if (!this.host.dirty()) return false;
    this.host.say(`Save or undo your changes first: ${action} would mix them in.`);
    return true;
  }

  private async tryOnBranch(): Promise<void> {
    const id = this.host.notetypeId();
    if (id === null) return;
    const name = await askText("Try on a branch", "A name for the branch, e.g. big-font (main stays as it is)", "");
    if (name === null || !name.trim()) return;
    try {
      const reply = await this.bridge.call<{ branch: string }>("history.branch", { notetypeId: id, name });
      await this.host.reload();
      this.host.say(`On branch ${reply.branch}: your saves go there until you switch back to main or merge it.`);
    } catch (error) {
      this.host.say(failure("Starting the branch", error));
    }
  }

  private async switchTo(): Promise<void> {
    const id = this.host.notetypeId();
    if (id === null || this.unsaved("switching")) return;
    const others = this.branches.filter((b) => b.name !== this.branch);
    const picked = await choose("Switch branch", `The note type is on ${this.branch}. Which branch's version should it have? Your saves then go to that branch.`, [
      { id: "", label: "Cancel" },
      ...others.map((b, index) => ({ id: `branch:${index}`, label: b.name + (b.merged && b.name !== "main" ? " (merged)" : ""), primary: b.name === "main" })),
    ]);
    const target = picked.startsWith("branch:") ? others[Number(picked.slice(7))] : undefined;
    if (!target) return;
    try {
      const reply = await this.bridge.call<{ draft: NoteTypeDict | null }>("history.switch", { notetypeId: id, branch: target.name });
      if (reply.draft) {
        await this.host.save(reply.draft, `Switch to ${target.name}`);
        return;
      }
      await this.host.reload();
      this.host.say(`On branch ${target.name} (the note type already had its version).`);
    } catch (error) {
      this.host.say(failure("Switching", error));
    }
  }

  private async mergeIntoMain(): Promise<void> {
    const id = this.host.notetypeId();
    if (id === null || this.unsaved("merging")) return;
    const candidates = this.branches.filter((b) => b.name !== "main" && !b.merged);
    const picked = await choose("Merge into main", "Which branch's changes go into main? Changes on both sides merge by themselves; where both changed the same place you choose. The result is saved on main.", [
      { id: "", label: "Cancel" },
      ...candidates.map((b, index) => ({ id: `branch:${index}`, label: b.name, primary: b.name === this.branch })),
    ]);
    const name = picked.startsWith("branch:") ? candidates[Number(picked.slice(7))]?.name : undefined;
    if (!name) return;
    await this.merge("history.mergeBranch", { notetypeId: id, branch: name }, { ours: "main", theirs: name }, `Merge ${name}`, `Nothing to merge: main already has every change of ${name}.`);
  }

  /** "Keep my changes" on `commit`, an update made outside the designer. */
  async keepChanges(commit: string): Promise<void> {
    const id = this.host.notetypeId();
    if (id === null || this.unsaved("merging")) return;
    await this.merge("history.mergeUpdate", { notetypeId: id, commit }, { ours: "your version", theirs: "the update" }, `Keep changes on ${commit.slice(0, 8)}`, "Nothing to keep: your version had no changes of its own since the previous update. The update is now the upstream version.");
  }

  private async merge(method: string, args: Record<string, unknown>, names: SideNames, label: string, nothing: string): Promise<void> {
    let choices: Record<string, Side> = {};
    try {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const reply = await this.bridge.call<MergeReply>(method, { ...args, choices });
        if (reply.conflicts.length) {
          const picked = await chooseSides(`${label}: ${reply.conflicts.length === 1 ? "one conflict" : `${reply.conflicts.length} conflicts`}`, reply.conflicts, names);
          if (picked === null) {
            this.host.say("Merge cancelled: nothing changed.");
            return;
          }
          choices = { ...choices, ...picked };
          continue;
        }
        if (reply.draft) {
          await this.host.save(reply.draft, label);
          return;
        }
        await this.host.reload();
        this.host.say(reply.nothingToKeep ? nothing : "Merged: the note type already had the result.");
        return;
      }
      this.host.say("The merge kept changing while you chose: open History again and retry.");
    } catch (error) {
      this.host.say(failure("The merge", error));
    }
  }
}
