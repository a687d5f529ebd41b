import assert from "node:assert/strict";
import { test } from "node:test";

import { checkView, checkWorkerMessage, LIMITS, type DeclaredPanel, type GateContext } from "../src/jsPlugins/messages";
import { PluginWorker, type PanelContext, type WorkerHost } from "../src/jsPlugins/pluginWorker";
import { FakeWorker, runWorkerSource } from "./workerFakes";

const FAST = { ...LIMITS, initMs: 60, requestMs: 60, maxMessages: 20 };
const PANELS: DeclaredPanel[] = [{ id: "math-help", title: "Math help", module: "panel.js" }];
const CONTEXT: PanelContext = { notetype: "Basic", cardType: "Card 1", side: "front", template: "{{Front}}", fields: ["Front", "Back"], isCloze: false };

function gate(permissions: string[] = ["canvas:panels"]): GateContext {
  return { permissions: new Set(permissions), declared: new Map(), registered: new Set(), panels: new Map(PANELS.map((p) => [p.id, p])) };
}
const panelPending = (_id: unknown, request: string): boolean => request === "panel";

function refused(data: unknown, context = gate(), pending = panelPending): string {
  const checked = checkWorkerMessage(data, context, pending);
  assert.equal(checked.ok, false, `expected a refusal of ${JSON.stringify(data).slice(0, 200)}`);
  return checked.ok ? "" : checked.problem;
}

// -- the gate -------------------------------------------------------------------------

test("renderPanel needs canvas:panels, answers a panel request and names a declared panel", () => {
  const view = [{ kind: "text", text: "hi" }];
  assert.match(refused({ type: "renderPanel", requestId: 1, panel: "math-help", view }, gate(["canvas:blocks"])), /renderPanel needs the permission canvas:panels/);
  assert.match(refused({ type: "renderPanel", requestId: 1, panel: "math-help", view }, gate(), () => false), /answers no panel request/);
  assert.match(refused({ type: "renderPanel", requestId: 1, panel: "other", view }), /panel "?other"? is not declared .* \(declared: math-help\)/);
  assert.match(refused({ type: "renderPanel", requestId: 1, panel: "math-help", view }, { ...gate(), panels: undefined }), /declared: none/);
  const checked = checkWorkerMessage({ type: "renderPanel", requestId: 1, panel: "math-help", view }, gate(), panelPending);
  assert.deepEqual(checked, { ok: true, message: { type: "renderPanel", requestId: 1, panel: "math-help", view: [{ kind: "text", text: "hi" }], error: null } });
});

test("every kind is kept with its own fields only; markup in text stays a string", () => {
  const hostile = '<img src=x onerror="top.atdPwned = 1">';
  const checked = checkView([
    { kind: "heading", text: hostile, id: "x", html: "<b>no</b>" },
    { kind: "text", text: hostile, onclick: "no" },
    { kind: "code", text: "\\frac{a}{b}" },
    { kind: "button", text: hostile, id: "greek" },
    { kind: "list", items: [hostile, "two"] },
    { kind: "list", text: "Caption", items: [] },
  ]);
  assert.deepEqual(checked, {
    ok: true,
    view: [
      { kind: "heading", text: hostile },
      { kind: "text", text: hostile },
      { kind: "code", text: "\\frac{a}{b}" },
      { kind: "button", text: hostile, id: "greek" },
      { kind: "list", text: "", items: [hostile, "two"] },
      { kind: "list", text: "Caption", items: [] },
    ],
  });
});

test("hostile views are refused, each naming the item and the reason", () => {
  const cases: [unknown, RegExp][] = [
    ["<b>a view</b>", /the view must be a list of items/],
    [{ kind: "text", text: "x" }, /the view must be a list of items/],
    [[null], /item 0 is not \{kind, text\}/],
    [[{ kind: "html", text: "<b>x</b>" }], /item 0: unknown kind "?html"? \(known: heading, text, button, list, code\)/],
    [[{ kind: "__proto__", text: "x" }], /unknown kind/],
    [[{ kind: "iframe", text: "x" }], /unknown kind/],
    [[{ kind: "text", text: 7 }], /item 0 \(text\): text must be a string/],
    [[{ kind: "text", text: "" }], /at least one character/],
    [[{ kind: "text", text: { toString: "x" } }], /text must be a string/],
    [[{ kind: "code", text: "x".repeat(LIMITS.maxViewTextChars + 1) }], /item 0 \(code\): text is 2001 characters \(at most 2000\)/],
    [[{ kind: "button", text: "Go" }], /item 0 \(button\): id undefined must match/],
    [[{ kind: "button", text: "Go", id: "a b" }], /id "?a b"? must match/],
    [[{ kind: "button", text: "Go", id: "x".repeat(65) }], /must match/],
    [[{ kind: "button", text: "A", id: "a" }, { kind: "button", text: "B", id: "a" }], /item 1 \(button\): id a is used twice/],
    [[{ kind: "list", items: "one" }], /item 0 \(list\): items must be a list of strings/],
    [[{ kind: "list", items: ["ok", 3] }], /item 0 \(list\) line 1: text must be a string/],
    [[{ kind: "list", items: Array.from({ length: LIMITS.maxListItems + 1 }, (_v, i) => `line ${i}`) }], /item 0 \(list\) has 201 items \(at most 200\)/],
    [Array.from({ length: LIMITS.maxViewItems + 1 }, () => ({ kind: "text", text: "x" })), /the view has 101 items \(at most 100\)/],
    [Array.from({ length: 40 }, () => ({ kind: "text", text: "x".repeat(2000) })), /more than 65536 characters/],
  ];
  for (const [view, expected] of cases) {
    const checked = checkView(view);
    assert.equal(checked.ok, false, `accepted ${JSON.stringify(view).slice(0, 80)}`);
    if (!checked.ok) assert.match(checked.problem, expected);
  }
  // Through the gate: the problem names the message and the panel.
  assert.match(refused({ type: "renderPanel", requestId: 1, panel: "math-help", view: [{ kind: "script", text: "x" }] }), /^renderPanel math-help: item 0: unknown kind/);
});

test("an error instead of a view is kept (capped) for the panel to show", () => {
  const checked = checkWorkerMessage({ type: "renderPanel", requestId: 4, panel: "math-help", error: "e".repeat(5000) }, gate(), panelPending);
  assert.ok(checked.ok && checked.message.type === "renderPanel");
  if (checked.ok && checked.message.type === "renderPanel") {
    assert.equal(checked.message.view, null);
    assert.equal(checked.message.error?.length, LIMITS.maxLogChars);
  }
});

// -- the worker's watchdog, with a fake Worker ------------------------------------------

function panelWorker(permissions = ["canvas:panels"]) {
  const problems: { message: string; fatal: boolean }[] = [];
  const host: WorkerHost = { block: () => undefined, problem: (_w, message, fatal) => problems.push({ message, fatal }), log: () => undefined };
  const worker = new PluginWorker({ id: "math", name: "Math", permissions }, "panel.js", [], host, FAST, PANELS);
  let fake: FakeWorker | null = null;
  const started = worker.start("/* module */", (source) => (fake = new FakeWorker(source)));
  const ready = async () => {
    (fake as unknown as FakeWorker).send({ type: "ready", requestId: (fake as unknown as FakeWorker).received[0].requestId });
    assert.equal(await started, true);
  };
  return { worker, problems, ready, fake: () => fake as unknown as FakeWorker };
}

test("a panel request carries the event and the context; the checked view comes back", async () => {
  const { worker, ready, fake } = panelWorker();
  assert.deepEqual((fake().received[0].data as { panels: unknown }).panels, PANELS);
  await ready();
  const shown = worker.panel("math-help", { kind: "click", button: "greek" }, CONTEXT);
  const request = fake().received[1];
  assert.equal(request.type, "panel");
  assert.deepEqual(request.data, { panel: "math-help", event: "click", button: "greek", context: CONTEXT });
  fake().send({ type: "renderPanel", requestId: request.requestId, panel: "math-help", view: [{ kind: "button", id: "b", text: "B", onclick: "x" }] });
  assert.deepEqual(await shown, [{ kind: "button", id: "b", text: "B" }]);
});

test("a refused view ends its request at once with the reason; the worker keeps running", async () => {
  const { worker, problems, ready, fake } = panelWorker();
  await ready();
  const shown = worker.panel("math-help", { kind: "open" }, CONTEXT);
  fake().send({ type: "renderPanel", requestId: fake().received[1].requestId, panel: "math-help", view: [{ kind: "html", text: "<b>x</b>" }] });
  await assert.rejects(shown, /its view was refused: renderPanel math-help: item 0: unknown kind/);
  assert.equal(worker.state, "ready");
  assert.equal(problems.length, 1);
  assert.equal(problems[0].fatal, false);
  // Without the permission the answer is refused the same way, naming the permission.
  const other = panelWorker([]);
  await other.ready();
  const denied = other.worker.panel("math-help", { kind: "open" }, CONTEXT);
  other.fake().send({ type: "renderPanel", requestId: other.fake().received[1].requestId, panel: "math-help", view: [] });
  await assert.rejects(denied, /renderPanel needs the permission canvas:panels/);
});

test("an answer naming an undeclared panel is refused at once; a panel that does not answer terminates its worker", async () => {
  const { worker, problems, ready, fake } = panelWorker();
  await ready();
  const wrong = worker.panel("math-help", { kind: "open" }, CONTEXT);
  fake().send({ type: "renderPanel", requestId: fake().received[1].requestId, panel: "other", view: [] });
  assert.match(problems[0].message, /refused: renderPanel: panel "?other"? is not declared/);
  await assert.rejects(wrong, /its view was refused: renderPanel: panel "?other"? is not declared/);
  assert.equal(worker.state, "ready");
  await assert.rejects(worker.panel("math-help", { kind: "open" }, CONTEXT), /did not answer panel within 60 ms/);
  assert.equal(fake().terminated, true);
  assert.equal(worker.state, "failed");
  assert.deepEqual(problems.at(-1), { message: "did not answer panel within 60 ms; it was terminated", fatal: true });
  await assert.rejects(worker.panel("math-help", { kind: "open" }, CONTEXT), /is not running/);
});

test("answers to the page's requests do not count toward the flood limit; unasked ones do", async () => {
  const { worker, problems, ready, fake } = panelWorker();
  await ready();
  for (let click = 0; click < FAST.maxMessages * 2; click++) {
    const shown = worker.panel("math-help", { kind: "click", button: `b${click}` }, CONTEXT);
    const request = fake().received.at(-1) as { requestId: number };
    fake().send({ type: "renderPanel", requestId: request.requestId, panel: "math-help", view: [{ kind: "text", text: `${click}` }] });
    // A second answer to the same request is no longer an answer: it counts (and is refused).
    fake().send({ type: "renderPanel", requestId: request.requestId, panel: "math-help", view: [] });
    assert.deepEqual(await shown, [{ kind: "text", text: `${click}` }]);
    if (worker.state !== "ready") break;
  }
  assert.equal(worker.state, "failed", "the repeated answers flooded it");
  assert.match(problems.at(-1)?.message ?? "", /sent more than 20 messages/);
  const fresh = panelWorker();
  await fresh.ready();
  for (let click = 0; click < FAST.maxMessages * 2; click++) {
    const shown = fresh.worker.panel("math-help", { kind: "open" }, CONTEXT);
    fresh.fake().send({ type: "renderPanel", requestId: (fresh.fake().received.at(-1) as { requestId: number }).requestId, panel: "math-help", view: [] });
    await shown;
  }
  assert.equal(fresh.worker.state, "ready", "40 answered requests are not a flood");
});

test("a renderPanel nobody asked for is refused", async () => {
  const { worker, problems, ready, fake } = panelWorker();
  await ready();
  fake().send({ type: "renderPanel", requestId: 99, panel: "math-help", view: [] });
  assert.match(problems[0].message, /renderPanel answers no panel request the page is waiting for/);
  assert.equal(worker.state, "ready");
});

// -- the real worker source ---------------------------------------------------------------

test("the worker source's registerPanel renders on open, runs click then renders, reports errors", async () => {
  const run = runWorkerSource(`
    let chosen = "none";
    atd.registerPanel({ id: "math-help",
      render: (c) => [{ kind: "text", text: c.cardType + ": " + chosen }],
      click(button) { chosen = button; if (button === "own") return [{ kind: "heading", text: "own view" }]; } });
    atd.registerPanel({ id: "broken", render: () => { throw new Error("no view"); } });
    atd.registerPanel({ id: "async", render: () => Promise.resolve([{ kind: "code", text: "later" }]) });
  `);
  assert.deepEqual(run.posted, [], "registering a panel posts nothing");
  const ask = async (requestId: number, panel: string, event: string, button: string | null = null) => {
    run.send({ type: "panel", requestId, data: { panel, event, button, context: CONTEXT } });
    await new Promise((resolve) => setTimeout(resolve, 5));
  };
  await ask(1, "math-help", "open");
  await ask(2, "math-help", "click", "greek");
  await ask(3, "math-help", "click", "own");
  await ask(4, "broken", "open");
  await ask(5, "missing", "open");
  await ask(6, "async", "context");
  assert.deepEqual(run.posted, [
    { type: "renderPanel", requestId: 1, panel: "math-help", view: [{ kind: "text", text: "Card 1: none" }] },
    { type: "renderPanel", requestId: 2, panel: "math-help", view: [{ kind: "text", text: "Card 1: greek" }] },
    { type: "renderPanel", requestId: 3, panel: "math-help", view: [{ kind: "heading", text: "own view" }] },
    { type: "renderPanel", requestId: 4, panel: "broken", error: "no view" },
    { type: "renderPanel", requestId: 5, panel: "missing", error: "no render function for panel missing (atd.registerPanel)" },
    { type: "renderPanel", requestId: 6, panel: "async", view: [{ kind: "code", text: "later" }] },
  ]);
});
