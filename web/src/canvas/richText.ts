// Rich-text editing of a text element: when the user finishes typing, the element's DOM
// is read back as *runs* — plain text, references to children that are still exactly as
// rendered (their template bytes are kept), and new b/i/u/s/br markup — and sent to
// Python as one setChildren operation. GrapesJS's own commit (innerHTML through its HTML
// parser) is never used.

export type Run = { text: string } | { ref: string } | { tag: "b" | "i" | "u" | "s" | "br"; runs?: Run[] };

/** The DOM we read (a subset, so the logic can be tested without a browser). */
export interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  nodeName: string;
  getAttribute?(name: string): string | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const NEW_TAGS: Record<string, "b" | "i" | "u" | "s"> = { B: "b", STRONG: "b", I: "i", EM: "i", U: "u", S: "s", STRIKE: "s", DEL: "s" };
const BLOCKS = new Set(["DIV", "P"]);

/** Tags whose content may be edited as rich text (their children are text and inline). */
export const TEXT_HOSTS = new Set(["p", "div", "span", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "b", "i", "u", "s", "em", "strong", "label", "small", "sub", "sup", "blockquote", "font", "center", "mark", "dt", "dd", "figcaption", "caption"]);
export const INLINE_TAGS = new Set(["b", "i", "u", "s", "em", "strong", "br", "span", "sub", "sup", "small", "mark", "code", "font", "big", "ruby", "rt", "rp"]);

function push(runs: Run[], run: Run): void {
  const last = runs.at(-1);
  if ("text" in run && last && "text" in last) last.text += run.text;
  else if (!("text" in run) || run.text !== "") runs.push(run);
}

/**
 * Runs for the children of `host`. `unchanged(id, el)` says whether a child element
 * carrying `data-atd-id` still shows exactly what was rendered for it.
 */
export function readRuns(host: DomNode, unchanged: (id: string, el: DomNode) => boolean): Run[] {
  const runs: Run[] = [];
  const children = Array.from(host.childNodes);
  children.forEach((node, index) => {
    if (node.nodeType === TEXT_NODE) {
      push(runs, { text: node.textContent ?? "" });
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const id = node.getAttribute?.("data-atd-id") ?? null;
    if (id !== null && unchanged(id, node)) {
      push(runs, { ref: id });
      return;
    }
    if (node.nodeName === "BR") {
      push(runs, { tag: "br" });
      return;
    }
    const tag = NEW_TAGS[node.nodeName];
    if (tag) {
      push(runs, { tag, runs: readRuns(node, unchanged) });
      return;
    }
    // Enter in contenteditable makes <div>/<p>: keep its text on a new line.
    if (BLOCKS.has(node.nodeName) && index > 0) push(runs, { tag: "br" });
    for (const run of readRuns(node, unchanged)) push(runs, run);
  });
  return runs;
}

/** True when the runs are exactly the original children (nothing to send). */
export function isUnchanged(runs: Run[], original: Run[]): boolean {
  return JSON.stringify(runs) === JSON.stringify(original);
}
