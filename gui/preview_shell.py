"""The preview's page: the shell Anki's Card Types screen uses, plus a strict CSP.

The scripts and styles are the ones `aqt/clayout.py` loads (webview.js, MathJax,
reviewer.js, which defines `anki`, `_showQuestion`, `_showAnswer`, `onUpdateHook`...)
and the body is the reviewer's own (`mw.reviewer.revHtml()`: `#_mark`, `#_flag`, `#qa`),
so templates that use the reviewer's JS API (Image Occlusion among them) work as in Anki.
MathJax is left out where reviewer.js loads it itself, as the reviewer screen does: Anki
26.9's reviewer.js fetches it for the first card holding a math delimiter, and an eager
copy costs about 16 MiB across the preview's process and Anki's.

The CSP keeps card scripts, inline handlers, styles and media working as they do in the
reviewer, but closes what the reviewer leaves open: no connections beyond the page's
own origin (`connect-src` covers fetch, XHR, WebSocket, EventSource, beacons and
WebTransport), no workers (so no service worker), no frames, plugins or forms. Anything
that passes it still meets the request interceptor (gui/request_policy.py).
"""

from __future__ import annotations

import html
import json

#: Shown in a discreet line at the foot of the preview (see docs/security.md).
INFO_LINE = "Preview: offline, no bridge; WebRTC and link hints removed by script"
INFO_TITLE = (
    "This preview runs the card's scripts as Anki's reviewer does, but it cannot reach "
    "the network, Anki's API, other add-ons or storage of earlier previews. Qt offers no "
    "switch for WebRTC or <link rel=preconnect>: they are removed by a script in every "
    "frame, which is a strong but not absolute wall."
)


def content_security_policy(origin: str) -> str:
    self_ = f"'self' {origin}"
    local = f"{self_} data: blob:"
    return "; ".join(
        (
            f"default-src {local}",
            f"script-src {local} 'unsafe-inline' 'unsafe-eval'",
            f"style-src {local} 'unsafe-inline'",
            f"img-src {local}",
            f"font-src {local}",
            f"media-src {local}",
            f"connect-src {self_}",
            "worker-src 'none'",
            "frame-src 'none'",
            "child-src 'none'",
            "object-src 'none'",
            "manifest-src 'none'",
            "form-action 'none'",
            f"base-uri {self_}",
        )
    )


INFO_STYLE = (
    "#atd-preview-info { position: fixed; right: 4px; bottom: 2px; margin: 0;"
    " font: 10px/1.2 sans-serif; opacity: .55; pointer-events: none; z-index: 2147483647; }"
)


MATHJAX_SCRIPTS = ("mathjax.js", "vendor/mathjax/tex-chtml-full.js")


def reviewer_loads_mathjax(reviewer_js: str) -> bool:
    """Whether this Anki's reviewer.js loads MathJax on demand (it names the file)."""
    return MATHJAX_SCRIPTS[1] in reviewer_js


def preview_shell(
    server_url: str,
    addon_folder: str,
    font_family: str,
    reviewer_body: str,
    mathjax_on_demand: bool = False,
) -> str:
    """The page's HTML; `reviewer_body` is `mw.reviewer.revHtml()` (Anki's own markup);
    `mathjax_on_demand` leaves MathJax to reviewer.js (see the module docstring)."""
    origin = server_url.rstrip("/")
    base = html.escape(server_url, quote=True)
    csp = html.escape(content_security_policy(origin), quote=True)
    ours = html.escape(f"/_addons/{addon_folder}/web/dist/preview.js", quote=True)
    family = json.dumps(font_family).replace("<", "")
    names = ("webview.js", *(() if mathjax_on_demand else MATHJAX_SCRIPTS), "reviewer.js")
    scripts = "".join(f'<script src="/_anki/js/{name}"></script>' for name in names)
    return (
        "<!doctype html><html><head><meta charset=utf-8>"
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        f'<base href="{base}">'
        '<link rel="stylesheet" href="/_anki/css/webview.css">'
        f"<style>body {{ font-family: {family}, sans-serif; }} {INFO_STYLE}</style>"
        '<link rel="stylesheet" href="/_anki/css/reviewer.css">'
        '<style id="card-css"></style>'
        '</head><body class="card card1">'
        f"{scripts}{reviewer_body}"
        f'<p id="atd-preview-info" title="{html.escape(INFO_TITLE, quote=True)}">'
        f"{html.escape(INFO_LINE)}</p>"
        f'<script src="{ours}"></script>'
        "</body></html>"
    )
