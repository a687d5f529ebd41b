// Side-by-side rows of two versions of a file (pure: tested in web/tests/historyDiff.test.ts).
// Lines are matched by a longest common subsequence after the common head and tail are
// cut off; past MAX_CELLS the middle is shown as one changed block instead (a diff of two
// unrelated 10,000-line files stays fast).

export type RowKind = "same" | "removed" | "added" | "changed";

export interface DiffRow {
  kind: RowKind;
  left: string | null;
  right: string | null;
  leftNo: number | null;
  rightNo: number | null;
}

export const MAX_CELLS = 2_000_000;

function lines(text: string): string[] {
  if (text === "") return [];
  const parts = text.split("\n");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** Pairs of indexes (a, b) of equal lines, in order. */
function commonLines(a: string[], b: string[]): Array<[number, number]> {
  if (a.length * b.length > MAX_CELLS) return [];
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? table[(i + 1) * width + j + 1] + 1 : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) i++;
    else j++;
  }
  return pairs;
}

export function sideBySide(oldText: string, newText: string): DiffRow[] {
  const a = lines(oldText);
  const b = lines(newText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const pairs = commonLines(midA, midB).map(([x, y]) => [x + head, y + head] as [number, number]);
  for (let k = 0; k < head; k++) pairs.unshift([head - 1 - k, head - 1 - k]);
  pairs.sort((p, q) => p[0] - q[0]);
  for (let k = 0; k < tail; k++) pairs.push([a.length - tail + k, b.length - tail + k]);
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  const gap = (untilA: number, untilB: number) => {
    while (i < untilA || j < untilB) {
      const left = i < untilA ? a[i] : null;
      const right = j < untilB ? b[j] : null;
      const kind: RowKind = left !== null && right !== null ? "changed" : left !== null ? "removed" : "added";
      rows.push({ kind, left, right, leftNo: left !== null ? i + 1 : null, rightNo: right !== null ? j + 1 : null });
      if (left !== null) i++;
      if (right !== null) j++;
    }
  };
  for (const [x, y] of pairs) {
    gap(x, y);
    rows.push({ kind: "same", left: a[x], right: b[y], leftNo: x + 1, rightNo: y + 1 });
    i = x + 1;
    j = y + 1;
  }
  gap(a.length, b.length);
  return rows;
}

export interface Token {
  text: string;
  kind: "tag" | "attr" | "string" | "field" | "comment" | "selector" | "property" | "plain";
}

const HTML_TOKENS = /(<!--[\s\S]*?-->)|(\{\{[^}]*\}\})|(<\/?[A-Za-z][\w-]*)|(\s[A-Za-z_:][\w:.-]*(?==))|("[^"]*"|'[^']*')|(\/?>)/g;
const CSS_TOKENS = /(\/\*[\s\S]*?\*\/)|([^{};]+(?=\{))|([-\w]+(?=\s*:))|("[^"]*"|'[^']*')/g;

/** A line split into highlighted pieces (text only: the page puts them in as text). */
export function highlight(line: string, language: "html" | "css"): Token[] {
  const pattern = language === "html" ? HTML_TOKENS : CSS_TOKENS;
  const tokens: Token[] = [];
  let last = 0;
  for (const match of line.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) tokens.push({ text: line.slice(last, index), kind: "plain" });
    const kinds: Token["kind"][] =
      language === "html" ? ["comment", "field", "tag", "attr", "string", "tag"] : ["comment", "selector", "property", "string"];
    const group = match.slice(1).findIndex((g) => g !== undefined);
    tokens.push({ text: match[0], kind: kinds[group] ?? "plain" });
    last = index + match[0].length;
  }
  if (last < line.length) tokens.push({ text: line.slice(last), kind: "plain" });
  return tokens;
}
