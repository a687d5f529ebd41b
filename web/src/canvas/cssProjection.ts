// The note type's CSS (and `style=` values) as the editing canvas may use it: nothing in
// it may load from anywhere but Anki's media server, whatever escapes or line breaks
// hide it. CSS is read the way a browser tokenizes it (CSS Syntax 3): comments removed,
// escapes decoded before a function or at-rule name is judged (`u\72l(` is `url(`), and
// strings read with their escapes and line continuations (a backslash-newline inside
// `url("…")`). Every `url(…)` is rewritten from its decoded value; every other function
// that can load something becomes `invalid(`. The canvas frame's CSP (inherited from the
// designer page: images, fonts and styles from the media server only) stays the second wall.

/** Functions that can load a resource or run code; `url` is rewritten, the rest disabled. */
const LOADING_FUNCTIONS = new Set([
  "src", "image", "image-set", "-webkit-image-set", "cross-fade", "-webkit-cross-fade",
  "element", "-moz-element", "expression", "paint", "-webkit-paint",
]); // prettier-ignore
/** Deeper nesting than this is not projected: Chromium 140 hangs on CSS nested ~5,000 deep. */
export const MAX_CSS_NESTING = 200;

const HEX = /^[0-9a-fA-F]$/;
const IDENT_CHAR = /^[-_a-zA-Z0-9\u0080-\uffff]$/;
const WHITESPACE = /^[ \t\n\r\f]$/;

export interface CssRewrite {
  /** `url(...)`'s decoded target → the CSS to put instead (a `url("…")` or `none`). */
  url(target: string): string;
}

/** Reads one escape at `css[start]` (a backslash); returns the character and the end. */
function readEscape(css: string, start: number): { char: string; end: number } {
  let i = start + 1;
  if (i >= css.length) return { char: "\ufffd", end: i };
  if (HEX.test(css[i])) {
    let hex = "";
    while (i < css.length && hex.length < 6 && HEX.test(css[i])) hex += css[i++];
    if (i < css.length && WHITESPACE.test(css[i])) i += css[i] === "\r" && css[i + 1] === "\n" ? 2 : 1;
    const code = parseInt(hex, 16);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return { char: valid ? String.fromCodePoint(code) : "\ufffd", end: i };
  }
  return { char: css[i], end: i + 1 };
}

/** Reads a string starting at the quote `css[start]`; returns its value and the end. */
function readString(css: string, start: number): { value: string; end: number } {
  const quote = css[start];
  let value = "";
  let i = start + 1;
  while (i < css.length) {
    const c = css[i];
    if (c === quote) return { value, end: i + 1 };
    if (c === "\n") return { value, end: i }; // a bad string: ends at the line break
    if (c === "\\") {
      if (css[i + 1] === "\n") {
        i += 2; // line continuation
        continue;
      }
      if (css[i + 1] === "\r") {
        i += css[i + 2] === "\n" ? 3 : 2;
        continue;
      }
      const escape = readEscape(css, i);
      value += escape.char;
      i = escape.end;
      continue;
    }
    value += c;
    i += 1;
  }
  return { value, end: i };
}

/** Reads an identifier (with escapes decoded) at `start`; returns "" when there is none. */
function readIdent(css: string, start: number): { name: string; end: number } {
  let name = "";
  let i = start;
  while (i < css.length) {
    if (css[i] === "\\" && css[i + 1] !== "\n" && i + 1 < css.length) {
      const escape = readEscape(css, i);
      name += escape.char;
      i = escape.end;
    } else if (IDENT_CHAR.test(css[i])) {
      name += css[i++];
    } else break;
  }
  return { name, end: i };
}

/** The argument of `url(` from `start` (just after the parenthesis); value and end. */
function readUrlArgument(css: string, start: number): { value: string; end: number } {
  let i = start;
  while (i < css.length && WHITESPACE.test(css[i])) i++;
  let value = "";
  if (css[i] === '"' || css[i] === "'") {
    const string = readString(css, i);
    value = string.value;
    i = string.end;
  } else {
    while (i < css.length && css[i] !== ")") {
      if (css[i] === "\\") {
        const escape = readEscape(css, i);
        value += escape.char;
        i = escape.end;
      } else value += css[i++];
    }
    value = value.trim();
  }
  // Whatever else stands before the closing parenthesis belongs to this url() too.
  let depth = 0;
  while (i < css.length) {
    const c = css[i];
    if (c === "\\") i = readEscape(css, i).end;
    else if (c === '"' || c === "'") i = readString(css, i).end;
    else {
      i += 1;
      if (c === "(") depth += 1;
      else if (c === ")" && depth-- === 0) break;
    }
  }
  return { value, end: i };
}

/** How deeply `{`, `(` and `[` nest in `css` (outside strings and comments). */
export function cssNestingDepth(css: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === "/" && css[i + 1] === "*") {
      const close = css.indexOf("*/", i + 2);
      i = close < 0 ? css.length : close + 1;
    } else if (c === '"' || c === "'") i = readString(css, i).end - 1;
    else if (c === "\\") i = readEscape(css, i).end - 1;
    else if (c === "{" || c === "(" || c === "[") deepest = Math.max(deepest, ++depth);
    else if ((c === "}" || c === ")" || c === "]") && depth > 0) depth -= 1;
  }
  return deepest;
}

/** `css` with comments removed, every url() rewritten and loading functions disabled. */
export function rewriteCss(css: string, rewrite: CssRewrite): string {
  let out = "";
  let i = 0;
  while (i < css.length) {
    const c = css[i];
    if (c === "/" && css[i + 1] === "*") {
      const close = css.indexOf("*/", i + 2);
      i = close < 0 ? css.length : close + 2;
      out += " ";
    } else if (c === '"' || c === "'") {
      const string = readString(css, i);
      out += css.slice(i, string.end);
      i = string.end;
    } else if (c === "@") {
      const ident = readIdent(css, i + 1);
      if (ident.name.toLowerCase() === "import") {
        let end = ident.end;
        while (end < css.length && css[end] !== ";") {
          if (css[end] === '"' || css[end] === "'") end = readString(css, end).end;
          else end += css[end] === "\\" ? readEscape(css, end).end - end : 1;
        }
        out += " "; // @import removed in the canvas
        i = end + 1;
      } else {
        out += "@" + css.slice(i + 1, ident.end);
        i = Math.max(ident.end, i + 1);
      }
    } else if (c === "\\" || IDENT_CHAR.test(c)) {
      const ident = readIdent(css, i);
      if (ident.end === i) {
        out += css.slice(i, i + 2);
        i += 2;
        continue;
      }
      const name = ident.name.toLowerCase();
      if (css[ident.end] === "(" && name === "url") {
        const argument = readUrlArgument(css, ident.end + 1);
        out += rewrite.url(argument.value);
        i = argument.end;
      } else if (css[ident.end] === "(" && LOADING_FUNCTIONS.has(name)) {
        out += "invalid(";
        i = ident.end + 1;
      } else {
        out += css.slice(i, ident.end); // as written: only loading functions are judged
        i = ident.end;
      }
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}
