import assert from "node:assert/strict";
import { test } from "node:test";
import { BridgeError } from "../src/bridge";
import { indexBlocker } from "../src/pluginsPanel/indexSection";
import type { IndexOffer, PluginListing, PluginRow } from "../src/pluginsPanel/types";
import {
  afterInstall,
  canToggle,
  distinctErrors,
  compareReleases,
  errorText,
  offerButton,
  permissionText,
  permissionsText,
  progressFraction,
  progressText,
  stateLabel,
  updatesFor,
} from "../src/pluginsPanel/wording";

function row(id: string, changes: Partial<PluginRow> = {}): PluginRow {
  return { id, name: id, version: "1.0.0", description: "", permissions: [], source: "folder", state: "enabled", errors: [], builtin: false, uninstallable: true, ...changes };
}

function offer(id: string, action: IndexOffer["action"], version = "2.0.0"): IndexOffer {
  return { id, name: id, version, url: `http://127.0.0.1/${id}.atdplugin`, sha256: "0".repeat(64), size: 2048, description: "", installed: action === "install" ? null : "1.0.0", action };
}

test("every permission of docs/plugins.md reads as plain words, unknown ones are named", () => {
  assert.equal(permissionText("notetypes:read"), "Read your note types");
  assert.equal(permissionText("notetypes:write"), "Change and save your note types");
  assert.equal(permissionText("files"), "Keep its own files");
  assert.equal(permissionText("network:api.example.org"), "Connect to api.example.org");
  assert.equal(permissionText("bridge:my-lint.hello"), "Add the designer action my-lint.hello");
  assert.equal(permissionText("network:"), "Connect to the network (no host named)");
  assert.equal(permissionText("camera"), 'Unknown permission "camera"');
  assert.equal(permissionText('<img src=x onerror="alert(1)">'), 'Unknown permission "<img src=x onerror=\\"alert(1)\\">"');
  assert.deepEqual(permissionsText([]), ["No permissions"]);
  assert.deepEqual(permissionsText(["files", "notetypes:read"]), ["Keep its own files", "Read your note types"]);
});

test("states have labels; built-in and refused plugins have no working switch", () => {
  assert.equal(stateLabel("enabled"), "On");
  assert.equal(stateLabel("failed"), "Failed");
  assert.equal(stateLabel("something-new"), "something-new");
  assert.equal(canToggle(row("a")), true);
  assert.equal(canToggle(row("a", { state: "failed" })), true, "a failed plugin may be tried again");
  assert.equal(canToggle(row("a", { state: "refused" })), false);
  assert.equal(canToggle(row("core", { builtin: true, source: "builtin" })), false);
});

test("an update is offered only for an installed folder plugin the index says is newer", () => {
  const rows = [row("a"), row("b"), row("addon-one", { source: "addon", uninstallable: false }), row("core", { builtin: true, source: "builtin" })];
  const offers = [offer("a", "update"), offer("b", "current", "1.0.0"), offer("c", "install"), offer("addon-one", "update"), offer("core", "builtin")];
  const updates = updatesFor(rows, offers);
  assert.deepEqual([...updates.keys()], ["a"]);
  assert.equal(updates.get("a")?.version, "2.0.0");
  assert.equal(updatesFor([], offers).size, 0);
  assert.equal(offerButton(offer("a", "update")), "Update to 2.0.0");
  assert.equal(offerButton(offer("c", "install")), "Install");
  assert.equal(offerButton(offer("b", "current")), null);
  assert.equal(offerButton(offer("core", "builtin")), null);
});

test("release parts compare as numbers, not text", () => {
  assert.equal(compareReleases("1.10.0", "1.9.9"), 1);
  assert.equal(compareReleases("1.0", "1.0.0"), 0);
  assert.equal(compareReleases("0.9", "1"), -1);
  assert.equal(compareReleases("v2.0", "2.0.0rc1"), 0, "pre-releases are Python's to order");
  assert.equal(compareReleases("garbage", "0"), 0);
});

test("progress says what, how much and how far; idle says nothing", () => {
  assert.equal(progressText({ busy: false }), "");
  assert.equal(progressText({ busy: true, what: "Downloading a" }), "Downloading a…");
  assert.equal(progressText({ busy: true, what: "Downloading a", received: 512, total: null }), "Downloading a: 512 B");
  assert.equal(progressText({ busy: true, what: "Downloading a", received: 10240, total: 40960 }), "Downloading a: 10.0 KB of 40.0 KB (25%)");
  assert.equal(progressText({ busy: true, what: "x", received: 5, total: 4 }), "x: 5 B of 4 B (100%)", "a lying size never goes past 100%");
  assert.equal(progressFraction({ busy: true, received: 1, total: 4 }), 0.25);
  assert.equal(progressFraction({ busy: true, received: 1, total: null }), null);
  assert.equal(progressFraction({ busy: false, received: 1, total: 4 }), null);
});

test("each error code the plugin methods return becomes a message that says what to do", () => {
  const refused = new BridgeError("invalid_params", "evil.atdplugin: ../escaped.py leaves the plugin folder (..)");
  assert.equal(errorText("Installing from a file", refused), "Installing from a file refused: evil.atdplugin: ../escaped.py leaves the plugin folder (..)");
  const details = new BridgeError("invalid_params", "index http://x: 2 problems", [{ path: "/packages/0/sha256", message: "not a SHA-256" }, { message: "index http://x: 2 problems" }]);
  assert.equal(errorText("Reading", details), "Reading refused: index http://x: 2 problems\n/packages/0/sha256: not a SHA-256");
  assert.match(errorText("Uninstalling a", new BridgeError("not_found", "no plugin 'a' is installed")), /not found.*reloaded/);
  assert.match(errorText("Installing", new BridgeError("conflict", "another plugin install is still running")), /still running\. Wait for it to finish/);
  assert.match(errorText("Downloading", new BridgeError("timeout", "Downloading a: timed_out")), /took too long/);
  assert.match(errorText("Listing the plugins", new BridgeError("unknown_method", "unknown method 'plugins.list'")), /not available in this designer/);
  assert.match(errorText("Turning a on", new BridgeError("internal", "plugins.enable failed: KeyError")), /inside the designer.*log/);
  assert.match(errorText("Turning a on", new BridgeError("send_failed", "pycmd is not available")), /could not reach Anki/);
  assert.equal(errorText("Installing", new Error("boom")), "Installing failed: boom");
});

test("the marketplace says why it cannot work before the user types an address", () => {
  const listing = (changes: Partial<PluginListing>): PluginListing => ({ plugins: [], signatures: true, signaturesMissing: null, trustedKeys: [{ name: "M", id: "k" }], ...changes });
  assert.equal(indexBlocker(null), null);
  assert.equal(indexBlocker(listing({})), null);
  assert.match(indexBlocker(listing({ trustedKeys: [] })) ?? "", /plugin_index_trusted_keys/);
  assert.equal(indexBlocker(listing({ signatures: false, signaturesMissing: "needs pycryptodomex" })), "needs pycryptodomex");
});

test("a problem repeated by retries is listed once with its count, in first-seen order", () => {
  assert.deepEqual(distinctErrors([]), []);
  assert.deepEqual(distinctErrors(["loading: boom", "atd_lints: x", "loading: boom", "loading: boom"]), ["loading: boom (3 times)", "atd_lints: x"]);
});

test("after an install only that plugin's offers change: current, or still an update when the index has newer", () => {
  const offers = [offer("a", "install", "1.0.0"), offer("b", "update", "2.0.0"), offer("c", "install", "3.0.0")];
  const after = afterInstall(offers, "a", "1.0.0");
  assert.deepEqual(after.map((o) => [o.id, o.action, o.installed]), [["a", "current", "1.0.0"], ["b", "update", "1.0.0"], ["c", "install", null]]);
  assert.equal(afterInstall([offer("c", "install", "3.0.0")], "c", "2.5.0")[0].action, "update");
  assert.equal(offers[0].action, "install", "the old list is not changed");
});
