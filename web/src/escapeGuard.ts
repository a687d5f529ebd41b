// Esc belongs to the page first. Qt hands every Esc pressed in the designer to the window
// around it too, which would close the whole designer on an Esc meant for a modal (the
// Plugins panel, Presets, a question), a menu, the note picker or the tour. Python asks
// `atd.escapeCloses()` before it closes (gui/escape_guard.py); the answer is no while
// something of the page is open, and for an Esc the page used (it prevented the default,
// stopped it, or it was pressed while such a thing was open) in the last second.

/** What of the page takes Esc when it is open. */
export const ESCAPE_OWNERS = 'dialog[open], [role="dialog"]:not([hidden]), [role="menu"]:not([hidden]), #pv-note-panel:not([hidden])';

/** Python's question may reach the page before or after the key event itself. */
export const ESCAPE_MEMORY_MS = 1000;

export interface LastEscape {
  at: number;
  /** Something that takes Esc was open when it was pressed. */
  ownerOpen: boolean;
  defaultPrevented: boolean;
  /** It bubbled up to the window (nobody stopped it). */
  reachedWindow: boolean;
}

/** Whether Esc should close the designer now (pure: tested). */
export function escapeCloses(last: LastEscape | null, ownerOpenNow: boolean, now: number): boolean {
  if (ownerOpenNow) return false;
  if (!last || now - last.at > ESCAPE_MEMORY_MS) return true;
  return !(last.ownerOpen || last.defaultPrevented || !last.reachedWindow);
}

export class EscapeGuard {
  private last: { event: KeyboardEvent; info: LastEscape } | null = null;

  install(win: Window): void {
    win.addEventListener(
      "keydown",
      (event) => {
        if (event.key !== "Escape") return;
        const info = { at: performance.now(), ownerOpen: this.ownerOpen(win.document), defaultPrevented: false, reachedWindow: false };
        this.last = { event, info };
      },
      true,
    );
    win.addEventListener("keydown", (event) => {
      if (this.last?.event === event) this.last.info.reachedWindow = true;
    });
  }

  /** Asked by Python when the window got an Esc. */
  closes(): boolean {
    const last = this.last ? { ...this.last.info, defaultPrevented: this.last.event.defaultPrevented } : null;
    return escapeCloses(last, this.ownerOpen(document), performance.now());
  }

  private ownerOpen(doc: Document): boolean {
    return doc.querySelector(ESCAPE_OWNERS) !== null;
  }
}
