// Keeps the user's exact text while editing it in a <textarea>.
//
// A textarea normalises line endings (CRLF and lone CR become LF) in `.value`, so writing
// `.value` back would rewrite every line of a CRLF template. Instead each input is
// turned into the single changed region of the shown text and spliced into the original,
// so untouched bytes stay exactly as they were; typed line breaks follow the file's style.

/** The text a textarea shows for `raw`, and where each shown offset is in `raw`. */
export function shownText(raw: string): { shown: string; rawOffset: number[] } {
  let shown = "";
  const rawOffset: number[] = [];
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index];
    if (char === "\r") {
      rawOffset.push(index);
      shown += "\n";
      if (raw[index + 1] === "\n") index++;
    } else {
      rawOffset.push(index);
      shown += char;
    }
  }
  rawOffset.push(raw.length);
  return { shown, rawOffset };
}

/** The line break new lines should use: CRLF if the text mostly uses it. */
export function preferredBreak(raw: string): string {
  const crlf = raw.split("\r\n").length - 1;
  const lf = raw.split("\n").length - 1 - crlf;
  return crlf > lf ? "\r\n" : "\n";
}

/** Apply the edit that turned `before` (shown) into `after` (shown) to `raw`. */
export function applyShownEdit(raw: string, before: string, after: string): string {
  if (before === after) return raw;
  let prefix = 0;
  const limit = Math.min(before.length, after.length);
  while (prefix < limit && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) {
    suffix++;
  }
  const { rawOffset } = shownText(raw);
  const start = rawOffset[prefix];
  const end = rawOffset[before.length - suffix];
  const inserted = after.slice(prefix, after.length - suffix).replace(/\n/g, preferredBreak(raw));
  return raw.slice(0, start) + inserted + raw.slice(end);
}
