// What went wrong with JS plugins, shown under the Blocks panel: a worker terminated for
// missing its deadline, a message refused by the permission gate, content that had to be
// cleaned. Plugin names and messages are untrusted text: built with h(), never as HTML.

import { h } from "../dom";

/** At most this many lines per plugin (a flood of refused messages stays readable). */
export const MAX_LINES_PER_PLUGIN = 20;

export interface PluginProblem {
  plugin: string;
  name: string;
  message: string;
  fatal: boolean;
}

export class ProblemsView {
  readonly problems: PluginProblem[] = [];
  private readonly hidden = new Map<string, number>();
  private element: HTMLElement | null = null;

  constructor(private readonly container: () => HTMLElement | null) {}

  add(problem: PluginProblem): void {
    const shown = this.problems.filter((p) => p.plugin === problem.plugin).length;
    if (shown >= MAX_LINES_PER_PLUGIN && !problem.fatal) {
      this.hidden.set(problem.plugin, (this.hidden.get(problem.plugin) ?? 0) + 1);
    } else {
      this.problems.push(problem);
    }
    this.render();
  }

  render(): void {
    const container = this.container();
    if (!container) return;
    if (!this.element || !this.element.isConnected) {
      this.element = h("section", { class: "js-plugin-problems", "aria-label": "Plugin problems", role: "status" });
      container.append(this.element);
    }
    const items = this.problems.map((p) => h("li", { class: p.fatal ? "fatal" : "", "data-plugin": p.plugin }, h("strong", {}, `${p.name}: `), p.message));
    for (const [plugin, count] of this.hidden) items.push(h("li", { "data-plugin": plugin }, `… and ${count} more from ${plugin}`));
    this.element.replaceChildren(h("h4", {}, "Plugin problems"), h("ul", {}, ...items));
    this.element.hidden = items.length === 0;
  }
}
