// The first-run tour's steps and its position; and when a note type counts as empty
// (then the start panel offers presets). No DOM: tested in node.

import type { NoteTypeDict } from "../types";

export interface TourStep {
  /** CSS selector of the element the callout points at. */
  target: string;
  /** A tab clicked first, when it is on screen, so the target shows (narrow windows). */
  reveal?: string;
  title: string;
  text: string;
}

export const TOUR_STEPS: TourStep[] = [
  { target: "#cv-canvas", title: "The canvas", text: "Your card as it will look, with a real note's content. Click a part to select it; double-click text to type." },
  { target: ".cv-left", reveal: "[data-cvtab=blocks]", title: "Blocks", text: "Drag fields, conditions, media and layout blocks onto the canvas. Layers shows the structure." },
  { target: ".cv-right", reveal: "[data-sidetab=style]", title: "Properties and style", text: "Change the selected part's field, classes and look, by day and by night." },
  { target: ".preview-bar", title: "Preview", text: "Anki renders the card beside the editor: question or answer, night mode, phone width, any note." },
  { target: "#save", title: "Save", text: "Save writes every card type and the styling as one undoable step (Ctrl+S). Presets… offers ready designs." },
];

export class TourPosition {
  index = 0;
  constructor(readonly count: number) {}

  get first(): boolean {
    return this.index === 0;
  }

  get last(): boolean {
    return this.index === this.count - 1;
  }

  next(): boolean {
    if (this.last) return false;
    this.index += 1;
    return true;
  }

  back(): boolean {
    if (this.first) return false;
    this.index -= 1;
    return true;
  }
}

/** A note type whose first front template is blank or uses no field at all. */
export function isEmptyNoteType(draft: NoteTypeDict): boolean {
  const front = draft.tmpls[0]?.qfmt ?? "";
  if (front.trim() === "") return true;
  return !/\{\{[^{}]*\}\}|<%[^%]*%>/.test(front);
}
