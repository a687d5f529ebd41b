// Brings GrapesJS components showing one tree up to date with the next tree, touching
// only what changed: at each level, siblings with equal source hashes (`k`) at the start
// and the end are kept (and relabelled with their new path ids); a single changed node
// whose own markup is unchanged is kept and its children reconciled; the rest is
// replaced. The components must show `before` exactly (after a GrapesJS-made change,
// reset instead).

import type { Component, Components } from "grapesjs";
import type { AtdRef, ComponentDef } from "./toDefs";
import { childrenOf, type TreeNode } from "./tree";

/** Same node type and same own markup (tag and attributes, section tags): only the
 *  children can differ, so the component can stay and its children be reconciled. */
function sameShell(a: TreeNode, b: TreeNode): boolean {
  if (a.t === "el" && b.t === "el") return a.tag === b.tag && JSON.stringify(a.attrs) === JSON.stringify(b.attrs);
  if (a.t === "section" && b.t === "section") return a.open === b.open && a.close === b.close;
  if (a.t === "av" && b.t === "av") return a.src.slice(0, a.src.indexOf("]") + 1) === b.src.slice(0, b.src.indexOf("]") + 1);
  return false;
}

function label(component: Component, def: ComponentDef): void {
  // Silent: nothing renders from `atd`, and hundreds of change events cost GrapesJS ~100 ms.
  component.set("atd", def.atd, { silent: true });
  const el = component.view?.el as Element | undefined;
  if (el?.nodeType === 1 && el.hasAttribute("data-atd-id")) el.setAttribute("data-atd-id", def.atd.id);
}

/** A kept subtree (equal source hash) gets the ids of its new position. */
function relabel(component: Component, def: ComponentDef): void {
  const ref = component.get("atd") as AtdRef | undefined;
  if (ref?.id === def.atd.id && ref.k === def.atd.k && ref.doc === def.atd.doc) return; // path ids: the subtree is unchanged too
  label(component, def);
  const children = component.components().models;
  (def.components ?? []).forEach((child, index) => {
    if (children[index]) relabel(children[index], child);
  });
}

/** Make `collection` (showing `before`) show `after`, whose definitions are `defs`. */
export function reconcile(collection: Components, before: TreeNode[], after: TreeNode[], defs: ComponentDef[]): void {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix].k === after[prefix].k) prefix++;
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix].k === after[after.length - 1 - suffix].k
  ) {
    suffix++;
  }
  const old = collection.models.slice();
  for (let i = 0; i < prefix; i++) relabel(old[i], defs[i]);
  for (let j = 0; j < suffix; j++) relabel(old[old.length - 1 - j], defs[defs.length - 1 - j]);
  const oldMiddle = old.slice(prefix, old.length - suffix);
  const beforeMiddle = before.slice(prefix, before.length - suffix);
  const afterMiddle = after.slice(prefix, after.length - suffix);
  const defsMiddle = defs.slice(prefix, defs.length - suffix);
  if (oldMiddle.length === 1 && afterMiddle.length === 1 && sameShell(beforeMiddle[0], afterMiddle[0])) {
    const component = oldMiddle[0];
    label(component, defsMiddle[0]);
    component.set("name", defsMiddle[0].name);
    reconcile(component.components(), childrenOf(beforeMiddle[0]), childrenOf(afterMiddle[0]), defsMiddle[0].components ?? []);
    return;
  }
  if (oldMiddle.length) collection.remove(oldMiddle);
  if (defsMiddle.length) collection.add(defsMiddle as never, { at: prefix });
}
