// Built GrapesJS components of the card sides shown before, kept so that switching back
// to a side does not build its components again (docs/canvas-design.md, "Speed").
//
// Building the ~450 component models of a 300-element side costs GrapesJS most of a
// switch, and taking their views down or making them again most of the rest. A side that
// is left keeps its views: their top elements are taken out of the frame's document and
// the models out of the wrapper's collection without GrapesJS's events (no view is
// removed, nothing is listed again), and coming back puts both in again, so a switch
// does not depend on the size of either side. With the Layers panel drawn (it follows
// those events), a side is parked the way GrapesJS moves a component instead (a
// `temporary` remove: only the views go) and coming back makes them again.

import type { Component, Components, Editor } from "grapesjs";
import { runLater } from "../laterStep";
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
  /** The models still have their views (parked with `keepViews`): put back, not rebuilt. */
  live?: boolean;
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

  /** Take every component out of `collection` and keep them as `doc`'s; with
   *  `keepViews`, their views too (see the top of this file). */
  park(doc: string, collection: Components, shown: TreeNode[], signature: string, keepViews: boolean): void {
    const models = collection.models.slice();
    if (keepViews) {
      for (const model of models) for (const view of model.views) view.el.remove();
      collection.remove(models, { silent: true } as never);
    } else if (models.length) {
      collection.remove(models, { temporary: true } as never);
    }
    this.forget(doc);
    this.kept.set(doc, { models, shown, signature, live: keepViews });
    while (this.kept.size > this.limit) this.forget(this.kept.keys().next().value as string);
  }

  /** Put a side taken from the cache into `collection` (empty), the wrapper's. */
  restore(parked: ParkedSide, collection: Components, wrapper: Component): void {
    if (!parked.live) {
      collection.add(parked.models as never);
      return;
    }
    collection.add(parked.models as never, { silent: true } as never);
    const container = wrapper.getView()?.getChildrenContainer();
    for (const model of parked.models) {
      const view = model.getView();
      if (view && container) container.appendChild(view.el);
    }
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

  /** Like `discard`, with the views' teardown (~15 ms for a big side) left to a later
   *  background task: the components leave the canvas at once, as a side parked with
   *  its views does. Only while the Layers panel is not drawn (it follows the events a
   *  silent remove does not send). */
  discardLater(collection: Components): void {
    const models = collection.models.slice();
    if (!models.length) return;
    for (const model of models) for (const view of model.views) view.el.remove();
    collection.remove(models, { silent: true } as never);
    runLater(() => this.release({ models, shown: [], signature: "", live: true }), false);
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
    this.release(parked);
    return null;
  }

  /** Drop what is kept for `doc` (its text changed in a way the canvas did not make). */
  forget(doc: string): void {
    const parked = this.kept.get(doc);
    if (!parked) return;
    this.kept.delete(doc);
    this.release(parked);
  }

  /** Let go of a kept side: parked with its views, those are taken down first the way
   *  GrapesJS does (views removed, the editor's listeners stopped). */
  private release(parked: ParkedSide): void {
    if (parked.live) {
      const wrapper = this.editor.getWrapper();
      const live = wrapper?.components() as (Components & { config: unknown }) | undefined;
      if (wrapper && live) {
        const Collection = live.constructor as new (models: unknown[], options: Record<string, unknown>) => Components & { parent: unknown };
        const holder = new Collection([], { em: this.editor.getModel(), config: live.config, domc: this.editor.Components });
        holder.parent = wrapper;
        holder.add(parked.models as never, { silent: true } as never);
        holder.remove(parked.models, { temporary: true } as never);
        const takeDown = (model: Component): void => {
          model.views.slice().forEach((view) => view.remove());
          model.components().forEach(takeDown);
        };
        parked.models.forEach(takeDown);
      }
    }
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
