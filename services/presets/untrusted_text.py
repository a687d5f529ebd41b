"""Names, descriptions and attribute values of an imported preset that hold markup.

They are shown in the designer as text (never as HTML), so markup there is harmless to
us; but it is never needed, and it is exactly what an attack on a page that shows such
strings as HTML looks like (GrapesJS did, for component names). The import tells the user
and strips it unless told otherwise.
"""

from __future__ import annotations

import re

_EVENTS = (
    r"(?:error|load|click|dblclick|auxclick|contextmenu|mouse\w*|pointer\w*|touch\w*|key\w*"
    r"|focus\w*|blur|input|change|submit|wheel|scroll\w*|drag\w*|drop|copy|paste|cut|play\w*"
    r"|pause|toggle|begin|end|repeat|animation\w*|transition\w*|message|resize|select\w*"
    r"|show|pageshow|hashchange|beforeprint|afterprint|unload|beforeunload|invalid|search)"
)
#: A tag opening (`<img`, `</x`, `<!--`, `<?`), a script URL or an event handler assignment.
_MARKUP = re.compile(rf"<[a-zA-Z/!?]|(?:java|vb)script\s*:|\bon{_EVENTS}\s*=", re.I)
_TAG = re.compile(r"<[a-zA-Z/!?][^>]*>?")
_SCRIPT_URL = re.compile(r"(?:java|vb)script\s*:", re.I)
_HANDLER = re.compile(rf"\bon({_EVENTS})\s*=", re.I)


def has_markup(text: str) -> bool:
    """A tag, a script URL or a handler assignment (for names and descriptions)."""
    return _MARKUP.search(text) is not None


def has_tag(text: str) -> bool:
    """A tag opening (for attribute values, where `onclick=x` as text is common)."""
    return _TAG.search(text) is not None


def without_markup(text: str) -> str:
    """`text` with tags, script URL schemes and handler assignments taken out."""
    previous = None
    while previous != text:
        previous = text
        text = _TAG.sub("", text)
        text = _SCRIPT_URL.sub("", text)
        text = _HANDLER.sub(lambda m: m.group(1), text)
    return text
