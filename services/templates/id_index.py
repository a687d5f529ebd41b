"""Looking nodes (and their named parts) up by id, shared by the template and CSS
documents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar

from .spans import Span


class Indexed(Protocol):
    @property
    def id(self) -> str: ...

    def parts(self) -> dict[str, Span]: ...


N = TypeVar("N", bound=Indexed)


class IdIndex(Generic[N]):
    def __init__(self, nodes: Iterable[N], what: str) -> None:
        self._by_id = {node.id: node for node in nodes}
        self._what = what

    def get(self, node_id: str) -> N:
        try:
            return self._by_id[node_id]
        except KeyError:
            raise LookupError(f"no {self._what} with id {node_id!r}") from None

    def span_of(self, target: str) -> Span:
        """The span of "<id>" or "<id>#<part>"."""
        node_id, _, part = target.partition("#")
        parts = self.get(node_id).parts()
        if part not in parts:
            raise LookupError(
                f"{self._what} {node_id!r} has no part {part!r} (has {sorted(parts)})"
            )
        return parts[part]
