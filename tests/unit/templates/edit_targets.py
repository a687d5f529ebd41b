"""Hypothesis helper: draw any node, or any named part of one, of a parsed document."""

from hypothesis import strategies as st


def draw_target(document, data):
    """An edit target ("<id>" or "<id>#<part>"), or None when the document is empty."""
    nodes = list(document.walk())
    if not nodes:
        return None
    node = data.draw(st.sampled_from(nodes))
    part = data.draw(st.sampled_from(sorted(node.parts())))
    return f"{node.id}#{part}" if part else node.id
