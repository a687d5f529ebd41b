// One undo history for the whole note type: canvas operations, code edits and style
// changes all record the exact texts of the documents they changed, so undo gives the
// user's bytes back exactly (GrapesJS's own UndoManager only knows its projection).

export type DocTexts = Record<string, string>;

export interface Selection {
  doc: string;
  id: string;
}

export interface HistoryEntry {
  label: string;
  before: DocTexts;
  after: DocTexts;
  selectBefore: Selection | null;
  selectAfter: Selection | null;
  /** Entries with the same coalesce key, close in time, merge (typing in code view). */
  coalesce?: string;
  at: number;
}

export class History {
  private done: HistoryEntry[] = [];
  private undone: HistoryEntry[] = [];

  constructor(
    private readonly limit = 200,
    private readonly coalesceMs = 1000,
  ) {}

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Label of what undo would revert ("" when nothing). */
  get undoLabel(): string {
    return this.done.at(-1)?.label ?? "";
  }

  get redoLabel(): string {
    return this.undone.at(-1)?.label ?? "";
  }

  record(entry: Omit<HistoryEntry, "at"> & { at?: number }): void {
    const at = entry.at ?? Date.now();
    const last = this.done.at(-1);
    this.undone = [];
    if (
      entry.coalesce &&
      last?.coalesce === entry.coalesce &&
      at - last.at <= this.coalesceMs &&
      sameKeys(last.after, entry.before)
    ) {
      last.after = { ...last.after, ...entry.after };
      last.selectAfter = entry.selectAfter;
      last.at = at;
      return;
    }
    this.done.push({ ...entry, at });
    if (this.done.length > this.limit) this.done.shift();
  }

  /** The entry to revert (its `before` texts are what to restore); null when none. */
  undo(): HistoryEntry | null {
    const entry = this.done.pop() ?? null;
    if (entry) this.undone.push(entry);
    return entry;
  }

  /** The entry to re-apply (restore its `after` texts); null when none. */
  redo(): HistoryEntry | null {
    const entry = this.undone.pop() ?? null;
    if (entry) this.done.push(entry);
    return entry;
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}

function sameKeys(a: DocTexts, b: DocTexts): boolean {
  const keys = Object.keys(b);
  return keys.every((key) => key in a && a[key] === b[key]);
}
