"""Which requests the designer's web pages may make: an allowlist, per page.

Both pages live on Anki's media server (http://127.0.0.1:<port>/), which also answers
Anki's own API (`POST /_anki/congratsInfo`, `/_anki/setSchedulingStates`, ...), other
add-ons' web exports (`/_addons/<other>/...`) and Anki's other pages. A template's
script in the preview, or a hostile name in the designer page, could reach all of them;
the request interceptors ask these rules first, so only what each page needs loads:

* preview: its own shell (`/_anki/legacyPageData?id=<ours>`), the reviewer's static CSS
  and JS (`/_anki/css/`, `/_anki/js/`, MathJax), our `preview.js`, and plain media names;
* designer page: our `web/dist/` files, Anki's CSS, and plain media names.

Everything is GET (or HEAD): nothing here needs to POST. Paths are judged the way the
media server will read them: percent-decoded once (Flask does that, so `%2F` is a
slash there), and any `.`/`..` segment, backslash or NUL is refused outright.

Plain Python: the Qt interceptors (gui/request_policy.py) turn a QUrl into a `Request`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

#: Schemes whose requests never leave the page (inline documents and data).
INLINE_SCHEMES = frozenset({"data", "blob", "about"})
SAFE_METHODS = frozenset({"GET", "HEAD"})
#: Resource kinds no page of ours needs (a template must not install a worker).
WORKER_KINDS = frozenset({"service_worker", "shared_worker", "worker"})
#: First path segments the media server routes to Anki's pages, not to media files.
RESERVED = frozenset(
    {
        "_anki",
        "_addons",
        "_app",
        "favicon.ico",
        "graphs",
        "congrats",
        "card-info",
        "change-notetype",
        "deck-options",
        "import-anki-package",
        "import-csv",
        "import-page",
        "image-occlusion",
        "preferences",
        "editor",
    }
)
REVIEWER_STATIC = re.compile(
    r"/_anki/css/[\w.-]+\.css|/_anki/js/[\w.-]+\.js|/_anki/js/vendor/mathjax/[\w./-]+"
)
ANKI_CSS = re.compile(r"/_anki/css/[\w.-]+\.css")
PAGE_ID = re.compile(r"\d{1,20}")
#: The verdict for an allowed request (any other verdict is the reason for refusing).
ALLOWED = ""


@dataclass(frozen=True)
class Request:
    """What the rules look at. `path` is as sent (still percent-encoded)."""

    scheme: str
    host: str
    port: int
    path: str
    query: str = ""
    method: str = "GET"
    kind: str = "other"


def decoded_path(raw: str) -> str | None:
    """The path the media server will see, or None when it could climb or confuse."""
    path = unquote(raw, errors="strict") if "%" in raw else raw
    if not path.startswith("/") or "\\" in path or "\x00" in path or "//" in path:
        return None
    if any(part in (".", "..") for part in path.split("/")):
        return None
    return path


def is_media_path(path: str) -> bool:
    """A plain collection media name: one segment, not one of the server's routes."""
    name = path[1:]
    return bool(name) and "/" not in name and name not in RESERVED


def _common(request: Request, server_port: int) -> tuple[str, str | None]:
    """(`reason`, decoded path): the checks every page shares."""
    scheme = request.scheme.lower()
    if scheme in INLINE_SCHEMES:
        return ALLOWED, None
    if request.kind in WORKER_KINDS:
        return "workers are not allowed", None
    if scheme != "http" or request.host.lower() != "127.0.0.1":
        return "not Anki's media server", None
    if request.port != server_port:
        return "another port on this machine", None
    if request.method.upper() not in SAFE_METHODS:
        return f"{request.method} is not allowed", None
    try:
        path = decoded_path(request.path)
    except UnicodeDecodeError:
        path = None
    if path is None:
        return "a path that climbs out of its folder", None
    return ALLOWED, path


def preview_verdict(
    request: Request, server_port: int, addon_folder: str, page_ids: Collection[int]
) -> str:
    """Empty when the preview may make `request`, else the reason it may not."""
    reason, path = _common(request, server_port)
    if reason or path is None:
        return reason
    if path == "/_anki/legacyPageData":
        ids = parse_qs(request.query).get("id", [])
        if (
            request.kind == "main_frame"
            and len(ids) == 1
            and PAGE_ID.fullmatch(ids[0])
            and int(ids[0]) in page_ids
        ):
            return ALLOWED
        return "another page of Anki's"
    if REVIEWER_STATIC.fullmatch(path) or path == "/favicon.ico":  # Chromium asks for it
        return ALLOWED
    if path == f"/_addons/{addon_folder}/web/dist/preview.js":
        return ALLOWED
    if is_media_path(path):
        return ALLOWED
    return "not a media file or a file the reviewer loads"


def designer_verdict(request: Request, server_port: int, addon_folders: Collection[str]) -> str:
    """Empty when the designer page may make `request`, else the reason it may not."""
    if request.scheme.lower() == "qrc":  # Qt's web channel script for Anki's bridge
        return ALLOWED
    reason, path = _common(request, server_port)
    if reason or path is None:
        return reason
    if ANKI_CSS.fullmatch(path) or path == "/favicon.ico":  # Chromium asks for the icon
        return ALLOWED
    for folder in addon_folders:
        if path.startswith(f"/_addons/{folder}/web/dist/"):
            return ALLOWED
    if is_media_path(path):
        return ALLOWED
    return "not a media file or a file of this add-on's page"
