import assert from "node:assert/strict";
import { test } from "node:test";

import { ErrorForwarder, describeError, describeRejection, type ClientError } from "../src/errorForwarding";

test("errors raised before connecting are queued, then sent", () => {
  const forwarder = new ErrorForwarder();
  forwarder.push({ kind: "error", message: "early" });
  const sent: ClientError[] = [];
  forwarder.connect(async (error) => sent.push(error));
  forwarder.push({ kind: "error", message: "late" });
  assert.deepEqual(sent.map((e) => e.message), ["early", "late"]);
});

test("at most `limit` errors are forwarded", () => {
  const forwarder = new ErrorForwarder(3);
  const sent: ClientError[] = [];
  forwarder.connect(async (error) => sent.push(error));
  for (let i = 0; i < 10; i++) forwarder.push({ kind: "error", message: `e${i}` });
  assert.equal(sent.length, 3);
});

test("a failing report is not reported again", async () => {
  const forwarder = new ErrorForwarder();
  let calls = 0;
  forwarder.connect(async () => {
    calls++;
    throw new Error("bridge down");
  });
  forwarder.push({ kind: "error", message: "x" });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(calls, 1);
});

test("undefined fields are dropped so the Python schema accepts the payload", () => {
  const forwarder = new ErrorForwarder();
  const sent: ClientError[] = [];
  forwarder.connect(async (error) => sent.push(error));
  forwarder.push(describeError({ message: "boom", lineno: 0, colno: 0 }));
  assert.deepEqual(Object.keys(sent[0]).sort(), ["kind", "message"]);
});

test("error events and rejections are described with location and stack", () => {
  const error = new TypeError("nope");
  const described = describeError({ message: "Uncaught TypeError: nope", filename: "designer.js", lineno: 3, colno: 9, error });
  assert.equal(described.line, 3);
  assert.equal(described.column, 9);
  assert.match(described.stack ?? "", /TypeError: nope/);
  assert.equal(describeRejection(new RangeError("r")).message, "RangeError: r");
  assert.equal(describeRejection("plain").message, "plain");
  assert.ok(describeRejection("x".repeat(50_000)).message.length < 20_000);
});
