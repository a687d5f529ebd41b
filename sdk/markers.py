"""The pluggy markers of the SDK, on our private copy of pluggy (never the global one:
pytest and other Anki add-ons import theirs, of whatever version they pin)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast, overload

from .._vendor import pluggy

PROJECT = "atd"

F = TypeVar("F", bound=Callable[..., Any])

_spec = pluggy.HookspecMarker(PROJECT)
_impl = pluggy.HookimplMarker(PROJECT)


def hookspec(function: F) -> F:
    """Marks a hook specification (sdk/hookspecs.py only)."""
    return cast(F, _spec(function))


@overload
def hookimpl(function: F) -> F: ...


@overload
def hookimpl(
    *, tryfirst: bool = False, trylast: bool = False, specname: str | None = None
) -> Callable[[F], F]: ...


def hookimpl(function: Any = None, **options: Any) -> Any:
    """Marks a plugin's hook implementation: ``@hookimpl`` above ``def atd_bridge_methods``
    (or ``@hookimpl(tryfirst=True)``)."""
    return _impl(function, **options)
