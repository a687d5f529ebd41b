// Narrow windows: the visual editor's two side panels (Blocks/Layers on the left,
// Properties and style on the right) share one column beside the canvas, as tabs
// (Blocks, Layers, Style), so none of them disappears. Wide windows show both panels and
// hide the Style tab. The chosen tab is `.visual[data-side]`; designer.css does the rest.

import { h } from "./dom";

/** Page width (CSS px) below which the side panels become tabs; designer.css agrees. */
export const NARROW_QUERY = "(max-width: 820px)";

export function installSidePanelTabs(): void {
  const visual = document.getElementById("visual");
  const tabs = visual?.querySelector<HTMLElement>(".cv-tabs");
  if (!visual || !tabs) return;
  const style = h("button", { type: "button", role: "tab", "data-sidetab": "style", "aria-selected": "false", "aria-controls": "cv-style-panel" }, "Style");
  tabs.append(style);
  visual.querySelector(".cv-right")?.setAttribute("id", "cv-style-panel");
  visual.dataset.side = "blocks";

  const select = (name: string): void => {
    visual.dataset.side = name;
    style.setAttribute("aria-selected", String(name === "style"));
    if (name === "style") {
      for (const tab of tabs.querySelectorAll<HTMLElement>("[data-cvtab]")) tab.setAttribute("aria-selected", "false");
    }
  };
  style.addEventListener("click", () => select("style"));
  // Blocks and Layers keep their own handler (canvasToolbar.ts), plugin panels theirs
  // (jsPlugins/panelsView.ts, added later: hence one listener on the tab row); this only follows.
  tabs.addEventListener("click", (event) => {
    const tab = (event.target as Element | null)?.closest<HTMLElement>("[data-cvtab]");
    if (tab) select(tab.dataset.cvtab ?? "blocks");
  });
  // Widening while Style was chosen: the left panel shows its own tab again.
  const narrow = window.matchMedia(NARROW_QUERY);
  narrow.addEventListener("change", () => {
    if (narrow.matches || visual.dataset.side !== "style") return;
    const shown = visual.querySelector<HTMLElement>("[data-cvpanel]:not([hidden])")?.dataset.cvpanel ?? "blocks";
    tabs.querySelector<HTMLButtonElement>(`[data-cvtab="${shown}"]`)?.click();
  });
}
