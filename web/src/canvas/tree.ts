// Shapes of the compact trees Python sends for the canvas (services/canvas/tree_json.py,
// docs/bridge.md "canvas.tree"). The canvas only ever *shows* these; it never turns them
// back into template text.

export interface TreeAttr {
  n: string;
  /** Decoded value; null for a bare attribute. */
  v: string | null;
  /** The value holds live Anki tags ({{...}}): it is shown as Anki renders it. */
  tags?: boolean;
}

interface NodeBase {
  id: string;
  /** Hash of the node's exact source: equal hashes mean equal subtrees. */
  k: string;
}

export type TreeNode =
  | (NodeBase & { t: "el"; tag: string; attrs: TreeAttr[]; void: boolean; c: TreeNode[] })
  | (NodeBase & { t: "text"; text: string })
  | (NodeBase & { t: "field"; key: string; filters: string[]; special: boolean; src: string })
  | (NodeBase & { t: "section"; key: string; inverted: boolean; open: string; close: string; c: TreeNode[] })
  | (NodeBase & { t: "av"; name: string; options: { key: string; value: string }[]; src: string; c: TreeNode[] })
  | (NodeBase & { t: "rawtext"; tag: string; attrs: TreeAttr[]; content: string })
  | (NodeBase & { t: "comment" | "declaration" | "delimiters"; raw: string })
  | (NodeBase & { t: "raw"; raw: string; reason: string; message: string });

export interface TemplateTree {
  kind: "template";
  nodes: TreeNode[];
}

export interface CssDecl {
  id: string;
  prop: string;
  value: string;
  important: boolean;
}

export interface CssRule {
  id: string;
  t: "rule" | "atRule" | "comment" | "raw";
  k: string;
  selector?: string;
  name?: string;
  prelude?: string;
  decls?: CssDecl[];
  c?: CssRule[];
}

export interface CssTree {
  kind: "css";
  rules: CssRule[];
}

/** How Anki renders one field tag for the chosen note: an inert tree (no scripts, no
 *  handlers, no remote URLs; built by Python's sanitizer). */
export type InertNode =
  | { t: "text"; text: string }
  | { t: "el"; tag: string; attrs: Record<string, string>; c: InertNode[] };

export interface FieldDisplay {
  noteId: number | null;
  isSample: boolean;
  fragments: Record<string, InertNode[]>;
  values: Record<string, string>;
  conditions: Record<string, boolean>;
}

/** Children of a node, for the node types that have them. */
export function childrenOf(node: TreeNode): TreeNode[] {
  return "c" in node ? node.c : [];
}

/** Every node of a forest, depth first. */
export function* walkTree(nodes: TreeNode[]): Generator<TreeNode> {
  for (const node of nodes) {
    yield node;
    yield* walkTree(childrenOf(node));
  }
}
