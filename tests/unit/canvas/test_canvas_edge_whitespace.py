"""Typing into a text element changes only what the user typed: the whitespace around
the text (tags on lines of their own), which a browser's contenteditable edits away
though it never shows, stays byte for byte (issue 11, "collateral change")."""

from hypothesis import given
from hypothesis import strategies as st

from anki_template_designer.services.canvas import CanvasService
from anki_template_designer.services.canvas.text_ops import keep_edge_whitespace


def set_children(text, runs):
    ops = [{"doc": "c0.front", "op": "setChildren", "id": "0", "runs": runs}]
    return CanvasService().edit({"c0.front": text}, ops)["docs"]["c0.front"]["text"]


edge = st.text(alphabet=" \t\n\r", min_size=1, max_size=6).filter(lambda s: "\n" in s)
words = st.text(alphabet="abc xyz&<é", min_size=1, max_size=20).filter(lambda s: s.strip())
# A browser writes a space typed at an edge as a no-break space.
typed = (
    st.text(alphabet="qrs tu\xa0", min_size=1, max_size=6).map(lambda s: s.strip(" ")).filter(bool)
)


@given(
    lead=edge,
    core=words,
    trail=edge,
    insert=typed,
    where=st.integers(0, 100),
    tag=st.sampled_from(["p", "div", "span", "li"]),
)
def test_typing_keeps_edge_whitespace_and_changes_only_the_typed_text(
    lead, core, trail, insert, where, tag
):
    core = core.strip(" \t\n\r")
    escaped = core.replace("&", "&amp;").replace("<", "&lt;")
    template = f"<{tag}>{lead}{escaped}{trail}</{tag}>{{{{Front}}}}"
    at = where % (len(core) + 1)
    # What the browser sends back: the edge whitespace gone, the typed text inserted.
    shown = core[:at] + insert + core[at:]
    result = set_children(template, [{"text": shown}])
    start = f"<{tag}>{lead}"
    end = f"{trail}</{tag}>{{{{Front}}}}"
    assert result.startswith(start) and result.endswith(end), (template, result)
    middle = result[len(start) : len(result) - len(end)]
    decoded = middle.replace("&nbsp;", "\xa0").replace("&lt;", "<").replace("&gt;", ">")
    assert decoded.replace("&amp;", "&") == shown


def test_shapes_real_templates_have():
    # The closing tag after a newline, an indented block, CRLF files, a field last.
    assert (
        set_children("<p>one two\n</p>{{Front}}", [{"text": "one two now"}])
        == "<p>one two now\n</p>{{Front}}"
    )
    assert (
        set_children("<div>\n  Say it\n</div>{{Front}}", [{"text": "Say it more"}])
        == "<div>\n  Say it more\n</div>{{Front}}"
    )
    assert (
        set_children("<p>\r\n\tword\r\n</p>{{Front}}", [{"text": "A word"}])
        == "<p>\r\n\tA word\r\n</p>{{Front}}"
    )


def test_whitespace_that_shows_or_that_the_user_typed_is_the_users():
    # A single space at the edge of an inline element shows: the browser's text wins.
    assert keep_edge_whitespace("a ", "ab", block=False) == "ab"
    # In a block, edge whitespace never shows: kept even without a line break.
    assert keep_edge_whitespace(" a ", "ab", block=True) == " ab "
    # A no-break space the user typed is not collapsible whitespace: it stays.
    assert keep_edge_whitespace("a\n", "a\xa0", block=True) == "a\xa0\n"
    # Emptying the element keeps only the formatting whitespace, once.
    assert keep_edge_whitespace("\n  x\n", "", block=True) == "\n  "
