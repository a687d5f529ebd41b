"""Writing decoded text from the canvas back into markup, keeping the user's bytes.

The canvas shows text and attribute values decoded (`&nbsp;` is a no-break space) and
sends back decoded text. Re-encoding all of it would rewrite every character reference
the user wrote; instead the common prefix and suffix of the old and new text keep their
old source, byte for byte, and only the changed middle is written, escaped.

The old source is split into *atoms*, each decoding on its own exactly as
`html.unescape` decodes it in place (same pattern): character references, Anki tags
(verbatim, never escaped) and single characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import unescape

# html.unescape's own pattern, so an atom decodes alone as it does in its text.
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


@dataclass(frozen=True, slots=True)
class Atom:
    raw: str
    text: str

    @property
    def keepable(self) -> bool:
        """Safe to keep next to newly written text: a bare `&` or a reference without
        its `;` could merge with what follows (`&#38` + `5`)."""
        if self.raw == "&":
            return False
        return not (self.raw.startswith("&") and len(self.raw) > 1 and not self.raw.endswith(";"))


def atoms(raw: str, verbatim: Sequence[tuple[int, int]] = ()) -> list[Atom]:
    """`raw` split into atoms; `verbatim` spans (Anki tags) are single atoms, undecoded."""
    found: list[Atom] = []
    spans = sorted(verbatim)
    position = 0

    def plain(end: int) -> None:
        nonlocal position
        while position < end:
            match = _CHARREF.match(raw, position, end)
            if match is not None:
                found.append(Atom(match.group(), unescape(match.group())))
                position = match.end()
            else:
                found.append(Atom(raw[position], raw[position]))
                position += 1

    for start, end in spans:
        if start < position:
            continue
        plain(start)
        found.append(Atom(raw[start:end], raw[start:end]))
        position = end
    plain(len(raw))
    return found


def escape_text(text: str) -> str:
    """Text content: `&`, `<`, `>` escaped, a no-break space written `&nbsp;`."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\xa0", "&nbsp;")
    )


def rewrite(old: Sequence[Atom], new_text: str, encode: Callable[[str], str]) -> str:
    """New source for `new_text`: the atoms of the common prefix and suffix kept as they
    were, the middle written with `encode`."""
    head = 0
    position = 0
    while head < len(old):
        atom = old[head]
        if not (atom.keepable and atom.text and new_text.startswith(atom.text, position)):
            break
        position += len(atom.text)
        head += 1
    tail = len(old)
    end = len(new_text)
    while tail > head:
        atom = old[tail - 1]
        size = len(atom.text)
        if not (atom.keepable and size and end - size >= position):
            break
        if not new_text.endswith(atom.text, position, end):
            break
        end -= size
        tail -= 1
    kept_head = "".join(atom.raw for atom in old[:head])
    kept_tail = "".join(atom.raw for atom in old[tail:])
    return kept_head + encode(new_text[position:end]) + kept_tail


def rewrite_text(old_raw: str, new_text: str) -> str:
    """A text node's new source (see `rewrite`)."""
    return rewrite(atoms(old_raw), new_text, escape_text)
