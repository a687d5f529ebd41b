import assert from "node:assert/strict";
import { test } from "node:test";

import { filterNoteTypes } from "../src/notetypeFilter";
import type { NoteTypeSummary } from "../src/types";

const make = (id: number, name: string): NoteTypeSummary => ({
  id, name, kind: "standard", cardTypes: ["Card 1"], fields: ["Front"], noteCount: 0,
});
const all = [make(1, "Basic"), make(2, "Basic (and reversed card)"), make(3, "Vocabulário Français"), make(4, "Cloze")];

test("an empty query shows everything", () => {
  assert.equal(filterNoteTypes(all, "  ").length, 4);
});

test("every word must match, in any order, ignoring case", () => {
  assert.deepEqual(filterNoteTypes(all, "REVERSED basic").map((n) => n.id), [2]);
});

test("accents are ignored on both sides", () => {
  assert.deepEqual(filterNoteTypes(all, "vocabulario francais").map((n) => n.id), [3]);
  assert.deepEqual(filterNoteTypes(all, "fránçais").map((n) => n.id), [3]);
});
