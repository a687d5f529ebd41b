import assert from "node:assert/strict";
import { test } from "node:test";
import { intersects, MAX_WIDTH, MIN_WIDTH, placeCallout, type Rect } from "../src/presets/tourPlacement";

// Text wraps: a narrower callout is taller (about 150 px at 340 px wide).
const heightFor = (width: number): number => Math.ceil((340 * 150) / width);

function within(r: Rect, viewport: { width: number; height: number }): boolean {
  return r.left >= 12 && r.top >= 12 && r.left + r.width <= viewport.width - 12 && r.top + r.height <= viewport.height - 12;
}

test("a flat target gets the callout below it, or above when there is no room below", () => {
  const viewport = { width: 945, height: 768 };
  const bar = { left: 0, top: 80, width: 945, height: 36 };
  const below = placeCallout(bar, viewport, heightFor);
  assert.equal(below.side, "below");
  assert.equal(below.top, 126);
  assert.ok(!intersects(below, bar) && within(below, viewport));
  const low = { left: 0, top: 700, width: 945, height: 30 };
  const above = placeCallout(low, viewport, heightFor);
  assert.equal(above.side, "above");
  assert.ok(!intersects(above, low) && within(above, viewport));
});

test("a button at the right edge keeps its callout inside the window", () => {
  const viewport = { width: 945, height: 768 };
  const save = { left: 877, top: 6, width: 56, height: 28 };
  const placed = placeCallout(save, viewport, heightFor);
  assert.equal(placed.side, "below");
  assert.equal(placed.left + placed.width, 945 - 12);
  assert.ok(!intersects(placed, save));
});

test("a tall target is talked about from beside it, narrowing to fit, flipping sides", () => {
  const viewport = { width: 945, height: 768 };
  // the canvas between the blocks (150 px) and the style panel (210 px), as measured at
  // 1366×768: above it would fit, but that is its own toolbar
  const canvas = { left: 150, top: 185, width: 585, height: 544 };
  const placed = placeCallout(canvas, viewport, heightFor);
  assert.equal(placed.side, "right");
  assert.ok(placed.width >= MIN_WIDTH && placed.width < MAX_WIDTH);
  assert.ok(!intersects(placed, canvas) && within(placed, viewport), JSON.stringify(placed));
  // the style panel at the right edge: to its left
  const panel = { left: 697, top: 152, width: 248, height: 578 };
  const left = placeCallout(panel, viewport, heightFor);
  assert.equal(left.side, "left");
  assert.ok(!intersects(left, panel) && within(left, viewport));
});

test("with no room anywhere it stays on screen and covers as little as it can", () => {
  const viewport = { width: 800, height: 600 };
  const everything = { left: 0, top: 0, width: 800, height: 600 };
  const placed = placeCallout(everything, viewport, heightFor);
  assert.ok(within(placed, viewport));
  const mostly = { left: 100, top: 20, width: 690, height: 560 };
  const beside = placeCallout(mostly, viewport, heightFor);
  assert.ok(within(beside, viewport));
  assert.ok(beside.left + beside.width <= 100 + 1e-9 || intersects(beside, mostly));
});

test("a target that is not on screen puts the callout in the lower right corner", () => {
  const viewport = { width: 1333, height: 1080 };
  for (const target of [null, { left: 0, top: 0, width: 0, height: 0 }]) {
    const placed = placeCallout(target, viewport, heightFor);
    assert.equal(placed.side, "corner");
    assert.equal(placed.left + placed.width, 1333 - 12);
    assert.equal(placed.top + placed.height, 1080 - 12);
  }
});

test("every placement is inside a tiny window too", () => {
  const viewport = { width: 300, height: 260 };
  for (const target of [{ left: 10, top: 10, width: 50, height: 20 }, { left: 0, top: 40, width: 300, height: 220 }]) {
    const placed = placeCallout(target, viewport, heightFor);
    assert.ok(placed.left >= 12 && placed.left + placed.width <= 288, JSON.stringify(placed));
    assert.ok(placed.top >= 12, JSON.stringify(placed));
  }
});
