// The Help button's menu: the user guide (in the system browser) and Diagnostics
// (a menu button: menuButton.ts).

import type { Bridge } from "./bridge";
import { byId, h } from "./dom";
import { DiagnosticsPanel } from "./diagnostics/panel";
import { MenuButton } from "./menuButton";

export class HelpMenu {
  readonly diagnostics: DiagnosticsPanel;

  constructor(
    private readonly bridge: Bridge,
    private readonly status: (message: string) => void,
  ) {
    this.diagnostics = new DiagnosticsPanel(bridge);
    const button = byId<HTMLButtonElement>("help");
    const item = (id: string, label: string, run: () => void): HTMLButtonElement => {
      const b = h("button", { type: "button", id }, label);
      b.addEventListener("click", run);
      return b;
    };
    const items = [item("help-guide", "User guide", () => this.openGuide()), item("help-diagnostics", "Diagnostics…", () => void this.diagnostics.open())];
    const menu = h("div", { id: "help-menu", class: "menu" }, ...items);
    button.after(menu);
    button.title = "The user guide and diagnostics";
    new MenuButton(button, menu, items);
  }

  private openGuide(): void {
    void this.bridge.call("help.open").catch((error) => this.status(`Could not open the user guide: ${error instanceof Error ? error.message : String(error)}`));
  }
}
