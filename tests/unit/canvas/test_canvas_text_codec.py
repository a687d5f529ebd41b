"""Text written back from the canvas always decodes to exactly what the page sent, and
keeps the old bytes where the text did not change."""

import html

from hypothesis import example, given, settings
from hypothesis import strategies as st

from anki_template_designer.services.canvas.attribute_ops import encode_value
from anki_template_designer.services.canvas.text_codec import atoms, rewrite, rewrite_text

# Raw text rich in references, bare ampersands and references without ";".
PIECES = ["a", "b", " ", "&", ";", "#", "&amp;", "&nbsp;", "&#39;", "&#x27;", "&lt;", "&amp"]
PIECES += ["&#38", "&ampx", "&notin;", "&noti", "5", "x", "\xa0", "<", "é"]
RAW = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
TEXT = st.text(alphabet="ab &;#<>\xa0'\"5x", max_size=12)


@settings(max_examples=400, deadline=None)
@given(RAW, TEXT)
@example("&#38", "&5")  # a kept "&#38" would become "&#385"
@example("&", "&amp;")  # a kept bare "&" would start a reference
@example("&amp", "&ampx")
def test_a_rewritten_text_decodes_to_the_new_text(raw, new):
    written = rewrite_text(raw, new)
    assert html.unescape(written) == new
    if new == html.unescape(raw):
        # Unchanged text keeps its bytes, except references that could not be kept safely.
        assert written == raw or any(not a.keepable for a in atoms(raw))


@settings(max_examples=300, deadline=None)
@given(RAW, TEXT, st.sampled_from(['"', "'"]))
def test_a_rewritten_attribute_value_decodes_to_the_new_value(raw, new, quote):
    raw = raw.replace(quote, "")
    written = rewrite(atoms(raw), new, lambda text: encode_value(text, quote))
    assert quote not in written
    assert html.unescape(written) == new


def test_atoms_decode_like_unescape_does_in_place():
    raw = "&ampx&notin;&noti &#38;5&#x26&lt&gt;"
    assert "".join(atom.text for atom in atoms(raw)) == html.unescape(raw)
    assert [a.raw for a in atoms("{{F}}&amp;", [(0, 5)])] == ["{{F}}", "&amp;"]
