"""Reading a CSS colour well enough to tell light from dark (hex, rgb()/rgba() and the
named colours templates use for paper and ink). Anything else is unknown: no guess."""

from __future__ import annotations

import re

NAMED = {
    "white": (255, 255, 255), "snow": (255, 250, 250), "ivory": (255, 255, 240),
    "whitesmoke": (245, 245, 245), "ghostwhite": (248, 248, 255), "floralwhite": (255, 250, 240),
    "linen": (250, 240, 230), "oldlace": (253, 245, 230), "seashell": (255, 245, 238),
    "beige": (245, 245, 220), "cornsilk": (255, 248, 220), "lightyellow": (255, 255, 224),
    "honeydew": (240, 255, 240), "azure": (240, 255, 255), "aliceblue": (240, 248, 255),
    "mintcream": (245, 255, 250), "lavenderblush": (255, 240, 245), "gainsboro": (220, 220, 220),
    "lightgray": (211, 211, 211), "lightgrey": (211, 211, 211),
    "black": (0, 0, 0), "navy": (0, 0, 128), "darkblue": (0, 0, 139),
    "midnightblue": (25, 25, 112), "darkslategray": (47, 79, 79), "darkslategrey": (47, 79, 79),
    "dimgray": (105, 105, 105), "dimgrey": (105, 105, 105), "maroon": (128, 0, 0),
    "darkgreen": (0, 100, 0),
}  # fmt: skip
HEX = re.compile(r"#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})\b", re.I)
RGB = re.compile(r"rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)\s*(?:[,/]\s*([\d.]+%?)\s*)?\)", re.I)
WORD = re.compile(r"[a-z]+", re.I)


def _opaque(alpha: str | None) -> bool:
    if alpha is None:
        return True
    value = float(alpha.rstrip("%")) / (100 if alpha.endswith("%") else 1)
    return value >= 0.9


def parse_colour(value: str) -> tuple[int, int, int] | None:
    """The first opaque colour in a declaration's value (`#fff`, `rgb(0 0 0)`, `white`)."""
    if "var(" in value or "gradient" in value.lower():
        return None
    if match := HEX.search(value):
        digits = match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        if len(digits) == 8 and int(digits[6:], 16) < 230:
            return None
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    if match := RGB.search(value):
        if not _opaque(match.group(4)):
            return None
        r, g, b = (min(255, int(match.group(i))) for i in (1, 2, 3))
        return r, g, b
    for word in WORD.findall(value):
        if word.lower() in NAMED:
            return NAMED[word.lower()]
    return None


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
