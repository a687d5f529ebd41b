// A list that renders only the rows in view, so 10,000 notes scroll like 10.

import { h } from "./dom";

export interface Range {
  start: number;
  end: number; // exclusive
}

/** Which rows to render for a scroll position (with `overscan` rows above and below). */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 6,
): Range {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count - 1, first) - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end };
}

/** The scrollTop that brings row `index` into view (unchanged if it already is). */
export function scrollToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return scrollTop;
}

export interface VirtualListOptions<T> {
  rowHeight: number;
  label: (item: T) => string;
  id: (item: T) => string;
  onChoose: (item: T) => void;
}

export class VirtualList<T> {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private items: T[] = [];
  active = 0;
  lastRenderMs = 0;

  constructor(private readonly options: VirtualListOptions<T>, ariaLabel: string) {
    this.rows = h("div", { class: "vlist-rows" });
    this.spacer = h("div", { class: "vlist-spacer" }, this.rows);
    this.element = h("div", { class: "vlist", role: "listbox", tabindex: "0", "aria-label": ariaLabel }, this.spacer);
    this.element.addEventListener("scroll", () => this.render());
    this.element.addEventListener("keydown", (event) => this.onKey(event));
  }

  set(items: T[]): void {
    this.items = items;
    this.active = Math.min(this.active, Math.max(0, items.length - 1));
    this.spacer.style.height = `${items.length * this.options.rowHeight}px`;
    this.render();
  }

  get count(): number {
    return this.items.length;
  }

  /** Draw the rows in view; keeps the DOM at a few dozen nodes whatever the count. */
  render(): void {
    const started = performance.now();
    const { rowHeight } = this.options;
    const range = visibleRange(this.element.scrollTop, this.element.clientHeight || rowHeight * 10, rowHeight, this.items.length);
    this.rows.style.transform = `translateY(${range.start * rowHeight}px)`;
    const rows: HTMLElement[] = [];
    for (let index = range.start; index < range.end; index++) {
      const item = this.items[index];
      const row = h(
        "div",
        { class: "vlist-row", role: "option", "data-index": String(index), "data-id": this.options.id(item), "aria-selected": String(index === this.active) },
        this.options.label(item),
      );
      row.style.height = `${rowHeight}px`;
      row.addEventListener("click", () => this.choose(index));
      rows.push(row);
    }
    this.rows.replaceChildren(...rows);
    this.lastRenderMs = performance.now() - started;
  }

  private choose(index: number): void {
    const item = this.items[index];
    if (item === undefined) return;
    this.active = index;
    this.options.onChoose(item);
  }

  private onKey(event: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.element.clientHeight / this.options.rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: -this.items.length,
      End: this.items.length,
    };
    if (event.key === "Enter") {
      this.choose(this.active);
      event.preventDefault();
      return;
    }
    if (!(event.key in moves)) return;
    event.preventDefault();
    this.active = Math.max(0, Math.min(this.items.length - 1, this.active + moves[event.key]));
    this.element.scrollTop = scrollToShow(this.active, this.element.scrollTop, this.element.clientHeight, this.options.rowHeight);
    this.render();
  }
}
