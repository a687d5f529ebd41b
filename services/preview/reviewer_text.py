"""What the reviewer does to rendered card text before showing it, without Qt.

Anki's reviewer (and Card Types screen) post-process the renderer's output: media file
names are escaped, `[anki:play:q:0]` references become replay buttons, and `[[type:F]]`
becomes an input box on the question and a comparison on the answer. The preview does the
same with the pylib calls Anki itself uses, so the preview shows what the reviewer shows.
"""

from __future__ import annotations

import html
import re

from anki.collection import Collection
from anki.utils import strip_html

PLAY_REF = re.compile(r"\[anki:play:(q|a):(\d+)\]")
TYPE_IN = re.compile(r"\[\[type:(.+?)\]\]")
EXAMPLE_TYPED = "example"

PLAY_BUTTON = (
    '<a class="replay-button soundLink" title="Replay (preview: sound is not played)" '
    'aria-label="sound {side}{index}"><svg class="playImage" viewBox="0 0 64 64" '
    'version="1.1"><circle cx="32" cy="32" r="29"/><path d="M56.502,32.301l-37.502,'
    '20.101l0.329,-40.804l37.173,20.703Z"/></svg></a>'
)


def play_buttons(text: str) -> str:
    return PLAY_REF.sub(lambda m: PLAY_BUTTON.format(side=m.group(1), index=m.group(2)), text)


def type_in_question(text: str) -> str:
    box = f"<center><input id=typeans type=text value='{EXAMPLE_TYPED}' readonly></center>"
    return TYPE_IN.sub(box, text)


def type_in_answer(col: Collection, text: str, expected: str) -> str:
    """Replace the type-in box on the answer with Anki's own comparison of a sample typing."""
    if "[[type:" not in text:
        return text
    had_divider = "<hr id=answer>" in text
    text = text.replace("<hr id=answer>", "")
    comparison = col.compare_answer(expected or EXAMPLE_TYPED, EXAMPLE_TYPED)
    replacement = f"<hr id=answer>{comparison}" if had_divider else comparison
    return TYPE_IN.sub(lambda _m: replacement, text)


def expected_typed_text(
    col: Collection, note_fields: dict[str, str], text: str, card_ord: int
) -> str:
    """What a `[[type:...]]` box compares against, computed as the reviewer does."""
    match = TYPE_IN.search(text)
    if not match:
        return ""
    spec = match.group(1)
    name = spec.split(":")[-1]
    value = note_fields.get(name, "")
    if spec.startswith("cloze:"):
        value = col.extract_cloze_for_typing(value, card_ord + 1)
    return html.unescape(strip_html(value))
