import assert from "node:assert/strict";
import { test } from "node:test";
import { BridgeError } from "../src/bridge";
import { errorText, notetypesText, presetStateText, pruneText, previewSummary, progressFraction, progressText, reasonText, restoredText, sizeText, userDataRestoredText, verifyText } from "../src/backupPanel/wording";
import type { NotetypeChange } from "../src/backupPanel/types";

function change(name: string, action: NotetypeChange["action"]): NotetypeChange {
  return { id: 1, name, action, files: [], cardTypes: [] };
}

test("reasons, sizes and note type lists read as words; unknown reasons are named", () => {
  assert.equal(reasonText("before-save"), "Before save");
  assert.equal(reasonText("before-restore"), "Before restore");
  assert.equal(reasonText("<b>x</b>"), "Other (<b>x</b>)");
  assert.equal(sizeText(0), "0 B");
  assert.equal(sizeText(1023), "1023 B");
  assert.equal(sizeText(1536), "1.5 KiB");
  assert.equal(sizeText(3 * 1024 * 1024), "3.0 MiB");
  assert.equal(notetypesText([]), "No note types");
  assert.equal(notetypesText(["A", "B"]), "A, B");
  assert.equal(notetypesText(["A", "B", "C", "D", "E"]), "A, B, C and 2 more");
});

test("verify progress: a fraction only when the total is known, never above 1", () => {
  assert.equal(progressFraction({ busy: true, phase: "Checking", done: 0, total: 0 }), null);
  assert.equal(progressFraction({ busy: true, phase: "Reading", done: 5, total: 10 }), 0.5);
  assert.equal(progressFraction({ busy: true, phase: "Reading", done: 12, total: 10 }), 1);
  assert.equal(progressText({ busy: true, phase: "Reading every object", done: 3, total: 9 }), "Reading every object: 3 of 9");
  assert.equal(progressText({ busy: true, phase: "Checking the snapshots", done: 0, total: 0 }), "Checking the snapshots…");
});

test("verify results name each damaged object and its snapshots", () => {
  assert.match(verifyText({ ok: true, snapshots: 2, objects: 40, readData: true, problems: [], hasReplica: false, repaired: [] }), /2 snapshots, 40 objects read and checked/);
  const damaged = verifyText({ ok: false, snapshots: 1, objects: 3, readData: true, problems: [{ object: "ab".repeat(32), problem: "missing", snapshots: ["S1", "S2"] }], hasReplica: true, repaired: [] });
  assert.match(damaged, /^Damage found \(1 problem in 1 snapshot, 3 objects\):/);
  assert.match(damaged, /abababababababab…: missing \(in S1, S2\)/);
});

test("the preview summary and the restore result say what changes and how to undo it", () => {
  assert.equal(previewSummary([change("A", "unchanged")]), "Nothing to restore: the collection already matches this snapshot.");
  assert.equal(previewSummary([change("A", "update"), change("B", "add"), change("C", "update")]), "Restoring would change 2 note types back and add 1 note type back.");
  const text = restoredText({ before: "S0", notetypes: [{ id: 1, name: "Basic", action: "updated" }, { id: 2, name: "Cloze", action: "unchanged" }] });
  assert.match(text, /^Restored Basic\. .*snapshot S0\. Edit → Undo/);
});

test("errors say what failed and why", () => {
  assert.equal(errorText("Restoring", new BridgeError("invalid_params", "no snapshot 'x'")), "Restoring failed: no snapshot 'x'");
  assert.equal(errorText("Restoring", "boom"), "Restoring failed: boom");
});

test("a snapshot's presets and a restore of the designer's data are told plainly", () => {
  assert.equal(presetStateText("same"), "the same as now");
  assert.equal(presetStateText("changed"), "changed since");
  assert.equal(presetStateText("missing"), "deleted since");
  assert.equal(userDataRestoredText({ before: "B", files: 1, config: false }, "Mine"), "Preset Mine restored (1 file). What you had before is in snapshot B.");
  assert.equal(userDataRestoredText({ before: "B", files: 3, config: true }, null), "Presets, drafts and settings restored (3 files). What you had before is in snapshot B.");
});

test("a repair and a prune say what they did", () => {
  assert.match(verifyText({ ok: true, snapshots: 1, objects: 2, readData: true, problems: [], hasReplica: true, repaired: ["snapshots/x"] }), /All is well\. 1 file repaired from the replica\.$/);
  const row = { id: "S", time: 0, reason: "manual", profile: "", files: 1, size: 1, notetypes: [], presets: 0, userData: false };
  assert.equal(pruneText({ dryRun: true, kept: 3, forgotten: [], deletedFiles: 0, deletedBytes: 0 }), "Nothing to prune: the retention keeps all 3 snapshots.");
  assert.match(pruneText({ dryRun: true, kept: 2, forgotten: [row, row], deletedFiles: 0, deletedBytes: 0 }), /^Pruning would forget 2 snapshots and keep 2: /);
  assert.match(pruneText({ dryRun: false, kept: 2, forgotten: [row], deletedFiles: 4, deletedBytes: 2048 }), /^Pruned: 1 snapshot forgotten, 4 files \(2(\.0)? KiB\) deleted; 2 kept\.$/);
});
