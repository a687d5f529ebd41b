// In-page modal dialogs (the <dialog> element): questions with several answers and text
// prompts. They keep focus inside, close with Escape (as "cancel") and are testable.

import { h } from "./dom";

export interface Choice {
  id: string;
  label: string;
  primary?: boolean;
  danger?: boolean;
}

/** Show a modal; `onClose` gets the button's choice, or "cancel" (Escape). */
export function openModal(content: HTMLElement[], onClose: (value: string) => void, extraClass = ""): HTMLDialogElement {
  const dialog = h("dialog", { class: `modal ${extraClass}`.trim() }, ...content);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    dialog.close("cancel");
  });
  dialog.addEventListener("close", () => {
    onClose(dialog.returnValue || "cancel");
    dialog.remove();
  });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** Ask a question; resolves with the chosen id, or "cancel". */
export function choose(title: string, message: string, choices: Choice[]): Promise<string> {
  return new Promise((resolve) => {
    const buttons = choices.map((choice) => {
      const classes = [choice.primary ? "primary" : "", choice.danger ? "danger" : ""].join(" ");
      const button = h("button", { type: "button", class: classes.trim(), "data-choice": choice.id }, choice.label);
      return button;
    });
    const dialog = openModal(
      [h("h2", {}, title), h("p", {}, message), h("div", { class: "modal-buttons" }, ...buttons)],
      resolve,
    );
    for (const button of buttons) {
      button.addEventListener("click", () => dialog.close(button.dataset.choice));
    }
    (buttons.find((b) => b.classList.contains("primary")) ?? buttons[0])?.focus();
  });
}

/** Ask for a line of text; resolves with it, or null when cancelled. */
export function askText(title: string, label: string, value: string): Promise<string | null> {
  return new Promise((resolve) => {
    const input = h("input", { type: "text", "aria-label": label });
    input.value = value;
    const ok = h("button", { type: "submit", class: "primary" }, "OK");
    const cancel = h("button", { type: "button" }, "Cancel");
    const form = h("form", { method: "dialog" }, h("label", {}, label, input), h("div", { class: "modal-buttons" }, cancel, ok));
    const dialog = openModal([h("h2", {}, title), form], (result) =>
      resolve(result === "ok" ? input.value : null),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      dialog.close("ok");
    });
    cancel.addEventListener("click", () => dialog.close("cancel"));
    input.focus();
    input.select();
  });
}
