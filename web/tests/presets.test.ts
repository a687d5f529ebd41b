import assert from "node:assert/strict";
import { test } from "node:test";
import { docTextsFor } from "../src/presets/applyPlan";
import { actionsFor, gallerySections, subtitle } from "../src/presets/galleryModel";
import { choiceFrom, needsMapping, repeatedTargets } from "../src/presets/mappingModel";
import { isEmptyNoteType, TourPosition, TOUR_STEPS } from "../src/presets/onboardingModel";
import type { PresetSummary } from "../src/presets/types";
import type { NoteTypeDict } from "../src/types";

function preset(id: string, kind: PresetSummary["kind"], builtin: boolean, name = id, description = ""): PresetSummary {
  return { id, kind, name, description, revision: 1, modified: "", builtin, fields: ["Front", "Back"], media: [], etag: builtin ? "builtin" : "e", cardTypes: ["Card 1"], noteKind: "standard" };
}

function notetype(changes: Partial<NoteTypeDict> = {}): NoteTypeDict {
  return {
    id: 1,
    name: "Basic",
    type: 0,
    css: ".card {}\r\n",
    flds: [{ name: "Front" }, { name: "Back" }],
    tmpls: [{ name: "Card 1", ord: 0, qfmt: "{{Front}}", afmt: "{{FrontSide}}<hr id=answer>{{Back}}" }] as NoteTypeDict["tmpls"],
    ...changes,
  };
}

test("the gallery lists built-in designs, mine, themes and snippets, and filters by name or description", () => {
  const all = [preset("b", "design", true), preset("m", "design", false, "Mine"), preset("t", "theme", true, "Sepia", "warm paper"), preset("s", "snippet", false)];
  const sections = gallerySections(all);
  assert.deepEqual(sections.map((s) => [s.id, s.entries.map((e) => e.id)]), [["designs", ["b"]], ["mine", ["m"]], ["themes", ["t"]], ["snippets", ["s"]]]);
  const filtered = gallerySections(all, " PAPER ");
  assert.deepEqual(filtered.map((s) => s.entries.map((e) => e.id)), [[], [], ["t"], []]);
});

test("built-in presets can be applied and duplicated only; a preset that does not fit cannot be applied", () => {
  assert.deepEqual(actionsFor(preset("b", "design", true)), ["apply", "duplicate"]);
  assert.deepEqual(actionsFor(preset("m", "design", false)), ["apply", "rename", "duplicate", "delete", "export"]);
  assert.deepEqual(actionsFor(preset("b", "design", true), { kind: "design", error: "cloze only", nodes: [], css: "" }), ["duplicate"]);
  assert.match(subtitle(preset("b", "design", true)), /1 card type; fields: Front, Back/);
});

test("applying: only texts differ -> document texts; card types changed -> null", () => {
  const before = notetype();
  const after = notetype({ css: ".card { color: red; }" });
  after.tmpls[0].qfmt = "<b>{{Front}}</b>";
  assert.deepEqual(docTextsFor(before, after), { "c0.front": "<b>{{Front}}</b>", css: ".card { color: red; }" });
  assert.deepEqual(docTextsFor(before, notetype()), {});
  const added = notetype();
  added.tmpls.push({ ...added.tmpls[0], name: "Card 2" });
  assert.equal(docTextsFor(before, added), null);
  const renamed = notetype();
  renamed.tmpls[0].name = "Recognition";
  assert.equal(docTextsFor(before, renamed), null);
  assert.equal(docTextsFor(before, notetype({ flds: [{ name: "Front" }] })), null);
});

test("the mapping step is skipped only when every field keeps its name", () => {
  const same = { presetFields: ["Front"], noteFields: ["Front"], mapping: [{ from: "Front", to: "Front", how: "exact" as const }], unmapped: [] };
  assert.equal(needsMapping(same), false);
  assert.equal(needsMapping({ ...same, mapping: [{ from: "Word", to: "Front", how: "synonym" }] }), true);
  assert.equal(needsMapping({ ...same, mapping: [{ from: "Front", to: null, how: null }] }), true);
  assert.deepEqual(choiceFrom({ Word: "Front", Reading: "" }), { Word: "Front", Reading: null });
  assert.deepEqual(repeatedTargets({ a: "X", b: "X", c: null, d: "Y" }), ["X"]);
});

test("the tour moves forward and back within its steps", () => {
  const position = new TourPosition(TOUR_STEPS.length);
  assert.equal(position.back(), false);
  for (let i = 1; i < TOUR_STEPS.length; i++) assert.equal(position.next(), true);
  assert.equal(position.last, true);
  assert.equal(position.next(), false);
  assert.equal(position.back(), true);
  assert.equal(position.index, TOUR_STEPS.length - 2);
  assert.deepEqual(TOUR_STEPS.map((s) => s.title), ["The canvas", "Blocks", "Properties and style", "Preview", "Save"]);
});

test("an empty note type has a blank front or one without any field", () => {
  const blank = notetype();
  blank.tmpls[0].qfmt = "  \n";
  assert.equal(isEmptyNoteType(blank), true);
  const plain = notetype();
  plain.tmpls[0].qfmt = "<div>Hello</div>";
  assert.equal(isEmptyNoteType(plain), true);
  assert.equal(isEmptyNoteType(notetype()), false);
  const legacy = notetype();
  legacy.tmpls[0].qfmt = "<%Front%>";
  assert.equal(isEmptyNoteType(legacy), false);
});
