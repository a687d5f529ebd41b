"""Names of note types and card types as safe file names, reversibly.

A name becomes a file name that every file system Anki runs on accepts and keeps apart
(Windows, macOS, Linux; case-insensitive ones too), and the name can be read back from it:

* Printable ASCII stays as it is, except what some system refuses or changes:
  ``< > : " / \\ | ? * %``, control characters, a leading ``.``, a trailing ``.`` or space,
  and Windows' reserved device names (``CON``, ``nul.txt``, ``COM1`` ...). Those characters,
  and every non-ASCII character (macOS would re-normalize it), are written as ``%hh`` per
  UTF-8 byte, with lower-case hex digits.
* When the name has upper-case letters, ``~`` and a hex mask of their positions follow
  (``Basic`` is ``Basic~1``), so two names that differ only in case never share a folder on
  a case-insensitive disk, and the name reads back even where the disk lost the case.
* A file name is at most `MAX_LENGTH` characters; a longer one is cut and ends in ``~~``
  and a hash of the name: still unique and safe, no longer reversible (the name itself is
  always in ``notetype.json``; `name_from_file_name` answers None for such a file name).
"""

from __future__ import annotations

import hashlib
import re

MAX_LENGTH = 120
_UNSAFE = set('<>:"/\\|?*%~')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)", re.IGNORECASE)
_MASK_SUFFIX = re.compile(r"~([0-9a-f]+)$")
EMPTY = "%"  # the file name of the empty name (no other name escapes to a lone "%")


def _escape_char(char: str) -> str:
    return "".join(f"%{byte:02x}" for byte in char.encode("utf-8", "surrogatepass"))


def _stem(name: str) -> str:
    parts = []
    last = len(name) - 1
    for index, char in enumerate(name):
        unsafe = (
            char in _UNSAFE
            or not (" " <= char <= "~")
            or (index == 0 and char == ".")
            or (index == last and char in ". ")
        )
        parts.append(_escape_char(char) if unsafe else char)
    stem = "".join(parts)
    if _RESERVED.match(stem):
        stem = _escape_char(stem[0]) + stem[1:]
    return stem


def _case_mask(stem: str) -> int:
    return sum(1 << index for index, char in enumerate(stem) if "A" <= char <= "Z")


def file_name_for(name: str) -> str:
    """The safe file name of `name` (a note type's, a card type's, a preset's)."""
    if name == "":
        return EMPTY
    stem = _stem(name)
    mask = _case_mask(stem)
    file_name = f"{stem}~{mask:x}" if mask else stem
    if len(file_name) <= MAX_LENGTH:
        return file_name
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{stem[: MAX_LENGTH - 18]}~~{digest}"


def name_from_file_name(file_name: str) -> str | None:
    """The name `file_name_for` made `file_name` from, or None when it is not one of ours.

    Case is restored from the mask, so a file name a case-insensitive disk lower-cased
    still reads back exactly.
    """
    if file_name == EMPTY:
        return ""
    if "~~" in file_name:
        return None
    stem, mask = file_name, 0
    found = _MASK_SUFFIX.search(file_name)
    if found:
        stem, mask = file_name[: found.start()], int(found.group(1), 16)
    if "~" in stem or mask >> len(stem):
        return None
    chars = [c.upper() if mask >> i & 1 else c.lower() for i, c in enumerate(stem)]
    try:
        name = _unescape("".join(chars))
    except ValueError:
        return None
    return name if file_name_for(name).lower() == file_name.lower() else None


def _unescape(stem: str) -> str:
    out = bytearray()
    index = 0
    while index < len(stem):
        char = stem[index]
        if char == "%":
            hex_digits = stem[index + 1 : index + 3]
            if len(hex_digits) != 2 or not re.fullmatch(r"[0-9a-f]{2}", hex_digits):
                raise ValueError(f"bad escape at {index}")
            out.append(int(hex_digits, 16))
            index += 3
        else:
            out += char.encode("ascii")
            index += 1
    return out.decode("utf-8", "surrogatepass")
