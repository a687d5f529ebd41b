// The Help button's menu: the user guide (in the system browser) and Diagnostics.
// A menu button in the WAI-ARIA sense: Enter, Space or ↓ opens it on the first item,
// ↑/↓ move, Escape or Tab closes it and focus goes back to the button.

import type { Bridge } from "./bridge";
import { byId, h } from "./dom";
import { DiagnosticsPanel } from "./diagnostics/panel";

export class HelpMenu {
  readonly diagnostics: DiagnosticsPanel;
  private readonly button = byId<HTMLButtonElement>("help");
  private readonly menu: HTMLElement;
  private readonly items: HTMLButtonElement[];

  constructor(
    private readonly bridge: Bridge,
    private readonly status: (message: string) => void,
  ) {
    this.diagnostics = new DiagnosticsPanel(bridge);
    const item = (id: string, label: string, run: () => void): HTMLButtonElement => {
      const b = h("button", { type: "button", role: "menuitem", id, tabindex: "-1" }, label);
      b.addEventListener("click", () => {
        this.hide(false);
        run();
      });
      return b;
    };
    this.items = [item("help-guide", "User guide", () => this.openGuide()), item("help-diagnostics", "Diagnostics…", () => void this.diagnostics.open())];
    this.menu = h("div", { id: "help-menu", class: "menu", role: "menu", "aria-labelledby": "help", hidden: "" }, ...this.items);
    this.button.after(this.menu);
    this.button.setAttribute("aria-haspopup", "menu");
    this.button.setAttribute("aria-expanded", "false");
    this.button.setAttribute("aria-controls", "help-menu");
    this.button.title = "The user guide and diagnostics";
    this.button.addEventListener("click", () => (this.menu.hidden ? this.show(0) : this.hide(true)));
    this.button.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        this.show(event.key === "ArrowDown" ? 0 : this.items.length - 1);
      }
    });
    this.menu.addEventListener("keydown", (event) => this.onKey(event));
    document.addEventListener("pointerdown", (event) => {
      if (!this.menu.hidden && !this.menu.contains(event.target as Node) && event.target !== this.button) this.hide(false);
    });
  }

  private openGuide(): void {
    void this.bridge.call("help.open").catch((error) => this.status(`Could not open the user guide: ${error instanceof Error ? error.message : String(error)}`));
  }

  private show(index: number): void {
    const box = this.button.getBoundingClientRect();
    this.menu.style.top = `${box.bottom + 4}px`;
    this.menu.style.right = `${Math.max(4, document.documentElement.clientWidth - box.right)}px`;
    this.menu.hidden = false;
    this.button.setAttribute("aria-expanded", "true");
    this.items[index]?.focus();
  }

  private hide(focusButton: boolean): void {
    this.menu.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
    if (focusButton) this.button.focus();
  }

  private onKey(event: KeyboardEvent): void {
    const at = this.items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === "Escape") {
      event.preventDefault();
      this.hide(true);
    } else if (event.key === "Tab") {
      this.hide(false);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = (at + (event.key === "ArrowDown" ? 1 : -1) + this.items.length) % this.items.length;
      this.items[next]?.focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      this.items[event.key === "Home" ? 0 : this.items.length - 1]?.focus();
    }
  }
}
