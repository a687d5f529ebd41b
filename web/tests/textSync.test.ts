import assert from "node:assert/strict";
import { test } from "node:test";

import { applyShownEdit, preferredBreak, shownText } from "../src/textSync";

test("the shown text is what a textarea makes of CRLF and lone CR", () => {
  assert.equal(shownText("a\r\nb\rc\u2028d").shown, "a\nb\nc\u2028d");
});

test("typing in a CRLF template changes only the typed bytes", () => {
  const raw = "<div>\r\n  {{Front}}\r\n</div>\r\n";
  const before = shownText(raw).shown;
  const after = before.replace("{{Front}}", "{{Front}}!");
  assert.equal(applyShownEdit(raw, before, after), "<div>\r\n  {{Front}}!\r\n</div>\r\n");
});

test("new lines follow the file's style, and mixed endings elsewhere survive", () => {
  const raw = "a\r\nb\r\nc\rd\n";
  const before = shownText(raw).shown;
  const after = before.replace("b", "b\nB");
  assert.equal(preferredBreak(raw), "\r\n");
  assert.equal(applyShownEdit(raw, before, after), "a\r\nb\r\nB\r\nc\rd\n");
});

test("deleting across a CRLF removes both bytes", () => {
  const raw = "x\r\ny";
  const before = shownText(raw).shown;
  assert.equal(applyShownEdit(raw, before, "xy"), "xy");
});

test("an LF file stays LF and an unchanged value changes nothing", () => {
  const raw = "a\nb";
  assert.equal(applyShownEdit(raw, "a\nb", "a\nb"), raw);
  assert.equal(applyShownEdit(raw, "a\nb", "a\nb\nc"), "a\nb\nc");
});
