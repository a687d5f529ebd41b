"""Edits of a draft's card types: everything Anki's Card Types screen offers.

Pure functions over the draft dict (they return a new draft and never touch the
collection); each refuses with a clear message instead of producing a broken note type.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from anki.consts import MODEL_CLOZE

from ...sdk.protocol import ErrorCode

Draft = dict[str, Any]


class CardTypeEditError(ValueError):
    """A card type edit the note type does not allow (shown to the user as it is)."""

    bridge_code = ErrorCode.INVALID_PARAMS


def _check_index(draft: Draft, index: int) -> None:
    if not 0 <= index < len(draft["tmpls"]):
        raise CardTypeEditError(f"there is no card type {index + 1}")


def _check_name(draft: Draft, name: str, ignore_index: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise CardTypeEditError("a card type needs a name")
    for index, template in enumerate(draft["tmpls"]):
        if index != ignore_index and template["name"].casefold() == name.casefold():
            raise CardTypeEditError(f"a card type called {name!r} already exists")
    return name


def _check_not_cloze(draft: Draft, what: str) -> None:
    if draft["type"] == MODEL_CLOZE:
        raise CardTypeEditError(f"a cloze note type has one card type; cannot {what}")


def add_card_type(draft: Draft, copy_of: int, name: str | None = None) -> Draft:
    """Append a copy of card type `copy_of` (as Anki's "Add Card Type" does)."""
    _check_not_cloze(draft, "add card types")
    _check_index(draft, copy_of)
    result = copy.deepcopy(draft)
    template = copy.deepcopy(draft["tmpls"][copy_of])
    number = len(draft["tmpls"]) + 1
    while any(t["name"] == f"Card {number}" for t in draft["tmpls"]):
        number += 1
    template["name"] = _check_name(draft, name or f"Card {number}")
    template["ord"] = None
    template.pop("id", None)
    result["tmpls"].append(template)
    return result


def remove_card_type(draft: Draft, index: int) -> Draft:
    _check_index(draft, index)
    if len(draft["tmpls"]) == 1:
        raise CardTypeEditError("a note type needs at least one card type")
    result = copy.deepcopy(draft)
    del result["tmpls"][index]
    return result


def rename_card_type(draft: Draft, index: int, name: str) -> Draft:
    _check_index(draft, index)
    result = copy.deepcopy(draft)
    result["tmpls"][index]["name"] = _check_name(draft, name, ignore_index=index)
    return result


def move_card_type(draft: Draft, index: int, to: int) -> Draft:
    _check_not_cloze(draft, "reorder card types")
    _check_index(draft, index)
    _check_index(draft, to)
    result = copy.deepcopy(draft)
    template = result["tmpls"].pop(index)
    result["tmpls"].insert(to, template)
    return result


def set_deck_override(draft: Draft, index: int, deck_id: int | None) -> Draft:
    """New cards of this type go to `deck_id` (None: the deck chosen when adding)."""
    _check_index(draft, index)
    result = copy.deepcopy(draft)
    result["tmpls"][index]["did"] = deck_id or None
    return result


def set_browser_appearance(
    draft: Draft,
    index: int,
    *,
    question: str,
    answer: str,
    font: str = "",
    size: int = 0,
) -> Draft:
    """The Browser's columns for this card type (empty strings: use the real templates)."""
    _check_index(draft, index)
    if size < 0 or size > 200:
        raise CardTypeEditError("font size must be between 0 (default) and 200")
    result = copy.deepcopy(draft)
    template = result["tmpls"][index]
    template.update({"bqfmt": question, "bafmt": answer, "bfont": font, "bsize": size})
    return result


OPERATIONS: dict[str, Callable[..., Draft]] = {
    "add": add_card_type,
    "remove": remove_card_type,
    "rename": rename_card_type,
    "move": move_card_type,
    "deck": set_deck_override,
    "browser": set_browser_appearance,
}


def apply_operation(draft: Draft, op: str, args: list[Any], kwargs: dict[str, Any]) -> Draft:
    """One card type edit by name; arguments that do not fit the edit are the caller's
    mistake, reported like any refused edit (CardTypeEditError)."""
    operation = OPERATIONS[op]
    try:
        return operation(copy.deepcopy(draft), *args, **kwargs)
    except CardTypeEditError:
        raise
    except (TypeError, ValueError) as error:
        raise CardTypeEditError(f"{op}: {error}") from error
