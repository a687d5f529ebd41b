"""The web-platform features the compatibility report looks for, and the engine versions
assumed for each Anki client.

Plain data (standard library only): scripts/build_compat_data.py loads this file to
extract just these entries from @mdn/browser-compat-data into compat_data.json.

Each feature is (BCD path, where it is looked for, a pattern, a label):

* "css-property": the declaration's property name equals the pattern;
* "css-selector": the regex matches a rule's selector;
* "css-at-rule": the at-rule name equals the pattern;
* "css-value": the regex matches a declaration's value;
* "html-element" / "html-attribute": an element name / attribute name equals the pattern;
* "js": the regex matches the text of a `<script>` (or an `on*=` handler).
"""

from __future__ import annotations

from typing import NamedTuple


class Feature(NamedTuple):
    path: str
    where: str
    pattern: str
    label: str


class Engine(NamedTuple):
    browser: str  # a BCD browser id
    version: str


class Client(NamedTuple):
    id: str
    name: str
    engines: tuple[Engine, ...]
    why: str


#: Engine versions assumed for each client. Desktop is measured (qWebEngineChromiumVersion()
#: of the PyQt6-WebEngine 6.11.2 that aqt[qt]==26.9.3 pins); the others are floors chosen
#: for the devices those apps still support, written down so users can judge them.
CLIENTS = (
    Client("desktop", "Anki desktop", (Engine("chrome", "140"),),
           "QtWebEngine 6.11.2 = Chromium 140 (Anki 26.9.3, measured)"),
    Client("ankidroid", "AnkiDroid", (Engine("webview_android", "100"),),
           "Android System WebView 100 assumed (updated through the Play Store; older "
           "devices lag)"),
    Client("ankimobile", "AnkiMobile", (Engine("webview_ios", "15.0"),),
           "WKWebView of iOS 15 assumed (WebKit follows the iOS version)"),
    Client("ankiweb", "AnkiWeb", (Engine("chrome", "109"), Engine("firefox", "115"),
                                   Engine("safari", "15.4")),
           "browsers: Chrome 109 (last on Windows 7/8), Firefox ESR 115, Safari 15.4"),
)  # fmt: skip

_JS_ID = r"(?<![\w$.])"


def _property(name: str, label: str = "") -> Feature:
    return Feature(f"css.properties.{name}", "css-property", name, label or name)


FEATURES = (
    _property("aspect-ratio"),
    _property("inset"),
    _property("backdrop-filter"),
    _property("container-type", "container queries"),
    _property("text-wrap"),
    _property("accent-color"),
    _property("scrollbar-gutter"),
    _property("content-visibility"),
    _property("hyphens"),
    _property("user-select"),
    _property("line-clamp"),
    _property("text-decoration-thickness"),
    _property("overscroll-behavior"),
    _property("anchor-name", "anchor positioning"),
    _property("field-sizing"),
    _property("view-transition-name", "view transitions"),
    _property("translate", "translate property"),
    _property("scale", "scale property"),
    _property("rotate", "rotate property"),
    Feature("css.selectors.has", "css-selector", r":has\(", ":has()"),
    Feature("css.selectors.is", "css-selector", r":is\(", ":is()"),
    Feature("css.selectors.where", "css-selector", r":where\(", ":where()"),
    Feature("css.selectors.focus-visible", "css-selector", r":focus-visible\b", ":focus-visible"),
    Feature("css.selectors.nesting", "css-selector", r"&", "CSS nesting (&)"),
    Feature("css.at-rules.container", "css-at-rule", "container", "@container"),
    Feature("css.at-rules.layer", "css-at-rule", "layer", "@layer"),
    Feature("css.at-rules.property", "css-at-rule", "property", "@property"),
    Feature("css.at-rules.scope", "css-at-rule", "scope", "@scope"),
    Feature("css.at-rules.starting-style", "css-at-rule", "starting-style", "@starting-style"),
    Feature("css.types.clamp", "css-value", r"\bclamp\(", "clamp()"),
    Feature("css.types.color.color-mix", "css-value", r"\bcolor-mix\(", "color-mix()"),
    Feature("css.types.color.oklch", "css-value", r"\boklch\(", "oklch()"),
    Feature("css.types.color.lab", "css-value", r"(?<![\w-])lab\(", "lab()"),
    Feature("css.types.color.light-dark", "css-value", r"\blight-dark\(", "light-dark()"),
    Feature("css.types.length.viewport_percentage_units_dynamic", "css-value",
            r"\d(?:dvh|dvw|svh|svw|lvh|lvw)\b", "dynamic viewport units (dvh, svh…)"),
    Feature("css.types.length.container_query_length_units", "css-value",
            r"\d(?:cqw|cqh|cqi|cqb|cqmin|cqmax)\b", "container query units (cqw…)"),
    Feature("css.types.round", "css-value", r"\bround\(", "round()"),
    Feature("html.elements.dialog", "html-element", "dialog", "<dialog>"),
    Feature("html.elements.search", "html-element", "search", "<search>"),
    Feature("html.global_attributes.popover", "html-attribute", "popover", "popover attribute"),
    Feature("html.global_attributes.inert", "html-attribute", "inert", "inert attribute"),
    Feature("javascript.operators.optional_chaining", "js", r"\?\.(?!\d)", "?."),
    Feature("javascript.operators.nullish_coalescing_assignment", "js", r"\?\?=", "??="),
    Feature("javascript.operators.nullish_coalescing", "js", r"\?\?(?!=)", "??"),
    Feature("javascript.builtins.Array.at", "js", r"\.at\(", "Array.prototype.at()"),
    Feature("javascript.builtins.Array.findLast", "js", r"\.findLast\(", "findLast()"),
    Feature("javascript.builtins.Array.toSorted", "js", r"\.toSorted\(", "toSorted()"),
    Feature("javascript.builtins.String.replaceAll", "js", r"\.replaceAll\(", "replaceAll()"),
    Feature("javascript.builtins.Object.hasOwn", "js", r"\bObject\.hasOwn\(", "Object.hasOwn()"),
    Feature("javascript.builtins.Object.groupBy", "js", r"\bObject\.groupBy\(", "Object.groupBy()"),
    Feature("javascript.builtins.Promise.withResolvers", "js", r"\bPromise\.withResolvers\(",
            "Promise.withResolvers()"),
    Feature("api.structuredClone", "js", _JS_ID + r"structuredClone\(", "structuredClone()"),
    Feature("api.Navigator.clipboard", "js", r"\bnavigator\.clipboard\b", "navigator.clipboard"),
    Feature("api.ResizeObserver", "js", _JS_ID + r"ResizeObserver\b", "ResizeObserver"),
)  # fmt: skip
