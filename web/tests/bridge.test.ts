import assert from "node:assert/strict";
import { test } from "node:test";

import { Bridge, BridgeError, PREFIX } from "../src/bridge";

type Sent = { message: Record<string, unknown>; callback: (reply: unknown) => void };

function fakePython() {
  const sent: Sent[] = [];
  const bridge = new Bridge(
    (message, callback) => {
      assert.ok(message.startsWith(PREFIX));
      sent.push({ message: JSON.parse(message.slice(PREFIX.length)), callback });
    },
    { timeoutMs: 50, pendingTimeoutMs: 200 },
  );
  return { bridge, sent };
}

test("a call sends a versioned envelope and resolves with the result", async () => {
  const { bridge, sent } = fakePython();
  const result = bridge.call("notetypes.list", { a: 1 });
  assert.deepEqual(sent[0].message, { v: 1, id: 1, method: "notetypes.list", params: { a: 1 } });
  sent[0].callback({ v: 1, id: 1, ok: true, result: [42] });
  assert.deepEqual(await result, [42]);
  assert.equal(bridge.inFlight, 0);
});

test("ids are unique and replies are matched by id, not order", async () => {
  const { bridge, sent } = fakePython();
  const first = bridge.call("a");
  const second = bridge.call("b");
  sent[1].callback({ v: 1, id: sent[1].message.id, ok: true, result: "B" });
  sent[0].callback({ v: 1, id: sent[0].message.id, ok: true, result: "A" });
  assert.deepEqual(await Promise.all([first, second]), ["A", "B"]);
});

test("an error reply rejects with a BridgeError carrying code, message and details", async () => {
  const { bridge, sent } = fakePython();
  const call = bridge.call("x");
  sent[0].callback({
    v: 1, id: 1, ok: false,
    error: { code: "invalid_params", message: "bad id", details: [{ path: "/id" }] },
  });
  await assert.rejects(call, (error: unknown) => {
    assert.ok(error instanceof BridgeError);
    assert.equal(error.code, "invalid_params");
    assert.equal(error.message, "bad id");
    assert.deepEqual(error.details, [{ path: "/id" }]);
    return true;
  });
});

test("a pending reply waits for the pushed result", async () => {
  const { bridge, sent } = fakePython();
  const call = bridge.call("slow");
  sent[0].callback({ v: 1, id: 1, ok: true, pending: true });
  await new Promise((resolve) => setTimeout(resolve, 80)); // past the immediate timeout
  bridge.deliver({ v: 1, id: 1, ok: true, result: "done" });
  assert.equal(await call, "done");
});

test("a call with no reply times out with a clear error", async () => {
  const { bridge } = fakePython();
  await assert.rejects(bridge.call("silent"), /silent did not answer within 50 ms/);
  assert.equal(bridge.inFlight, 0);
});

test("a send that throws rejects instead of hanging", async () => {
  const bridge = new Bridge(() => {
    throw new Error("pycmd is not available yet");
  });
  await assert.rejects(bridge.call("x"), (error: unknown) => {
    assert.ok(error instanceof BridgeError);
    assert.equal(error.code, "send_failed");
    return true;
  });
});

test("events reach their listeners and unsubscribe works", () => {
  const { bridge } = fakePython();
  const seen: unknown[] = [];
  const off = bridge.on("theme.changed", (data) => seen.push(data));
  bridge.deliver({ v: 1, event: "theme.changed", data: { night: true } });
  off();
  bridge.deliver({ v: 1, event: "theme.changed", data: { night: false } });
  assert.deepEqual(seen, [{ night: true }]);
});

test("messages of another version or shape are ignored", async () => {
  const { bridge, sent } = fakePython();
  const call = bridge.call("x");
  bridge.deliver({ v: 2, id: 1, ok: true, result: "wrong version" });
  bridge.deliver("not an object");
  bridge.deliver(null);
  sent[0].callback({ v: 1, id: 1, ok: true, result: "right" });
  assert.equal(await call, "right");
});
