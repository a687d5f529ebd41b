"""One-click fixes for recommendations: a compatibility fallback (a vendor-prefixed
declaration), night-mode rules, an image size cap, and a large inline script moved to a
media file. Each is offered only for a finding it recognises at an exact place
(`action_for`), and `apply_fix` recomputes the findings of the note type as it is now, so
a stale or forged action changes nothing. The result is a new note type for the designer
to put in its draft and save as one undoable step."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...lint.diagnostic import Diagnostic
from ...lint.template_lints import ALL_LINTS
from ...templates import NoteTypeDocument
from ..compatibility import compatibility_findings
from .base import Fix, FixRefused, FixResult, MediaWriter, action_id
from .image_cap import AddImageCap, ImageCap, image_findings
from .inline_script import MoveScriptToMedia, inline_script_findings
from .night_mode import NightModeRule
from .prefixed_fallback import PrefixedFallback

__all__ = ["FixRefused", "FixResult", "action_for", "apply_fix", "fixable_findings"]

FIXES: dict[str, Fix] = {
    fix.code: fix
    for fix in (PrefixedFallback(), NightModeRule(), ImageCap(), AddImageCap(), MoveScriptToMedia())
}


def fixable_findings(document: NoteTypeDocument) -> Iterator[Diagnostic]:
    """The findings that exist for their fix (the lints and compatibility findings that
    other fixes answer are reported anyway)."""
    yield from image_findings(document)
    yield from inline_script_findings(document)


def action_for(document: NoteTypeDocument, finding: Diagnostic) -> dict[str, str] | None:
    """`{id, label}` of the fix this finding offers, or None."""
    fix = FIXES.get(finding.code)
    label = None if fix is None else fix.label(document, finding)
    return None if label is None else {"id": action_id(finding), "label": label}


def apply_fix(notetype: Mapping[str, Any], action: str, media: MediaWriter) -> FixResult:
    document = NoteTypeDocument.from_notetype(notetype)
    lints = (finding for lint in ALL_LINTS for finding in lint(document))
    for finding in (*lints, *compatibility_findings(document), *fixable_findings(document)):
        if action_id(finding) == action and action_for(document, finding) is not None:
            return FIXES[finding.code].apply(dict(notetype), document, finding, media)
    raise FixRefused("this recommendation no longer applies: the note type has changed")
