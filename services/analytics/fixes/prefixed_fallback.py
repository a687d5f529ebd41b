"""A compatibility fallback: the vendor-prefixed declaration (`-webkit-user-select`) that
the clients lacking a CSS property have, inserted before it with the same value.

Which prefix covers which engine comes from the pinned compatibility data
(compatibility.covering_prefix); a property whose prefixed form behaves differently is not
offered (`line-clamp` works prefixed only with `display: -webkit-box`)."""

from __future__ import annotations

from typing import Any

from ...lint.diagnostic import Diagnostic
from ...templates import NoteTypeDocument
from ...templates.css_model import CssNode
from ..compat_features import FEATURES
from ..compatibility import covering_prefix
from .base import FixRefused, FixResult, MediaWriter, splice, with_css

NOT_OFFERED = frozenset({"line-clamp"})


def _declaration(document: NoteTypeDocument, finding: Diagnostic) -> CssNode | None:
    for node in document.css.walk():
        if node.type == "declaration" and (node.line, node.column) == (
            finding.line,
            finding.column,
        ):
            return node
    return None


def _prefix_for(node: CssNode) -> str | None:
    name = node.property_name.strip().lower()
    if name in NOT_OFFERED:
        return None
    for feature in FEATURES:
        if feature.where == "css-property" and feature.pattern == name:
            return covering_prefix(feature.path)
    return None


class PrefixedFallback:
    code = "compat-web-feature"

    def label(self, document: NoteTypeDocument, finding: Diagnostic) -> str | None:
        if finding.side != "css":
            return None
        node = _declaration(document, finding)
        prefix = None if node is None else _prefix_for(node)
        if node is None or prefix is None:
            return None
        return f"Add {prefix}{node.property_name.strip().lower()} before it"

    def apply(
        self, notetype: dict[str, Any], document: NoteTypeDocument, finding: Diagnostic,
        media: MediaWriter,
    ) -> FixResult:  # fmt: skip
        node = _declaration(document, finding)
        prefix = None if node is None else _prefix_for(node)
        if node is None or prefix is None or node.value_span is None:
            raise FixRefused("the declaration this fix was for is no longer there")
        css = document.css.source
        # Same value, same `!important`, then the original declaration's own indentation.
        line_start = css.rfind("\n", 0, node.start) + 1
        indent = css[line_start : node.start]
        separator = "\n" + indent if indent.strip() == "" and line_start != node.start else " "
        important = " !important" if node.important else ""
        name = node.property_name.strip().lower()
        inserted = f"{prefix}{name}: {node.value}{important};{separator}"
        return FixResult(
            with_css(notetype, splice(css, node.start, node.start, inserted)),
            f"Add {prefix}{name}",
        )
