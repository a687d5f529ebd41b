// The code editor surface: CodeMirror 5 (bundled inside GrapesJS, so it costs no bytes)
// with HTML or CSS highlighting and Anki tags marked, behind the small textarea-like API
// the editor view uses. Values are shown with LF line breaks, exactly like a textarea;
// the editor view splices edits into the user's exact text (see textSync.ts).
//
// The hidden <textarea id=code> stays the source CodeMirror was made from; writing its
// value and dispatching `input` (what tests and assistive tools do) is adopted as typing.

interface Position {
  line: number;
  ch: number;
}

interface ChangeEvent {
  origin?: string;
}

/** The parts of a CodeMirror 5 instance used here. */
export interface CodeMirrorLike {
  getValue(): string;
  setValue(value: string): void;
  clearHistory(): void;
  getCursor(which: "from" | "to"): Position;
  indexFromPos(pos: Position): number;
  posFromIndex(index: number): Position;
  setSelection(anchor: Position, head: Position): void;
  replaceSelection(text: string): void;
  scrollIntoView(pos: Position | null, margin?: number): void;
  focus(): void;
  refresh(): void;
  setOption(name: string, value: unknown): void;
  on(event: "change", handler: (cm: CodeMirrorLike, change: ChangeEvent) => void): void;
  getWrapperElement(): HTMLElement;
  getAllMarks(): { clear(): void }[];
  markText(from: Position, to: Position, options: { className: string }): void;
}

export type CodeMirrorFactory = (textarea: HTMLTextAreaElement, options: Record<string, unknown>) => CodeMirrorLike;

const ANKI_TAG = /\{\{[^{}]*\}\}|\[anki:[^\]]*\]|\[\/anki:[^\]]*\]|\[sound:[^\]]*\]/g;

export class CodeSurface {
  private cm: CodeMirrorLike | null = null;
  private silent = 0;
  private markTimer = 0;
  private readonly inputListeners: (() => void)[] = [];

  constructor(readonly textarea: HTMLTextAreaElement) {
    textarea.addEventListener("input", () => {
      if (this.cm && this.cm.getValue() !== textarea.value) {
        this.cm.setValue(textarea.value); // adopted as typing: the change handler fires
      } else if (!this.cm) {
        this.emitInput();
      }
    });
  }

  /** Upgrade the textarea to CodeMirror (once GrapesJS, which bundles it, is loaded). */
  upgrade(create: CodeMirrorFactory): void {
    if (this.cm) return;
    const value = this.textarea.value;
    this.cm = create(this.textarea, {
      mode: "htmlmixed",
      lineNumbers: true,
      lineWrapping: false,
      readOnly: false,
      indentUnit: 2,
      tabSize: 2,
      dragDrop: false,
      theme: "atd",
      extraKeys: { Tab: (cm: CodeMirrorLike) => cm.replaceSelection("  ") },
    });
    this.cm.setValue(value);
    this.cm.clearHistory();
    this.cm.on("change", (_cm, change) => {
      this.textarea.value = this.value;
      if (change.origin !== "setValue" || !this.silent) this.emitInput();
      window.clearTimeout(this.markTimer);
      this.markTimer = window.setTimeout(() => this.markAnkiTags(), 60);
    });
    this.markAnkiTags();
  }

  get upgraded(): boolean {
    return this.cm !== null;
  }

  onInput(listener: () => void): void {
    this.inputListeners.push(listener);
  }

  private emitInput(): void {
    for (const listener of this.inputListeners) listener();
  }

  get value(): string {
    return this.cm ? this.cm.getValue() : this.textarea.value;
  }

  /** Show a text that changed elsewhere (not an edit: no input event, history cleared). */
  set value(text: string) {
    this.textarea.value = text;
    if (!this.cm) return;
    this.silent += 1;
    try {
      this.cm.setValue(text);
      this.cm.clearHistory();
    } finally {
      this.silent -= 1;
    }
    this.markAnkiTags();
  }

  get selectionStart(): number {
    return this.cm ? this.cm.indexFromPos(this.cm.getCursor("from")) : this.textarea.selectionStart;
  }

  get selectionEnd(): number {
    return this.cm ? this.cm.indexFromPos(this.cm.getCursor("to")) : this.textarea.selectionEnd;
  }

  setSelectionRange(start: number, end: number): void {
    if (!this.cm) {
      this.textarea.setSelectionRange(start, end);
      return;
    }
    const from = this.cm.posFromIndex(start);
    this.cm.setSelection(from, this.cm.posFromIndex(end));
    this.cm.scrollIntoView(from, 60);
  }

  /** Replace the selection with `text`, as typing would. */
  replaceSelection(text: string): void {
    if (this.cm) {
      this.cm.replaceSelection(text);
      return;
    }
    const { selectionStart, selectionEnd, value } = this.textarea;
    this.textarea.value = value.slice(0, selectionStart) + text + value.slice(selectionEnd);
    this.textarea.selectionStart = this.textarea.selectionEnd = selectionStart + text.length;
    this.emitInput();
  }

  focus(): void {
    if (this.cm) this.cm.focus();
    else this.textarea.focus();
  }

  setLanguage(language: "html" | "css", label: string): void {
    this.textarea.setAttribute("aria-label", label);
    if (!this.cm) return;
    this.cm.setOption("mode", language === "css" ? "css" : "htmlmixed");
    this.cm.getWrapperElement().setAttribute("aria-label", label);
  }

  /** Re-measure after the surface became visible. */
  refresh(): void {
    this.cm?.refresh();
  }

  private markAnkiTags(): void {
    const cm = this.cm;
    if (!cm) return;
    for (const mark of cm.getAllMarks()) mark.clear();
    const text = cm.getValue();
    for (const match of text.matchAll(ANKI_TAG)) {
      const start = match.index ?? 0;
      cm.markText(cm.posFromIndex(start), cm.posFromIndex(start + match[0].length), { className: "cm-anki-tag" });
    }
  }
}
