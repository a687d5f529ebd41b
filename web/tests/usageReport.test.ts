import assert from "node:assert/strict";
import { test } from "node:test";
import { canvasEvent, UsageReport, type PageEvent } from "../src/usageReport";

test("usage events gather and go in one call, not one per edit", () => {
  const sent: PageEvent[][] = [];
  const report = new UsageReport(async (names) => sent.push(names));
  report.note("canvas.edited");
  report.note("code.edited");
  assert.equal(sent.length, 0);
  report.flush();
  assert.deepEqual(sent, [["canvas.edited", "code.edited"]]);
  report.flush(); // nothing new: nothing sent
  assert.equal(sent.length, 1);
  for (let i = 0; i < 600; i++) report.note("canvas.edited");
  report.flush();
  assert.equal(sent[1].length, 500); // a burst is capped
});

test("a canvas edit is named by what it did", () => {
  assert.equal(canvasEvent([{ op: "insert" }]), "canvas.component_added");
  assert.equal(canvasEvent([{ op: "move" }]), "canvas.component_moved");
  assert.equal(canvasEvent([{ op: "setNightDecl" }]), "canvas.style_changed");
  assert.equal(canvasEvent([{ op: "setText" }]), "canvas.edited");
});
