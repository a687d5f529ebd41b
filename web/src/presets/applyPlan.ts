// How a new draft (a preset applied by Python) goes into the editing session: when only
// template texts and the CSS differ, as document texts (one undo step that gives the old
// bytes back); when card types were added or renamed, as a whole new draft.

import type { DocTexts } from "../history";
import type { NoteTypeDict } from "../types";

/** Keys of a card template the designer writes as documents. */
const TEXT_KEYS = new Set(["qfmt", "afmt"]);

function sameExcept(a: Record<string, unknown>, b: Record<string, unknown>, ignored: Set<string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (ignored.has(key)) continue;
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false;
  }
  return true;
}

/** The documents (`c<i>.front`, `c<i>.back`, `css`) whose text differs, or null when
 *  anything else differs (card types added, removed or renamed, fields, settings). */
export function docTextsFor(current: NoteTypeDict, next: NoteTypeDict): DocTexts | null {
  if (current.tmpls.length !== next.tmpls.length) return null;
  if (!sameExcept(current, next, new Set(["tmpls", "css"]))) return null;
  const texts: DocTexts = {};
  for (let index = 0; index < next.tmpls.length; index++) {
    const before = current.tmpls[index] as unknown as Record<string, unknown>;
    const after = next.tmpls[index] as unknown as Record<string, unknown>;
    if (!sameExcept(before, after, TEXT_KEYS)) return null;
    if (after.qfmt !== before.qfmt) texts[`c${index}.front`] = String(after.qfmt);
    if (after.afmt !== before.afmt) texts[`c${index}.back`] = String(after.afmt);
  }
  if (next.css !== current.css) texts.css = next.css;
  return texts;
}
