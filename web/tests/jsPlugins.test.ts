import assert from "node:assert/strict";
import { test } from "node:test";
import vm from "node:vm";

import { checkWorkerMessage, LIMITS, type DeclaredBlock, type GateContext } from "../src/jsPlugins/messages";
import { PluginWorker, type WorkerHost } from "../src/jsPlugins/pluginWorker";
import { moduleLine, REMOVED_GLOBALS } from "../src/jsPlugins/workerSource";
import { FakeWorker, runWorkerSource } from "./workerFakes";

const FAST = { ...LIMITS, initMs: 60, requestMs: 60, maxMessages: 20 };
const DECLARED: DeclaredBlock[] = [
  { id: "math-inline", label: "Math", category: "Math", module: "blocks.js", metadata: {} },
  { id: "math-display", label: "Display", category: "Math", module: "blocks.js", metadata: {} },
];

function context(permissions: string[] = ["canvas:blocks"], registered: string[] = []): GateContext {
  return { permissions: new Set(permissions), declared: new Map(DECLARED.map((b) => [b.id, b])), registered: new Set(registered) };
}
const nothingPending = () => false;

// -- the gate -------------------------------------------------------------------------

test("registerBlock without the canvas:blocks permission is refused, naming the permission", () => {
  const checked = checkWorkerMessage({ type: "registerBlock", id: "math-inline", content: "\\(x\\)" }, context([]), nothingPending);
  assert.equal(checked.ok, false);
  assert.match(!checked.ok ? checked.problem : "", /registerBlock needs the permission canvas:blocks/);
});

test("hostile message shapes are refused with what was wrong", () => {
  const cases: [unknown, RegExp][] = [
    [null, /not \{type/],
    ["registerBlock", /not \{type/],
    [[{ type: "log" }], /not \{type/],
    [{ type: "eval", code: "pycmd('x')" }, /unknown message type eval/],
    [{ type: "__proto__" }, /unknown message type __proto__/],
    [{ type: "toString" }, /unknown message type toString/],
    [{ type: "registerBlock", id: "not-declared", content: "x" }, /not declared .*math-inline, math-display/],
    [{ type: "registerBlock", id: "math-inline" }, /content must be non-empty/],
    [{ type: "registerBlock", id: "math-inline", content: "   " }, /content must be non-empty/],
    [{ type: "registerBlock", id: "math-inline", content: "x".repeat(LIMITS.maxContentChars + 1) }, /at most 65536/],
    [{ type: "registerBlock", id: "math-inline", content: "x", label: "" }, /label and category/],
    [{ type: "registerBlock", id: "math-inline", content: "x", category: "c".repeat(101) }, /label and category/],
    [{ type: "registerBlock", id: "math-inline", content: "x", dynamic: true }, /either content or a render/],
    [{ type: "ready", requestId: 1 }, /answers no init request/],
    [{ type: "rendered", requestId: 7, content: "x" }, /answers no render request/],
  ];
  for (const [message, expected] of cases) {
    const checked = checkWorkerMessage(message, context(), nothingPending);
    assert.equal(checked.ok, false, JSON.stringify(message));
    assert.match(!checked.ok ? checked.problem : "", expected);
  }
});

test("a block is registered once; label and category default to the declaration", () => {
  const first = checkWorkerMessage({ type: "registerBlock", id: "math-inline", content: "\\(x\\)" }, context(), nothingPending);
  assert.deepEqual(first, { ok: true, message: { type: "registerBlock", block: { id: "math-inline", label: "Math", category: "Math", content: "\\(x\\)" } } });
  const again = checkWorkerMessage({ type: "registerBlock", id: "math-inline", content: "y" }, context(["canvas:blocks"], ["math-inline"]), nothingPending);
  assert.match(!again.ok ? again.problem : "", /already registered/);
});

test("log needs no permission; its level is one of three and its text is capped", () => {
  const checked = checkWorkerMessage({ type: "log", level: "<b>", message: "m".repeat(5000) }, context([]), nothingPending);
  assert.ok(checked.ok);
  if (checked.ok && checked.message.type === "log") {
    assert.equal(checked.message.level, "info");
    assert.equal(checked.message.message.length, LIMITS.maxLogChars);
  }
});

// -- the worker's watchdog, with a fake Worker ------------------------------------------

function recordingHost() {
  const events = { blocks: [] as string[], problems: [] as { message: string; fatal: boolean }[], logs: [] as string[] };
  const host: WorkerHost = {
    block: (_w, block) => events.blocks.push(block.id),
    problem: (_w, message, fatal) => events.problems.push({ message, fatal }),
    log: (_w, level, message) => events.logs.push(`${level}:${message}`),
  };
  return { host, events };
}

function pluginWorker(permissions = ["canvas:blocks"]) {
  const { host, events } = recordingHost();
  const worker = new PluginWorker({ id: "math", name: "Math", permissions }, "blocks.js", DECLARED, host, FAST);
  let fake: FakeWorker | null = null;
  const started = worker.start("/* module */", (source) => (fake = new FakeWorker(source)));
  return { worker, events, started, fake: () => fake as unknown as FakeWorker };
}

test("a worker that never answers init (a loop that never ends) is terminated and reported", async () => {
  const { worker, events, started, fake } = pluginWorker();
  assert.equal(await started, false);
  assert.equal(fake().terminated, true);
  assert.equal(worker.state, "failed");
  assert.deepEqual(events.problems, [{ message: "did not start within 60 ms (a loop that never ends?); it was terminated", fatal: true }]);
});

test("a message type that is not granted is refused, reported and not executed", async () => {
  const { worker, events, started, fake } = pluginWorker([]);
  fake().send({ type: "registerBlock", id: "math-inline", content: "\\(x\\)" });
  fake().send({ type: "ready", requestId: fake().received[0].requestId });
  assert.equal(await started, true);
  assert.deepEqual(events.blocks, []);
  assert.equal(worker.registered.size, 0);
  assert.equal(events.problems.length, 1);
  assert.match(events.problems[0].message, /^refused: registerBlock needs the permission canvas:blocks/);
  assert.equal(events.problems[0].fatal, false);
  assert.equal(fake().terminated, false, "a refused message does not stop the worker");
});

test("a granted worker registers blocks and answers render within the request limit", async () => {
  const { worker, events, started, fake } = pluginWorker();
  assert.deepEqual(fake().received[0].type, "init");
  fake().send({ type: "registerBlock", id: "math-display", dynamic: true });
  fake().send({ type: "ready", requestId: fake().received[0].requestId });
  assert.equal(await started, true);
  assert.deepEqual(events.blocks, ["math-display"]);
  const made = worker.render("math-display", { fields: ["Front"], isCloze: false });
  const request = fake().received[1];
  assert.equal(request.type, "render");
  assert.deepEqual(request.data, { id: "math-display", context: { fields: ["Front"], isCloze: false } });
  fake().send({ type: "rendered", requestId: request.requestId, content: "\\[{{Front}}\\]" });
  assert.equal(await made, "\\[{{Front}}\\]");
});

test("a render not answered in time terminates the worker; later requests fail at once", async () => {
  const { worker, events, started, fake } = pluginWorker();
  fake().send({ type: "ready", requestId: fake().received[0].requestId });
  await started;
  await assert.rejects(worker.render("math-display", { fields: [], isCloze: false }), /did not answer render within 60 ms/);
  assert.equal(fake().terminated, true);
  assert.equal(events.problems.at(-1)?.fatal, true);
  await assert.rejects(worker.render("math-display", { fields: [], isCloze: false }), /is not running/);
});

test("an uncaught error in the module fails the worker, naming the module's line", async () => {
  const { worker, events, started, fake } = pluginWorker();
  fake().onerror?.({ message: "Uncaught ReferenceError: pycmd is not defined", lineno: moduleLineToScript(3) });
  assert.equal(await started, false);
  assert.equal(worker.state, "failed");
  assert.match(events.problems[0].message, /raised Uncaught ReferenceError: pycmd is not defined \(blocks\.js line 3\)/);
});

test("a worker flooding messages is terminated after the limit; later messages are ignored", async () => {
  const { worker, events, started, fake } = pluginWorker();
  for (let i = 0; i < FAST.maxMessages + 5; i++) fake().send({ type: "log", message: `m${i}` });
  assert.equal(await started, false);
  assert.equal(worker.state, "failed");
  assert.equal(events.logs.length, FAST.maxMessages);
  assert.match(events.problems.at(-1)?.message ?? "", /more than 20 messages/);
});

function moduleLineToScript(line: number): number {
  for (let script = 1; script < 1000; script++) if (moduleLine(script) === line) return script;
  throw new Error("no such line");
}

// -- the real worker source, run in a vm context with a worker-like global ---------------

test("the worker source removes the network, storage and worker APIs before the module runs", () => {
  const seen = runWorkerSource(`atd.log("info", [${REMOVED_GLOBALS.map((n) => `typeof ${n}`).join(", ")}].join(","));`);
  assert.deepEqual(seen.posted, [{ type: "log", level: "info", message: REMOVED_GLOBALS.map(() => "undefined").join(",") }]);
});

test("the worker source's atd API posts registerBlock, answers init and render", async () => {
  const run = runWorkerSource(`
    atd.registerBlock({ id: "math-inline", label: "Math", content: "\\\\(x\\\\)" });
    atd.registerBlock({ id: "math-display", render: (c) => "\\\\[" + c.fields[0] + "\\\\]" });
    atd.registerBlock({ id: "broken", render: () => { throw new Error("no"); } });
  `);
  assert.deepEqual(run.posted.slice(0, 2), [
    { type: "registerBlock", id: "math-inline", label: "Math", content: "\\(x\\)" },
    { type: "registerBlock", id: "math-display", dynamic: true },
  ]);
  run.send({ type: "init", requestId: 1, data: { plugin: "math", permissions: ["canvas:blocks"] } });
  assert.deepEqual(run.posted.at(-1), { type: "ready", requestId: 1 });
  run.send({ type: "render", requestId: 2, data: { id: "math-display", context: { fields: ["Front"], isCloze: false } } });
  run.send({ type: "render", requestId: 3, data: { id: "broken", context: {} } });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(run.posted.slice(-2), [
    { type: "rendered", requestId: 2, content: "\\[Front\\]" },
    { type: "rendered", requestId: 3, error: "no" },
  ]);
  assert.throws(() => vm.runInContext("'use strict'; atd.registerBlock = 1;", run.sandbox), /read only|Cannot assign/);
  assert.throws(() => vm.runInContext("'use strict'; atd = null;", run.sandbox), /read only|Cannot assign/);
});
