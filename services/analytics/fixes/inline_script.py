"""The large-inline-script check and its fix: a big `<script>` inside a template is
copied into the HTML of every card of the note type, parsed again on each side shown, and
sent with the note type on every sync. The fix writes it to the media folder as
`_atd-<hash>.js` (a leading underscore: Anki's Check Media keeps files that no note names)
and leaves `<script src="…"></script>` in its place; Anki desktop, AnkiDroid, AnkiMobile
and AnkiWeb load card scripts from the media folder by name.

Scripts holding Anki tags (`{{Field}}` filled in per card) cannot move, nor scripts that
already have a `src`, nor ones of a type other than JavaScript."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterator
from typing import Any

from ...lint.diagnostic import Diagnostic
from ...templates import NoteTypeDocument, RawTextNode
from .base import FixRefused, FixResult, MediaWriter, splice, with_template

CODE = "inline-script-large"
LARGE_BYTES = 16 * 1024
JAVASCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")


def _movable(node: RawTextNode) -> bool:
    if node.tag_name.lower() != "script" or node.content_anki_tags:
        return False
    if node.attribute("src") is not None:
        return False
    kind = node.attribute("type")
    kind_value = "" if kind is None else (kind.value or "").strip().lower()
    return kind_value in JAVASCRIPT_TYPES and node.source[node.content.start - 1] == ">"


def _large_scripts(document: NoteTypeDocument) -> Iterator[tuple[int, str, Any, RawTextNode]]:
    for card_type in document.card_types:
        for side, doc in (("front", card_type.front), ("back", card_type.back)):
            for node in doc.walk():
                if isinstance(node, RawTextNode) and _movable(node):
                    size = len(node.content.slice(node.source).encode())
                    if size > LARGE_BYTES:
                        yield card_type.ord, side, doc, node


def inline_script_findings(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    for ord_, side, doc, node in _large_scripts(document):
        size = len(node.content.slice(node.source).encode())
        line, column = doc.line_index.line_col(node.start)
        yield Diagnostic(
            "warning", CODE,
            f"an inline script of {size / 1024:.0f} KiB is copied into every card of this "
            "note type and sent with it on every sync",
            card_type=ord_, side=side, line=line, column=column,  # type: ignore[arg-type]
            fix="move it to a media file (_name.js) and load it with <script src>",
        )  # fmt: skip


class MoveScriptToMedia:
    code = CODE

    def label(self, document: NoteTypeDocument, finding: Diagnostic) -> str | None:
        return "Move the script to a media file"

    def apply(
        self, notetype: dict[str, Any], document: NoteTypeDocument, finding: Diagnostic,
        media: MediaWriter,
    ) -> FixResult:  # fmt: skip
        for ord_, side, doc, node in _large_scripts(document):
            if (ord_, side, doc.line_index.line_col(node.start)) != (
                finding.card_type, finding.side, (finding.line, finding.column)
            ):  # fmt: skip
                continue
            script = node.content.slice(node.source)
            digest = hashlib.sha256(script.encode()).hexdigest()[:12]
            stored = media(f"_atd-{digest}.js", script.encode())
            # Empty the element and name the file in its start tag; the rest stays.
            text = splice(doc.source, node.content.start, node.content.end, "")
            text = splice(
                text,
                node.content.start - 1,
                node.content.start - 1,
                f' src="{html.escape(stored)}"',
            )
            return FixResult(
                with_template(notetype, ord_, side, text),
                f"Move a script to the media file {stored}",
                (stored,),
            )
        raise FixRefused("the script this fix was for is no longer there")
