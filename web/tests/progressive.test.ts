import assert from "node:assert/strict";
import { test } from "node:test";
import { firstPart, nextStep, STEP, STEP_TARGET_MS } from "../src/canvas/progressive";
import { walkTree, type TreeNode } from "../src/canvas/tree";

const text = (id: string, value: string): TreeNode => ({ id, k: `k${id}`, t: "text", text: value });
const el = (id: string, tag: string, c: TreeNode[]): TreeNode => ({ id, k: `k${id}`, t: "el", tag, attrs: [], void: false, c });

/** A card of `rows` rows, each a div holding a block (div) with two text runs. */
function card(rows: number): TreeNode[] {
  const body = Array.from({ length: rows }, (_, n) => el(`0.${n}`, "div", [el(`0.${n}.0`, "div", [text(`0.${n}.0.0`, "a"), el(`0.${n}.0.1`, "br", [])]), text(`0.${n}.1`, " ")]));
  return [el("0", "div", body), text("1", "\n")];
}

const ids = (nodes: TreeNode[]): string[] => [...walkTree(nodes)].map((n) => n.id);

test("a tree within the budget is shown whole, as the same array", () => {
  const nodes = card(3);
  const part = firstPart(nodes, 1000);
  assert.equal(part.nodes, nodes);
  assert.equal(part.complete, true);
  assert.equal(part.size, ids(nodes).length);
});

test("a big tree is cut in document order; what is kept is a prefix with exact hashes", () => {
  const nodes = card(100);
  const all = ids(nodes);
  const part = firstPart(nodes, 50);
  assert.equal(part.complete, false);
  const kept = ids(part.nodes);
  assert.deepEqual(kept, all.slice(0, kept.length));
  assert.ok(kept.length >= 50 && kept.length < 60, String(kept.length));
  assert.equal(part.size, kept.length);
  // Cut containers are marked changed; untouched nodes keep their hash (reconcile keeps them).
  const root = part.nodes[0] as TreeNode & { c: TreeNode[] };
  assert.notEqual(root.k, nodes[0].k);
  assert.equal(root.c[0], (nodes[0] as { c: TreeNode[] }).c[0]);
  assert.equal(part.nodes.length, 1); // the trailing text after the cut container is left out
});

test("growing budgets reach the whole tree, and each part extends the one before", () => {
  const nodes = card(80);
  let previous: string[] = [];
  for (let budget = 40; ; budget += 60) {
    const part = firstPart(nodes, budget);
    const kept = ids(part.nodes);
    assert.deepEqual(kept.slice(0, previous.length), previous);
    previous = kept;
    if (part.complete) break;
  }
  assert.deepEqual(previous, ids(nodes));
});

test("a text element is never cut: shown whole or not at all", () => {
  const paragraph = el("0", "p", Array.from({ length: 30 }, (_, n) => (n % 2 ? el(`0.${n}`, "b", [text(`0.${n}.0`, "x")]) : text(`0.${n}`, "word "))));
  const nodes = [paragraph, el("1", "div", [text("1.0", "after")])];
  const part = firstPart(nodes, 5);
  assert.equal(part.nodes[0], paragraph);
  assert.equal(part.complete, false);
  assert.equal(part.nodes.length, 1);
});

test("each later step is sized to take about STEP_TARGET_MS at the pace of the one before", () => {
  // 100 nodes took 50 ms: a click would have waited 50 ms; the next step fits the target.
  const step = nextStep(100, 50);
  assert.equal(step, Math.floor((100 * STEP_TARGET_MS) / 50));
  assert.ok((step * 50) / 100 <= STEP_TARGET_MS);
  // A fast machine takes bigger steps, a very slow one still moves on, both bounded.
  assert.ok(nextStep(100, 1) > step && nextStep(100, 1) <= 400);
  assert.ok(nextStep(10, 1000) >= 10);
  // Nothing measured (no node added, a clock that did not move): the first step's size.
  assert.equal(nextStep(0, 20), STEP);
  assert.equal(nextStep(30, 0), STEP);
});
