import assert from "node:assert/strict";
import { test } from "node:test";
import { withProgress } from "../src/progressPolling";

const later = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

test("progress is shown while the job runs and never after it settled", async () => {
  const shown: number[] = [];
  let asked = 0;
  const result = await withProgress(() => later(60, "done"), async () => ++asked, (n) => shown.push(n), 10);
  assert.equal(result, "done");
  assert.ok(shown.length >= 2, `shown ${shown.length} times`);
  const settled = shown.length;
  await later(40, null);
  assert.equal(shown.length, settled);
});

test("a failing progress call is skipped; the job's own error is what the caller gets", async () => {
  const shown: string[] = [];
  let calls = 0;
  const progress = async (): Promise<string> => {
    calls += 1;
    if (calls === 1) throw new Error("busy");
    return "half";
  };
  await assert.rejects(
    withProgress(() => later(50, null).then(() => Promise.reject(new Error("disk full"))), progress, (p) => shown.push(p), 10),
    /disk full/,
  );
  assert.ok(calls >= 2 && shown.length >= 1 && shown.every((p) => p === "half"));
});
