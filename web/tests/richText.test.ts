import assert from "node:assert/strict";
import { test } from "node:test";
import { readRuns, type DomNode } from "../src/canvas/richText";

function text(value: string): DomNode {
  return { nodeType: 3, textContent: value, childNodes: [], nodeName: "#text" };
}

function el(name: string, children: DomNode[], id: string | null = null): DomNode {
  return {
    nodeType: 1,
    textContent: children.map((c) => c.textContent).join(""),
    childNodes: children,
    nodeName: name,
    getAttribute: (attr) => (attr === "data-atd-id" ? id : null),
  };
}

test("typed text next to an unchanged field chip and bold child keeps their refs", () => {
  const host = el("P", [text("Hello "), el("ATD-FIELD", [text("Paris")], "0.1"), text(" and "), el("B", [text("bold")], "0.3")]);
  assert.deepEqual(readRuns(host, () => true), [{ text: "Hello " }, { ref: "0.1" }, { text: " and " }, { ref: "0.3" }]);
});

test("a changed existing child and new execCommand markup become clean tags", () => {
  const host = el("P", [el("B", [text("bolder")], "0.0"), text(" x "), el("I", [text("new")]), el("BR", [])]);
  const unchanged = (id: string) => id !== "0.0";
  assert.deepEqual(readRuns(host, unchanged), [{ tag: "b", runs: [{ text: "bolder" }] }, { text: " x " }, { tag: "i", runs: [{ text: "new" }] }, { tag: "br" }]);
});

test("Enter's <div> becomes a line break and adjacent text merges", () => {
  const host = el("DIV", [text("one"), el("DIV", [text("two")]), text("")]);
  assert.deepEqual(readRuns(host, () => true), [{ text: "one" }, { tag: "br" }, { text: "two" }]);
});
