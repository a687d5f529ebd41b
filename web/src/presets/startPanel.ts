// The start panel for an empty note type: start from a preset, or keep the current
// template (dismiss and edit it on the canvas or as code).

import { byId } from "../dom";
import type { NoteTypeDict } from "../types";
import { isEmptyNoteType } from "./onboardingModel";

export class StartPanel {
  private readonly panel = byId("start-panel");
  private dismissed = new Set<number>();

  constructor(openGallery: () => void) {
    byId("start-preset").addEventListener("click", () => {
      this.hide();
      openGallery();
    });
    byId("start-current").addEventListener("click", () => this.hide());
  }

  private current: number | null = null;

  /** Show the panel for an empty note type (once per note type while the page lives). */
  update(draft: NoteTypeDict): void {
    this.current = draft.id;
    this.panel.hidden = this.dismissed.has(draft.id) || !isEmptyNoteType(draft);
  }

  hide(): void {
    if (this.current !== null) this.dismissed.add(this.current);
    this.panel.hidden = true;
  }
}
