"""The gallery page: one standalone HTML file, every card shown in an inert frame.

Each side of each card is its own document (`<iframe sandbox srcdoc=...>`), so the note
type's CSS styles the card exactly as in the reviewer without touching the page around
it. Nothing in the file can run or load anything: the page and every frame carry a
Content-Security-Policy that allows no request (images only as `data:` URLs), the frames
are sandboxed without `allow-scripts`, and the card HTML has been made inert first.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from .sanitize import inert_css, inert_html

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "form-action 'none'; base-uri 'none'"
)
PAGE_CSS = """
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0 auto; max-width: 1100px; padding: 16px; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.note { margin: 12px 0 20px; }
.note-label { color: GrayText; font-size: 0.9rem; margin: 4px 0; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; }
figure { margin: 0; }
figcaption { font-size: 0.8rem; color: GrayText; }
iframe { width: 100%; height: 320px; border: 1px solid #8888; border-radius: 6px;
  resize: vertical; background: white; }
pre { white-space: pre-wrap; border: 1px solid #8888; padding: 8px; border-radius: 6px; }
.problem { color: #b3261e; }
"""


@dataclass
class CardView:
    """One note shown on one card type: both sides as rendered by Anki."""

    label: str
    question: str
    answer: str
    body_class: str
    is_sample: bool = False
    problem: bool = False


@dataclass
class CardTypeSection:
    name: str
    views: list[CardView] = field(default_factory=list)


def _frame(title: str, body: str, css: str, body_class: str) -> str:
    document = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        f"<style>{inert_css(css)}</style></head>"
        f"<body class='{html.escape(body_class, quote=True)}'>{inert_html(body)}</body></html>"
    )
    return (
        f'<iframe sandbox title="{html.escape(title, quote=True)}" '
        f'srcdoc="{html.escape(document, quote=True)}"></iframe>'
    )


def _view(section: str, view: CardView, css: str) -> str:
    note = "a sample note (the note type has no notes)" if view.is_sample else view.label
    problem = (
        '<p class="problem">Anki reported a template problem on this card.</p>'
        if view.problem
        else ""
    )
    sides = "".join(
        f"<figure><figcaption>{caption}</figcaption>"
        f"{_frame(f'{section}: {caption} ({view.label})', text, css, view.body_class)}</figure>"
        for caption, text in (("Front", view.question), ("Back", view.answer))
    )
    return (
        f'<div class="note"><p class="note-label">{html.escape(note)}</p>{problem}'
        f'<div class="sides">{sides}</div></div>'
    )


def gallery_page(name: str, sections: list[CardTypeSection], css: str) -> str:
    """The whole file's text."""
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(name)} — card gallery</title>",
        f"<style>{PAGE_CSS}</style></head><body>",
        f"<h1>{html.escape(name)}</h1>",
        f"<p>{len(sections)} card type{'s' if len(sections) != 1 else ''}, rendered by Anki. "
        "Scripts in the templates do not run here.</p>",
    ]
    for section in sections:
        parts.append(f"<section><h2>{html.escape(section.name)}</h2>")
        parts.extend(_view(section.name, view, css) for view in section.views)
        parts.append("</section>")
    parts.append(
        "<section><h2>Styling</h2><details><summary>The note type's CSS</summary>"
        f"<pre>{html.escape(css)}</pre></details></section>"
    )
    parts.append("</body></html>")
    return "\n".join(parts)
