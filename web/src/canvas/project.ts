// Projection: what of the user's markup may exist in the editing canvas. Display only —
// nothing here is ever sent back to Python. The rules (docs/canvas-design.md §2, §4):
// no `on*` handler, no script, no link target, no absolute URL (not even 127.0.0.1);
// relative media names point at Anki's media server; Anki tags show their rendered value.

import { cssNestingDepth, MAX_CSS_NESTING, rewriteCss } from "./cssProjection";
import type { TreeAttr } from "./tree";

/** Attributes that hold URLs the browser would fetch or follow. */
const URL_ATTRIBUTES = new Set(["src", "srcset", "href", "poster", "data", "action", "formaction", "xlink:href", "background", "lowsrc", "dynsrc", "longdesc", "cite", "manifest", "icon", "ping"]);
/** Attributes dropped outright: they navigate, autoplay, steal focus or embed documents. */
const DROPPED = new Set(["autoplay", "autofocus", "target", "srcdoc", "ping", "http-equiv", "formtarget", "download", "contenteditable", "draggable"]);
/** Tags shown as a labelled box instead of themselves. */
export const BLOCKED_TAGS = new Set(["meta", "link", "base", "iframe", "frame", "frameset", "object", "embed", "noscript", "textarea", "title", "form", "applet", "portal", "template"]);
export const VOID_TAGS = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

const SAFE_DATA_IMAGE = /^data:image\/(png|gif|jpe?g|webp|bmp|avif);base64,[a-z0-9+/=\s]*$/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export interface ProjectionContext {
  /** Origin of Anki's media server, e.g. "http://127.0.0.1:40000". */
  mediaOrigin: string;
  /** Rendered text of attribute values that hold Anki tags (from canvas.display). */
  values: Record<string, string>;
}

/** A relative media file name ("cat.jpg", "_font.woff2") → its media URL; null otherwise. */
export function mediaUrl(value: string, context: ProjectionContext): string | null {
  const name = value.trim();
  if (!name || SCHEME.test(name) || name.startsWith("/") || name.startsWith("\\") || name.includes("..")) return null;
  const path = name.split(/[?#]/)[0];
  return `${context.mediaOrigin}/${path.split("/").map(encodeURIComponent).join("/")}`;
}

/** The URL a projected element may use for `value`, or null to drop the attribute. */
export function projectUrl(name: string, tag: string, value: string, context: ProjectionContext): string | null {
  if (name === "href" && tag === "a") return null; // links never navigate in the canvas
  if (name === "srcset" || name === "ping" || name === "action" || name === "formaction") return null;
  if (SAFE_DATA_IMAGE.test(value.trim()) && (name === "src" || name === "poster")) return value.trim();
  return mediaUrl(value, context);
}

/** Why `css` is not shown in the canvas (nested too deeply for Chromium), or null. */
export function cssTooDeep(css: string): string | null {
  const depth = cssNestingDepth(css);
  return depth > MAX_CSS_NESTING
    ? `The styling nests ${depth} levels deep (more than ${MAX_CSS_NESTING}); the canvas shows the card without it, because Chromium stops responding on CSS nested this deeply. Edit it in code view.`
    : null;
}

/** CSS text as the canvas may use it (see cssProjection.ts): every `url()` points at the
 *  media server or becomes `none`, `@import` and other loading functions are removed. */
export function projectCss(css: string, context: ProjectionContext): string {
  if (cssTooDeep(css)) return "";
  return rewriteCss(css, {
    url(target: string): string {
      const value = target.trim();
      if (SAFE_DATA_IMAGE.test(value)) return `url("${value.replace(/\s+/g, "")}")`;
      const local = mediaUrl(value, context);
      return local ? `url("${local}")` : "none";
    },
  });
}

export interface ProjectedAttributes {
  attributes: Record<string, string>;
  classes: string[];
  style: string;
  /** Handlers that exist in the template but are inert here (shown as read-only traits). */
  handlers: Record<string, string>;
}

function displayValue(attr: TreeAttr, context: ProjectionContext): string | null {
  if (attr.v === null) return "";
  if (!attr.tags) return attr.v;
  return context.values[attr.v] ?? null;
}

/** The attributes an element may carry in the canvas. */
export function projectAttributes(tag: string, attrs: TreeAttr[], context: ProjectionContext): ProjectedAttributes {
  const result: ProjectedAttributes = { attributes: {}, classes: [], style: "", handlers: {} };
  for (const attr of attrs) {
    const name = attr.n.toLowerCase();
    if (name in result.attributes || (name === "class" && result.classes.length) || (name === "style" && result.style)) continue; // first wins, as in browsers
    if (name.startsWith("on")) {
      result.handlers[name] = attr.v ?? "";
      continue;
    }
    if (DROPPED.has(name) || !/^[a-z_:][-a-z0-9_:.]*$/.test(name)) continue;
    const value = displayValue(attr, context);
    if (value === null) continue;
    if (name === "class") {
      result.classes = value.split(/\s+/).filter(Boolean);
    } else if (name === "style") {
      result.style = projectCss(value, context);
    } else if (URL_ATTRIBUTES.has(name)) {
      const url = projectUrl(name, tag, value, context);
      if (url !== null) result.attributes[name] = url;
    } else if (/^\s*javascript:/i.test(value)) {
      continue;
    } else {
      result.attributes[name] = value;
    }
  }
  return result;
}
