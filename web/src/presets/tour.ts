// The first-run tour: a few anchored callouts (canvas, blocks, styles, preview, save).
// Keyboard: it is first in the tab order; Next/Back/Skip buttons, arrow keys; Esc skips. Finishing or skipping is
// remembered in Python (onboarding.done), so it shows once.

import type { Bridge } from "../bridge";
import { h } from "../dom";
import { TOUR_STEPS, TourPosition, type TourStep } from "./onboardingModel";
import { placeCallout } from "./tourPlacement";

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
    // A tab that shows the target (narrow windows); only when that tab is on screen.
    const reveal = step.reveal ? document.querySelector<HTMLElement>(step.reveal) : null;
    if (reveal && reveal.offsetWidth > 0 && reveal.getAttribute("aria-selected") !== "true") reveal.click();
    this.marked = document.querySelector(step.target);
    this.marked?.classList.add("tour-target");
    this.place(box, step);
    if (focus) next.focus();
  }

  /** Beside the target, never over it, inside the window (tourPlacement.ts). */
  private place(box: HTMLElement, step: TourStep): void {
    const element = document.querySelector(step.target);
    const rect = element?.getBoundingClientRect();
    const heightFor = (width: number): number => {
      box.style.width = `${width}px`;
      return box.offsetHeight || 160;
    };
    const placed = placeCallout(rect ?? null, { width: window.innerWidth, height: window.innerHeight }, heightFor);
    box.style.width = `${placed.width}px`;
    box.style.top = `${Math.round(placed.top)}px`;
    box.style.left = `${Math.round(placed.left)}px`;
    box.dataset.anchor = placed.side;
    // The target may still be laid out (a note type opening): follow its size.
    if (this.watched !== element) {
      this.observer.disconnect();
      this.watched = element ?? null;
      if (element) this.observer.observe(element);
    }
  }

  private watched: Element | null = null;
  private readonly observer = new ResizeObserver(() => this.reposition());

  async end(outcome: "finished" | "skipped"): Promise<void> {
    this.marked?.classList.remove("tour-target");
    this.marked = null;
    this.box?.remove();
    this.box = null;
    window.removeEventListener("resize", this.reposition);
    this.observer.disconnect();
    this.watched = null;
    document.removeEventListener("keydown", this.onDocumentKey);
    await this.bridge.call("onboarding.done", { guide: TOUR_GUIDE, outcome });
  }
}
