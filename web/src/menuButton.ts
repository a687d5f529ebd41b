// A menu button in the WAI-ARIA sense, shared by the top bar's menus (Help, Tools):
// Enter, Space or ↓ opens it on the first item, ↑ on the last, ↑/↓/Home/End move,
// Escape or Tab closes it (Escape gives focus back to the button), a click outside closes it.

export class MenuButton {
  constructor(
    private readonly button: HTMLButtonElement,
    private readonly menu: HTMLElement,
    private readonly items: HTMLButtonElement[],
  ) {
    for (const item of items) {
      item.setAttribute("role", "menuitem");
      item.tabIndex = -1;
      item.addEventListener("click", () => this.hide(false));
    }
    menu.setAttribute("role", "menu");
    menu.setAttribute("aria-labelledby", button.id);
    menu.hidden = true;
    button.setAttribute("aria-haspopup", "menu");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", menu.id);
    button.addEventListener("click", () => (menu.hidden ? this.show(0) : this.hide(true)));
    button.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        this.show(event.key === "ArrowDown" ? 0 : items.length - 1);
      }
    });
    menu.addEventListener("keydown", (event) => this.onKey(event));
    document.addEventListener("pointerdown", (event) => {
      if (!menu.hidden && !menu.contains(event.target as Node) && event.target !== button) this.hide(false);
    });
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
    const items = this.items;
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === "Escape") {
      event.preventDefault();
      this.hide(true);
    } else if (event.key === "Tab") {
      this.hide(false);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = (at + (event.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      items[event.key === "Home" ? 0 : items.length - 1]?.focus();
    }
  }
}
