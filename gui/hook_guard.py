"""Keeps our exceptions out of Anki's hooks.

Anki removes a hook callback that raises, which would silently unplug the add-on until
restart. Everything we attach to a hook or a Qt signal goes through `guarded`, which logs
the exception (to our log) and shows a short message instead.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

log = logging.getLogger(__name__)


def guarded(what: str, *, notify: bool = True) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception as error:
                log.exception("%s failed", what)
                if notify:
                    _tell_user(f"Template Designer: {what} failed: {error}")
                return None

        return wrapper  # type: ignore[return-value]

    return decorate


def _tell_user(message: str) -> None:
    try:
        from aqt.utils import tooltip

        tooltip(message, period=6000)
    except Exception:
        log.exception("could not show a message to the user")
