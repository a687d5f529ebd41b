"""`canvas.source`: the exact bytes of nodes, for copy and duplicate."""

import pytest

from anki_template_designer.services.canvas import CanvasService
from anki_template_designer.services.templates import EditError


def test_source_returns_each_node_byte_for_byte():
    text = "<div class=a>\r\n  {{Front}} &amp; <b>x</b>\r\n</div><!-- c -->"
    service = CanvasService()
    tree = service.tree({"c0.front": text})["c0.front"]
    div, comment = tree["nodes"][0], tree["nodes"][1]
    bold = next(child for child in div["c"] if child["t"] == "el")
    assert service.source("c0.front", text, [div["id"], bold["id"], comment["id"]]) == [
        "<div class=a>\r\n  {{Front}} &amp; <b>x</b>\r\n</div>",
        "<b>x</b>",
        "<!-- c -->",
    ]


def test_source_of_a_missing_node_is_a_clear_error():
    with pytest.raises(EditError, match="9"):
        CanvasService().source("c0.front", "<p>x</p>", ["9"])
