import assert from "node:assert/strict";
import { test } from "node:test";
import { type DiagnosticsReport, ankiVersionText, reportText, summary, troubledPlugins } from "../src/diagnostics/report";

const healthy: DiagnosticsReport = {
  services: [{ name: "ConfigService", ok: true, error: null }, { name: "Metrics", ok: true }],
  plugins: [{ id: "core", source: "builtin", state: "enabled", errors: [], manifest: null }],
};

test("a healthy report says so in one line", () => {
  assert.equal(summary(healthy), "All 2 services answer; 1 plugin, none with problems.");
});

test("failing services and troubled plugins are counted and listed with their reasons", () => {
  const report: DiagnosticsReport = {
    services: [...healthy.services, { name: "PresetStore", ok: false, error: "OSError: [Errno 13]\nPermission denied" }],
    plugins: [
      ...healthy.plugins,
      { id: "font-lint", source: "folder", state: "failed", errors: ["atd_lints: RuntimeError: boom"], manifest: { name: "Font lint", version: "1.2.0" } },
      { id: "old", source: "folder", state: "refused", errors: [], manifest: null },
      { id: "warned", source: "addon", state: "enabled", errors: ["bridge method 'x' needs permission"], manifest: { version: "0.1" } },
    ],
  };
  assert.deepEqual(troubledPlugins(report).map((p) => p.id), ["font-lint", "old", "warned"]);
  assert.equal(summary(report), "1 of 3 services fails its check; 3 plugins have problems.");
  const text = reportText(report, { addon: "Anki Template Designer 0.9.0", anki: "260903", when: new Date("2026-12-03T12:00:00Z") });
  assert.match(text, /^Template Designer diagnostics\nAdd-on: Anki Template Designer 0\.9\.0\nAnki: 260903\nTaken: 2026-12-03T12:00:00\.000Z\n/);
  assert.match(text, /\n {2}FAILED {2}PresetStore: OSError: \[Errno 13\] Permission denied\n/, "a multi-line reason stays on its line");
  assert.match(text, /\n {2}failed {4}font-lint 1\.2\.0 \(folder\)\n {12}atd_lints: RuntimeError: boom\n/);
  assert.match(text, /\n {2}ok {6}Metrics\n/);
  assert.ok(text.endsWith("\n"));
});

test("without versions the header leaves them out rather than printing undefined", () => {
  const text = reportText(healthy, { when: new Date(0) });
  assert.ok(!text.includes("undefined"), text);
  assert.ok(!text.includes("Add-on:"), text);
});

test("Anki's point version reads as its release name", () => {
  assert.equal(ankiVersionText(260903), "26.09.3");
  assert.equal(ankiVersionText(250700), "25.07");
  assert.equal(ankiVersionText(231000), "23.10");
  assert.equal(ankiVersionText(50), "50");
});
