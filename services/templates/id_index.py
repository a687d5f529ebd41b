"""Looking nodes up by id, shared by the template and CSS documents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar


class HasId(Protocol):
    @property
    def id(self) -> str: ...


N = TypeVar("N", bound=HasId)


class IdIndex(Generic[N]):
    def __init__(self, nodes: Iterable[N], what: str) -> None:
        self._by_id = {node.id: node for node in nodes}
        self._what = what

    def get(self, node_id: str) -> N:
        try:
            return self._by_id[node_id]
        except KeyError:
            raise LookupError(f"no {self._what} with id {node_id!r}") from None
