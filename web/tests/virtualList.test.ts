import assert from "node:assert/strict";
import { test } from "node:test";

import { scrollToShow, visibleRange } from "../src/virtualList";

test("only the rows in view plus overscan are rendered, whatever the count", () => {
  const range = visibleRange(0, 300, 30, 10_000, 5);
  assert.deepEqual(range, { start: 0, end: 16 });
  const middle = visibleRange(150_000, 300, 30, 10_000, 5);
  assert.deepEqual(middle, { start: 4995, end: 5016 });
  assert.ok(middle.end - middle.start <= 30);
});

test("the end of a long list is reachable and never overruns", () => {
  const last = visibleRange(10_000 * 30 - 300, 300, 30, 10_000, 5);
  assert.equal(last.end, 10_000);
  assert.ok(last.start < 9_990);
  assert.deepEqual(visibleRange(1e9, 300, 30, 10_000, 5).end, 10_000);
});

test("empty lists and odd inputs give an empty or clamped range", () => {
  assert.deepEqual(visibleRange(0, 300, 30, 0), { start: 0, end: 0 });
  assert.deepEqual(visibleRange(-50, 300, 30, 3, 0), { start: 0, end: 3 });
});

test("scrolling to show a row moves only as far as needed", () => {
  assert.equal(scrollToShow(0, 300, 300, 30), 0);
  assert.equal(scrollToShow(20, 0, 300, 30), 330);
  assert.equal(scrollToShow(5, 0, 300, 30), 0);
});
