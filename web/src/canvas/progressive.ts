// A big side is shown in parts: the first part (the top of the card, in document order)
// is built at once and is interactive; the rest follows a step at a time, each step a
// reconcile (reconcile.ts) from the part shown to a bigger one, between which the page
// paints and answers input. Building ~450 GrapesJS components takes ~200 ms in one task;
// the first FIRST_PART nodes take a third of that (bench/bench_canvas.py).
//
// A part is the tree cut after `budget` nodes in document order: every node before the
// cut is there with its exact hash; a container cut short keeps its leading children and
// gets a hash of its own (`k~budget`), so reconcile sees it changed, keeps its shell and
// adds the children that follow. A text element is never cut: its rich-text editing
// reads the whole element back (componentTypes.ts), so it is shown whole or not at all.

import { isTextElement } from "./toDefs";
import { childrenOf, type TreeNode } from "./tree";

/** Nodes built in the first task: about a screen of a dense card. */
export const FIRST_PART = 100;
/** Nodes added by the first later step; each step after it sizes itself from the time
 *  the one before took (`nextStep`). */
export const STEP = 30;
/** What a later step may take: the page answers input and bridge replies between steps,
 *  never inside one, so a click waits at most about this long (a frame is 16.7 ms). */
export const STEP_TARGET_MS = 12;
const MIN_STEP = 10;
const MAX_STEP = 400;

/** Nodes for the next step after `added` nodes took `elapsedMs`: as many as fit in
 *  STEP_TARGET_MS at that pace (a step of 100 took 35-50 ms, holding a click up as long). */
export function nextStep(added: number, elapsedMs: number): number {
  if (added <= 0 || !(elapsedMs > 0)) return STEP;
  const fit = Math.floor((added * STEP_TARGET_MS) / elapsedMs);
  return Math.max(MIN_STEP, Math.min(MAX_STEP, fit));
}

export interface Part {
  nodes: TreeNode[];
  /** The part is the whole tree (the same array). */
  complete: boolean;
  /** How many nodes the part holds. */
  size: number;
}

function countNodes(nodes: TreeNode[]): number {
  let count = 0;
  for (const node of nodes) count += 1 + countNodes(childrenOf(node));
  return count;
}

/** The first `budget` nodes of `nodes` in document order (see the file comment). */
export function firstPart(nodes: TreeNode[], budget: number): Part {
  let left = budget;
  let size = 0;
  let cut = false;
  const take = (list: TreeNode[]): TreeNode[] => {
    const out: TreeNode[] = [];
    for (const node of list) {
      if (left <= 0) {
        cut = true;
        return out;
      }
      const children = childrenOf(node);
      if (children.length === 0 || isTextElement(node)) {
        const whole = 1 + countNodes(children);
        left -= whole;
        size += whole;
        out.push(node);
        continue;
      }
      left -= 1;
      size += 1;
      const kept = take(children);
      if (cut) {
        out.push({ ...node, k: `${node.k}~${budget}`, c: kept } as TreeNode);
        return out; // once cut, nothing after it is taken
      }
      out.push(node);
    }
    return out;
  };
  const taken = take(nodes);
  return cut ? { nodes: taken, complete: false, size } : { nodes, complete: true, size };
}
