// Test doubles for JS plugin workers, shared by jsPlugins.test.ts and jsPanels.test.ts:
// a fake Worker the page-side watchdog talks to, and the real worker source run in a vm
// context whose global looks like a worker's.

import vm from "node:vm";

import type { WorkerLike } from "../src/jsPlugins/pluginWorker";
import { REMOVED_GLOBALS, workerSource } from "../src/jsPlugins/workerSource";

export class FakeWorker implements WorkerLike {
  onmessage: WorkerLike["onmessage"] = null;
  onerror: WorkerLike["onerror"] = null;
  onmessageerror: WorkerLike["onmessageerror"] = null;
  terminated = false;
  received: { type: string; requestId: number; data: unknown }[] = [];
  constructor(readonly source: string) {}
  postMessage(message: unknown): void {
    this.received.push(message as { type: string; requestId: number; data: unknown });
  }
  terminate(): void {
    this.terminated = true;
  }
  send(data: unknown): void {
    this.onmessage?.({ data });
  }
}

export function runWorkerSource(moduleText: string) {
  const posted: Record<string, unknown>[] = [];
  const listeners: ((event: { data: unknown }) => void)[] = [];
  const proto: Record<string, unknown> = {};
  for (const name of REMOVED_GLOBALS) proto[name] = () => "reachable";
  const scope = Object.create(proto) as Record<string, unknown>;
  scope.postMessage = (message: Record<string, unknown>) => posted.push(JSON.parse(JSON.stringify(message)));
  scope.addEventListener = (type: string, listener: (event: { data: unknown }) => void) => type === "message" && listeners.push(listener);
  scope.fetch = () => "own fetch";
  scope.self = scope;
  const sandbox = vm.createContext(scope);
  vm.runInContext(workerSource(moduleText, "atd-plugin/test/blocks.js"), sandbox, { timeout: 1000 });
  return { posted, send: (data: unknown) => listeners.forEach((l) => l({ data })), sandbox };
}
