// The first-run tour: a few anchored callouts (canvas, blocks, styles, preview, save).
// Keyboard: it is first in the tab order; Next/Back/Skip buttons, arrow keys; Esc skips. Finishing or skipping is
// remembered in Python (onboarding.done), so it shows once.

import type { Bridge } from "../bridge";
import { h } from "../dom";
import { TOUR_STEPS, TourPosition, type TourStep } from "./onboardingModel";

export const TOUR_GUIDE = "designer-tour";

export class Tour {
  private box: HTMLElement | null = null;
  private position = new TourPosition(TOUR_STEPS.length);
  private marked: Element | null = null;

  constructor(
    private readonly bridge: Bridge,
    private readonly steps: TourStep[] = TOUR_STEPS,
  ) {}

  get active(): boolean {
    return this.box !== null;
  }

  get step(): number {
    return this.position.index;
  }

  /** Start the tour unless it was finished or skipped before. */
  async startIfNew(): Promise<boolean> {
    const state = await this.bridge.call<Record<string, boolean>>("onboarding.state");
    if (state[TOUR_GUIDE]) return false;
    this.start();
    return true;
  }

  start(): void {
    this.position = new TourPosition(this.steps.length);
    if (!this.box) {
      this.box = h("div", { class: "tour", role: "dialog", "aria-modal": "false", "aria-labelledby": "tour-title", id: "tour" });
      this.box.addEventListener("keydown", (event) => this.onKey(event));
      // First in the tab order; focus is not taken on start (the user may be typing).
      document.body.prepend(this.box);
      window.addEventListener("resize", this.reposition);
      document.addEventListener("keydown", this.onDocumentKey);
    }
    this.show(false);
  }

  /** Esc anywhere in the page (outside a modal) skips the tour. */
  private readonly onDocumentKey = (event: KeyboardEvent): void => {
    if (event.key !== "Escape" || !this.box || this.box.contains(event.target as Node) || document.querySelector("dialog[open]")) return;
    void this.end("skipped");
  };

  private readonly reposition = (): void => {
    if (this.box) this.place(this.box, this.steps[this.position.index]);
  };

  private onKey(event: KeyboardEvent): void {
    if (event.key === "Escape") void this.end("skipped");
    else if (event.key === "ArrowRight") this.next();
    else if (event.key === "ArrowLeft") this.back();
    else return;
    event.preventDefault();
    event.stopPropagation();
  }

  next(): void {
    if (!this.position.next()) void this.end("finished");
    else this.show(true);
  }

  back(): void {
    if (this.position.back()) this.show(true);
  }

  private show(focus: boolean): void {
    const box = this.box;
    if (!box) return;
    const step = this.steps[this.position.index];
    const back = h("button", { type: "button", "data-tour": "back" }, "Back");
    back.disabled = this.position.first;
    const next = h("button", { type: "button", class: "primary", "data-tour": "next" }, this.position.last ? "Done" : "Next");
    const skip = h("button", { type: "button", "data-tour": "skip" }, "Skip tour");
    back.addEventListener("click", () => this.back());
    next.addEventListener("click", () => this.next());
    skip.addEventListener("click", () => void this.end("skipped"));
    box.replaceChildren(
      h("p", { class: "tour-count" }, `${this.position.index + 1} of ${this.steps.length}`),
      h("h2", { id: "tour-title" }, step.title),
      h("p", {}, step.text),
      h("div", { class: "tour-buttons" }, skip, h("span", { class: "spacer" }), back, next),
    );
    this.marked?.classList.remove("tour-target");
    this.marked = document.querySelector(step.target);
    this.marked?.classList.add("tour-target");
    this.place(box, step);
    if (focus) next.focus();
  }

  /** Beside the target (below, else above, else centred), inside the window. */
  private place(box: HTMLElement, step: TourStep): void {
    const target = document.querySelector(step.target)?.getBoundingClientRect();
    const width = Math.min(340, window.innerWidth - 24);
    box.style.width = `${width}px`;
    const height = box.offsetHeight || 160;
    let top = window.innerHeight / 2 - height / 2;
    let left = window.innerWidth / 2 - width / 2;
    box.dataset.anchor = "center";
    if (target && target.width > 0 && target.height > 0) {
      left = Math.min(Math.max(12, target.left + target.width / 2 - width / 2), window.innerWidth - width - 12);
      if (target.bottom + height + 16 < window.innerHeight) {
        top = target.bottom + 10;
        box.dataset.anchor = "below";
      } else if (target.top - height - 16 > 0) {
        top = target.top - height - 10;
        box.dataset.anchor = "above";
      } else {
        // A large target (the canvas): its lower right corner, away from the content,
        // which starts at the top.
        top = Math.max(12, Math.min(target.bottom, window.innerHeight) - height - 12);
        left = Math.max(12, Math.min(target.right, window.innerWidth) - width - 12);
        box.dataset.anchor = "inside";
      }
    }
    box.style.top = `${Math.round(top)}px`;
    box.style.left = `${Math.round(left)}px`;
  }

  async end(outcome: "finished" | "skipped"): Promise<void> {
    this.marked?.classList.remove("tour-target");
    this.marked = null;
    this.box?.remove();
    this.box = null;
    window.removeEventListener("resize", this.reposition);
    document.removeEventListener("keydown", this.onDocumentKey);
    await this.bridge.call("onboarding.done", { guide: TOUR_GUIDE, outcome });
  }
}
