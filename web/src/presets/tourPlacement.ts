// Where the tour's callout goes: beside the element it talks about, never over it. No
// DOM: the caller measures; tested in node (tests/tourPlacement.test.ts).

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type Side = "below" | "above" | "right" | "left" | "corner";

export interface Placement extends Rect {
  side: Side;
}

const GAP = 10; // between the callout and its target
const MARGIN = 12; // kept free at the window's edges
export const MAX_WIDTH = 340;
export const MIN_WIDTH = 180;

export function intersects(a: Rect, b: Rect): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (value: number, low: number, high: number): number => Math.max(low, Math.min(value, Math.max(low, high)));

/**
 * Tall targets (panels, the canvas) are talked about from beside them, flat ones (bars,
 * buttons) from below or above; the first side with room wins, flipping to the opposite
 * one when there is none. The callout narrows (down to MIN_WIDTH) to fit beside a target.
 * When no side has room it goes where it covers the least of the target; a target that is
 * not on screen puts it in the lower right corner, away from where content starts.
 * `heightFor(width)` is the callout's height at that width (text wraps).
 */
export function placeCallout(target: Rect | null, viewport: { width: number; height: number }, heightFor: (width: number) => number): Placement {
  const widest = Math.max(0, Math.min(MAX_WIDTH, viewport.width - 2 * MARGIN));
  const inside = (r: Rect): boolean =>
    r.left >= MARGIN - 0.5 && r.top >= MARGIN - 0.5 && r.left + r.width <= viewport.width - MARGIN + 0.5 && r.top + r.height <= viewport.height - MARGIN + 0.5;
  if (!target || target.width <= 0 || target.height <= 0) {
    const height = heightFor(widest);
    return { side: "corner", width: widest, height, left: Math.max(MARGIN, viewport.width - widest - MARGIN), top: Math.max(MARGIN, viewport.height - height - MARGIN) };
  }
  const right = target.left + target.width;
  const bottom = target.top + target.height;
  const vertical = (side: "below" | "above"): Placement => {
    const width = widest;
    const height = heightFor(width);
    const left = clamp(target.left + target.width / 2 - width / 2, MARGIN, viewport.width - width - MARGIN);
    const top = side === "below" ? bottom + GAP : target.top - GAP - height;
    return { side, width, height, left, top };
  };
  const horizontal = (side: "right" | "left"): Placement => {
    const room = side === "right" ? viewport.width - MARGIN - right - GAP : target.left - GAP - MARGIN;
    const width = Math.max(Math.min(widest, Math.floor(room)), Math.min(MIN_WIDTH, widest));
    const height = heightFor(width);
    const left = side === "right" ? right + GAP : target.left - GAP - width;
    // Level with the target's top (where its content starts), inside the window.
    const top = clamp(target.top, MARGIN, viewport.height - height - MARGIN);
    return { side, width, height, left, top };
  };
  const tall = target.height > 200 && target.height > target.width / 2;
  const order: Array<() => Placement> = tall
    ? [() => horizontal("right"), () => horizontal("left"), () => vertical("below"), () => vertical("above")]
    : [() => vertical("below"), () => vertical("above"), () => horizontal("right"), () => horizontal("left")];
  const candidates = order.map((make) => make());
  const fitting = candidates.find((c) => inside(c) && !intersects(c, target));
  if (fitting) return fitting;
  // No side has room: keep it on screen and cover as little of the target as possible.
  const onScreen = candidates.map((c) => ({
    ...c,
    left: clamp(c.left, MARGIN, viewport.width - c.width - MARGIN),
    top: clamp(c.top, MARGIN, viewport.height - c.height - MARGIN),
  }));
  return onScreen.reduce((best, c) => (overlapArea(c, target) < overlapArea(best, target) ? c : best));
}
