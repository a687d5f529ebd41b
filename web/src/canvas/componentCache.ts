// Built GrapesJS components of the card sides shown before, kept so that switching back
// to a side does not build its components again (docs/canvas-design.md, "Speed").
//
// Building the ~450 component models of a 300-element side costs GrapesJS most of a
// switch; rendering their views is a fraction of it. A side that is left is taken out of
// the wrapper the way GrapesJS moves a component (a `temporary` remove: the models, their
// ids and CSS stay alive, only the views go) and kept with the tree it shows; coming
// back adds the same models again, and only their views are made.

import type { Component, Components, Editor } from "grapesjs";
import type { TemplateTree, TreeNode } from "./tree";

/** A side's components, out of the canvas, and what they show. */
export interface ParkedSide {
  models: Component[];
  /** The tree nodes the components show (reconcile's `before`). */
  shown: TreeNode[];
  /** What the components were rendered with (document and field display version). */
  signature: string;
  /** The tree `shown` is a part of (progressive.ts), when it is not the whole of it. */
  partOf?: TemplateTree;
}

/** Sides kept at most (a side is ~450 models; 12 sides stay well inside the memory budget). */
export const KEEP_SIDES = 12;

export class ComponentCache {
  private readonly kept = new Map<string, ParkedSide>();

  constructor(
    private readonly editor: Editor,
    private readonly limit = KEEP_SIDES,
  ) {}

  get size(): number {
    return this.kept.size;
  }

  /** Take every component out of `collection` and keep them as `doc`'s. */
  park(doc: string, collection: Components, shown: TreeNode[], signature: string): void {
    const models = collection.models.slice();
    if (models.length) collection.remove(models, { temporary: true } as never);
    this.forget(doc);
    this.kept.set(doc, { models, shown, signature });
    while (this.kept.size > this.limit) this.forget(this.kept.keys().next().value as string);
  }

  /** Build the components of `defs` for `doc` without showing them (a side the user is
   *  likely to switch to next): made in a collection of their own, then kept as if the
   *  side had been shown and left, so showing it only makes their views. */
  prebuild(doc: string, defs: unknown[], shown: TreeNode[], signature: string, partOf?: TemplateTree): void {
    const wrapper = this.editor.getWrapper();
    if (!wrapper) return;
    const live = wrapper.components() as Components & { config: unknown };
    const Collection = live.constructor as new (models: unknown[], options: Record<string, unknown>) => Components & { parent: unknown };
    const holder = new Collection([], { em: this.editor.getModel(), config: live.config, domc: this.editor.Components });
    holder.parent = wrapper;
    holder.add(defs as never);
    const models = holder.models.slice();
    holder.remove(models, { temporary: true } as never);
    this.forget(doc);
    this.kept.set(doc, { models, shown, signature, partOf });
    while (this.kept.size > this.limit) this.forget(this.kept.keys().next().value as string);
  }

  /** Take every component out of `collection` for good. A temporary remove is GrapesJS's
   *  cheap path: a plain one searches every CSS rule for each component's id, runs the
   *  style-clear command and sends removal events, per component (~0.3 ms each: most of a
   *  switch away from a big side); then nothing refers to them any more (`free`). */
  discard(collection: Components): void {
    const models = collection.models.slice();
    if (!models.length) return;
    collection.remove(models, { temporary: true } as never);
    this.free(models);
  }

  has(doc: string): boolean {
    return this.kept.has(doc);
  }

  /** The components kept for `doc` if they were rendered with `signature` (else they
   *  are freed and null is returned); the caller puts them back into the canvas. */
  take(doc: string, signature: string): ParkedSide | null {
    const parked = this.kept.get(doc);
    if (!parked) return null;
    this.kept.delete(doc);
    if (parked.signature === signature) return parked;
    this.free(parked.models);
    return null;
  }

  /** Drop what is kept for `doc` (its text changed in a way the canvas did not make). */
  forget(doc: string): void {
    const parked = this.kept.get(doc);
    if (!parked) return;
    this.kept.delete(doc);
    this.free(parked.models);
  }

  clear(): void {
    for (const doc of [...this.kept.keys()]) this.forget(doc);
  }

  /** Detached models are still listed by id (a temporary remove keeps them): unlist
   *  them and stop their listeners, so nothing refers to them any more. */
  private free(models: Component[]): void {
    const byId = this.editor.Components.allById() as Record<string, Component>;
    const visit = (component: Component): void => {
      const id = component.getId();
      if (byId[id] === component) delete byId[id];
      component.components().forEach(visit);
      component.stopListening();
    };
    models.forEach(visit);
  }
}
