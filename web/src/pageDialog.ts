// What the page's modal panels share (Plugins, Backups, History, Insights): a <dialog>
// built the first time it opens, open and close, and the keyboard focus kept across
// redraws (a control is found again by its `data-focus` key or its id).

export abstract class PageDialog {
  protected dialog: HTMLDialogElement | null = null;
  private focusKey: string | null = null;

  get isOpen(): boolean {
    return this.dialog?.open ?? false;
  }

  close(): void {
    this.dialog?.close();
  }

  /** Build the dialog's element (and set `this.dialog`). */
  protected abstract build(): HTMLDialogElement;

  /** The dialog, built the first time, shown as a modal. */
  protected showDialog(): HTMLDialogElement {
    const dialog = this.dialog ?? this.build();
    if (!dialog.open) dialog.showModal();
    return dialog;
  }

  /** Before a redraw: which control of `dialog` has the focus. */
  protected rememberFocus(dialog: HTMLDialogElement): void {
    const active = document.activeElement;
    if (!(active instanceof HTMLElement) || !dialog.contains(active)) return;
    const key = active.dataset.focus ? `[data-focus="${CSS.escape(active.dataset.focus)}"]` : active.id ? `#${CSS.escape(active.id)}` : null;
    if (key) this.focusKey = key;
  }

  /** After a redraw: focus that control again, once it is back and enabled (a change in
   *  flight disables it); when it is gone and nothing in the dialog has the focus,
   *  `fallback` gets it. */
  protected restoreFocus(dialog: HTMLDialogElement, fallback: HTMLElement | null = null): void {
    if (!this.focusKey) return;
    const target = dialog.querySelector<HTMLElement>(this.focusKey);
    if (target && (target as HTMLButtonElement).disabled) return;
    this.focusKey = null;
    const active = document.activeElement;
    if (target) target.focus();
    else if (fallback && (!(active instanceof HTMLElement) || !dialog.contains(active) || active === dialog)) fallback.focus();
  }
}
