import assert from "node:assert/strict";
import { test } from "node:test";
import { projectAttributes, projectCss, type ProjectionContext } from "../src/canvas/project";
import { displayRequests, toDefs, type ComponentDef, type DefContext } from "../src/canvas/toDefs";
import type { TreeNode } from "../src/canvas/tree";

const projection: ProjectionContext = { mediaOrigin: "http://127.0.0.1:4000", values: { "{{Tags}}": "tag1 tag2" } };
const context: DefContext = { ...projection, doc: "c0.front", fragments: {}, conditions: { Extra: false }, fields: ["Front", "Back", "Extra"] };

const hostile: TreeNode[] = [
  { id: "0", k: "a", t: "el", tag: "img", void: true, c: [], attrs: [{ n: "src", v: "http://evil.invalid/x.png" }, { n: "onerror", v: "pycmd('x')" }] },
  { id: "1", k: "b", t: "el", tag: "a", void: false, attrs: [{ n: "href", v: "javascript:pycmd('x')" }, { n: "target", v: "_top" }], c: [{ id: "1.0", k: "c", t: "text", text: "<b>not markup</b>" }] },
  { id: "2", k: "d", t: "rawtext", tag: "script", attrs: [], content: "pycmd('atd:x')" },
  { id: "3", k: "e", t: "el", tag: "meta", void: true, c: [], attrs: [{ n: "http-equiv", v: "refresh" }, { n: "content", v: "0;url=http://127.0.0.1:9/beacon" }] },
  { id: "4", k: "f", t: "el", tag: "div", void: false, c: [], attrs: [{ n: "style", v: "background: url(http://evil.invalid/b.png)" }, { n: "class", v: "{{Tags}}", tags: true }, { n: "onclick", v: "x()" }] },
  { id: "5", k: "g", t: "section", key: "Extra", inverted: false, open: "{{#Extra}}", close: "{{/Extra}}", c: [{ id: "5.0", k: "h", t: "field", key: "Extra", filters: [], special: false, src: "{{Extra}}" }] },
  { id: "6", k: "i", t: "el", tag: "img", void: true, c: [], attrs: [{ n: "src", v: "cat photo.jpg" }, { n: "srcset", v: "a.jpg 2x" }] },
  { id: "7", k: "j", t: "raw", raw: "<b><i></b></i>", reason: "misnested", message: "overlap" },
];

function* walkDefs(defs: ComponentDef[]): Generator<ComponentDef> {
  for (const def of defs) {
    yield def;
    yield* walkDefs(def.components ?? []);
  }
}

test("no string ever appears in a components array, and content is only on text nodes", () => {
  for (const def of walkDefs(toDefs(hostile, context))) {
    for (const child of def.components ?? []) assert.equal(typeof child, "object");
    if ("content" in def) assert.equal(def.type, "atd-textnode");
  }
});

test("every node becomes exactly one component carrying its doc, id and hash", () => {
  const defs = [...walkDefs(toDefs(hostile, context))];
  assert.deepEqual(defs.map((d) => d.atd.id), ["0", "1", "1.0", "2", "3", "4", "5", "5.0", "6", "7"]);
  assert.ok(defs.every((d) => d.atd.doc === "c0.front" && d.atd.k));
});

test("hostile attributes are projected away: handlers, absolute URLs, javascript:, targets", () => {
  const defs = [...walkDefs(toDefs(hostile, context))];
  const img = defs[0];
  assert.deepEqual(img.attributes, {});
  assert.deepEqual(img.atdHandlers, { onerror: "pycmd('x')" });
  assert.deepEqual(defs[1].attributes, {});
  assert.equal(defs[3].type, "atd-script");
  assert.equal(defs[4].type, "atd-placeholder");
  assert.equal(defs[5].atdStyle, "background: none");
  assert.deepEqual(defs[5].classes, ["tag1", "tag2"]);
  assert.deepEqual(defs[8].attributes, { src: "http://127.0.0.1:4000/cat%20photo.jpg" });
  assert.equal(defs[9].type, "atd-raw");
  for (const def of defs) for (const name of Object.keys(def.attributes ?? {})) assert.ok(!name.startsWith("on"), name);
});

test("a section whose field is empty for this note is marked not shown", () => {
  const defs = [...walkDefs(toDefs(hostile, context))];
  assert.equal(defs[6].attributes?.["data-atd-shown"], "false");
});

test("projectAttributes: the first of duplicate attributes wins and bad names are dropped", () => {
  const result = projectAttributes("div", [{ n: "title", v: "one" }, { n: "title", v: "two" }, { n: "x\"y", v: "z" }, { n: "data-x", v: "javascript:alert(1)" }], projection);
  assert.deepEqual(result.attributes, { title: "one" });
});

test("projectCss neutralises remote url(), @import and expression()", () => {
  const css = projectCss("@import url(http://x.invalid/a.css); .a { background: url('//x.invalid/b.png'); width: expression(alert(1)); } .b { background: url(bg.png) }", projection);
  assert.ok(!css.includes("x.invalid"), css);
  assert.ok(!/expression\(/.test(css));
  assert.ok(css.includes('url("http://127.0.0.1:4000/bg.png")'));
});

test("displayRequests lists field tags, tagged attribute values and section keys once", () => {
  assert.deepEqual(displayRequests(hostile), { tags: ["{{Extra}}"], values: ["{{Tags}}"], conditions: ["Extra"] });
});

test("a section tag crossing elements is a small marker, not a preserved box", () => {
  const crossing: TreeNode[] = [
    { id: "0", k: "a", t: "raw", raw: "{{#Front}}", reason: "crossing-section", message: "crosses" },
    { id: "1", k: "b", t: "el", tag: "p", void: false, attrs: [], c: [{ id: "1.0", k: "c", t: "text", text: "words" }] },
  ];
  const [marker, paragraph] = toDefs(crossing, context);
  assert.equal(marker.type, "atd-placeholder");
  assert.match(String(marker.attributes?.["data-atd-label"]), /^\{\{#Front\}\} \(crosses elements/);
  assert.notEqual(paragraph.type, "atd-raw");
});
