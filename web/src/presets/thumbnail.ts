// A live thumbnail: the preset rendered by Anki for this note type, built from inert nodes
// (Python's allowlist; createElement/textContent only) inside a shadow root, with the CSS
// projected like the canvas's (no remote url(), no @import), so nothing runs or fetches
// and the preset's styles cannot reach the page (nor the page's the card).

import { buildInert } from "../canvas/componentTypes";
import { projectCss } from "../canvas/project";
import type { Thumbnail } from "./types";

/** Width the card is laid out at before it is scaled into the tile. */
export const THUMB_LAYOUT_WIDTH = 480;

const BASE = `
:host { display: block; overflow: hidden; contain: strict; position: relative; }
.atd-thumb-scale { flex: none; width: ${THUMB_LAYOUT_WIDTH}px; transform-origin: 0 0; pointer-events: none; user-select: none; }
.atd-thumb-page { min-height: 100%; padding: 16px; box-sizing: border-box; font-family: arial, sans-serif; font-size: 20px; background: #fff; color: #000; }
.atd-thumb-page.nightMode { background: #2f2f31; color: #fff; }
.atd-sound, .atd-typein { display: inline-block; border: 1px solid currentColor; border-radius: 4px; padding: 0 4px; opacity: 0.7; font-size: 0.8em; }
`;

/** Fill `host` (a tile of `tileWidth` × `tileHeight` px, or wider: the card is laid out
 *  at THUMB_LAYOUT_WIDTH and scaled to `tileWidth`) with the thumbnail. */
export function renderThumbnail(host: HTMLElement, thumb: Thumbnail, mediaOrigin: string, tileWidth: number, tileHeight: number): void {
  const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  const base = document.createElement("style");
  base.textContent = BASE;
  const card = document.createElement("style");
  card.textContent = projectCss(thumb.css, { mediaOrigin, values: {} });
  const scale = document.createElement("div");
  scale.className = "atd-thumb-scale";
  scale.style.transform = `scale(${tileWidth / THUMB_LAYOUT_WIDTH})`;
  scale.style.height = `${Math.ceil(tileHeight * (THUMB_LAYOUT_WIDTH / tileWidth))}px`;
  const page = document.createElement("div");
  page.className = `atd-thumb-page ${thumb.bodyClass ?? "card card1"}`;
  page.append(buildInert(document, thumb.nodes, mediaOrigin));
  scale.append(page);
  root.replaceChildren(base, card, scale);
}
