import assert from "node:assert/strict";
import { test } from "node:test";

import { commitLabel } from "../src/historyPanel/panel";
import { highlight, MAX_CELLS, sideBySide } from "../src/historyPanel/sideBySide";

test("unchanged lines pair up and a changed line is one changed row", () => {
  const rows = sideBySide("a\nb\nc\n", "a\nB\nc\n");
  assert.deepEqual(rows.map((r) => r.kind), ["same", "changed", "same"]);
  assert.deepEqual([rows[1].left, rows[1].right, rows[1].leftNo, rows[1].rightNo], ["b", "B", 2, 2]);
});

test("added and removed lines keep both sides' line numbers right", () => {
  const rows = sideBySide("one\ntwo\nthree", "zero\none\nthree\nfour");
  assert.deepEqual(rows.map((r) => r.kind), ["added", "same", "removed", "same", "added"]);
  assert.deepEqual(rows.map((r) => r.rightNo), [1, 2, null, 3, 4]);
  assert.deepEqual(rows.map((r) => r.leftNo), [null, 1, 2, 3, null]);
});

test("an empty side and huge unrelated files stay correct and fast", () => {
  assert.deepEqual(sideBySide("", "x\n").map((r) => r.kind), ["added"]);
  assert.deepEqual(sideBySide("x", "").map((r) => r.kind), ["removed"]);
  const big = Array.from({ length: 3000 }, (_, i) => `a${i}`).join("\n");
  const other = Array.from({ length: 3000 }, (_, i) => `b${i}`).join("\n");
  assert.ok(3000 * 3000 > MAX_CELLS);
  const started = performance.now();
  const rows = sideBySide(`head\n${big}\ntail`, `head\n${other}\ntail`);
  assert.ok(performance.now() - started < 500);
  assert.equal(rows.length, 3002);
  assert.equal(rows[0].kind, "same");
  assert.equal(rows[rows.length - 1].kind, "same");
});

test("highlighting splits a line into pieces that join back to it exactly", () => {
  for (const [line, language] of [
    ['<div class="x" onclick="alert(1)">{{Front}}<!-- c --></div>', "html"],
    [".card:hover { color: red; } /* note */", "css"],
    ["<script>if (a < b && c > d) {}</script>", "html"],
  ] as const) {
    const tokens = highlight(line, language);
    assert.equal(tokens.map((t) => t.text).join(""), line);
  }
  const kinds = highlight('<b id="x">{{Word}}</b>', "html").map((t) => t.kind);
  assert.ok(kinds.includes("tag") && kinds.includes("attr") && kinds.includes("string") && kinds.includes("field"));
  assert.deepEqual(highlight(".a { color: red; }", "css").slice(0, 1).map((t) => t.kind), ["selector"]);
});

test("a commit's label is its short id, time in UTC and summary", () => {
  const label = commitLabel({ id: "0123456789abcdef", summary: "Basic: Card 1 back", message: "", author: "p", time: 0, parents: [] });
  assert.equal(label, "01234567  1970-01-01 00:00  Basic: Card 1 back");
});

test("a labelled commit shows its labels as text before the summary", () => {
  const labels = ["<b>before</b> the redesign", "v1"];
  const label = commitLabel({ id: "0123456789abcdef", summary: "Basic: styling", message: "", author: "p", time: 0, parents: [], labels });
  assert.equal(label, "01234567  1970-01-01 00:00  [<b>before</b> the redesign] [v1] Basic: styling");
});
