import assert from "node:assert/strict";
import { test } from "node:test";
import { ESCAPE_MEMORY_MS, escapeCloses, type LastEscape } from "../src/escapeGuard";

const plain: LastEscape = { at: 1000, ownerOpen: false, defaultPrevented: false, reachedWindow: true };

test("Esc closes the designer when nothing of the page took it", () => {
  assert.equal(escapeCloses(null, false, 0), true, "the page never saw it (focus in the preview)");
  assert.equal(escapeCloses(plain, false, 1000), true);
});

test("Esc does not close the designer while a modal, menu or panel is open", () => {
  assert.equal(escapeCloses(null, true, 0), false, "asked before the key reached the page");
  assert.equal(escapeCloses(plain, true, 1000), false);
});

test("an Esc the page used does not close the designer, however the page used it", () => {
  assert.equal(escapeCloses({ ...plain, ownerOpen: true }, false, 1010), false, "it closed a modal");
  assert.equal(escapeCloses({ ...plain, defaultPrevented: true }, false, 1010), false);
  assert.equal(escapeCloses({ ...plain, reachedWindow: false }, false, 1010), false, "stopped on its way");
});

test("an Esc used long ago does not keep the next one from closing", () => {
  assert.equal(escapeCloses({ ...plain, ownerOpen: true }, false, 1000 + ESCAPE_MEMORY_MS + 1), true);
});
