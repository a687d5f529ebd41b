import assert from "node:assert/strict";
import { test } from "node:test";
import { History } from "../src/history";

const sel = null;

test("undo returns the entry whose before-texts restore the old bytes; redo re-applies", () => {
  const history = new History();
  history.record({ label: "Insert", before: { "c0.front": "a\r\n" }, after: { "c0.front": "a\r\nb" }, selectBefore: sel, selectAfter: { doc: "c0.front", id: "1" } });
  assert.equal(history.undoLabel, "Insert");
  const undone = history.undo();
  assert.deepEqual(undone?.before, { "c0.front": "a\r\n" });
  assert.equal(history.canUndo, false);
  assert.equal(history.redoLabel, "Insert");
  assert.deepEqual(history.redo()?.after, { "c0.front": "a\r\nb" });
  assert.equal(history.canRedo, false);
});

test("a new edit after undo drops the redo branch", () => {
  const history = new History();
  history.record({ label: "one", before: { css: "" }, after: { css: "a" }, selectBefore: sel, selectAfter: sel });
  history.undo();
  history.record({ label: "two", before: { css: "" }, after: { css: "b" }, selectBefore: sel, selectAfter: sel });
  assert.equal(history.canRedo, false);
  assert.equal(history.undoLabel, "two");
});

test("typing coalesces into one entry while it continues from the last text", () => {
  const history = new History(200, 1000);
  history.record({ label: "Edit code", coalesce: "code:css", before: { css: "" }, after: { css: "a" }, selectBefore: sel, selectAfter: sel, at: 0 });
  history.record({ label: "Edit code", coalesce: "code:css", before: { css: "a" }, after: { css: "ab" }, selectBefore: sel, selectAfter: sel, at: 500 });
  history.record({ label: "Edit code", coalesce: "code:css", before: { css: "ab" }, after: { css: "abc" }, selectBefore: sel, selectAfter: sel, at: 3000 });
  const last = history.undo();
  assert.deepEqual(last?.before, { css: "ab" });
  const first = history.undo();
  assert.deepEqual(first?.before, { css: "" });
  assert.deepEqual(first?.after, { css: "ab" });
  assert.equal(history.canUndo, false);
});

test("entries beyond the limit are forgotten oldest first", () => {
  const history = new History(2);
  for (const text of ["a", "b", "c"]) history.record({ label: text, before: { css: "" }, after: { css: text }, selectBefore: sel, selectAfter: sel });
  assert.equal(history.undo()?.label, "c");
  assert.equal(history.undo()?.label, "b");
  assert.equal(history.undo(), null);
});
