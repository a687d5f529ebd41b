"""Where each packed object is: a hash-chained series of sealed, write-once index files.

Small objects are written many to a pack file (`packs/<2 hex>/<id>`: sealed blobs one
after another), so a 1,000-note-type backup is a handful of files, not 10,000. Which
object is where is in `index/<generation>` files: each new one lists the packs added,
names the generation it follows and the SHA-256 of that file's bytes. A *base* index
(written by prune) lists every pack there is, and reading starts at the latest base.

Each index file is sealed and bound to its own name, so an index edited, or copied over
another, does not open. A snapshot manifest records the generation and hash of the index
it was written with (`head`), so an index removed or an old one put back in its place
("replayed") is found: `problems` names what does not fit.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from .backend import Backend
from .crypto import ObjectCipher, TamperedData

INDEX = "index"


def index_file(generation: int) -> str:
    return f"{INDEX}/{generation:08d}"


@dataclass(frozen=True)
class Location:
    pack: str  # the pack's file name in the repository
    offset: int
    length: int


@dataclass
class PackIndex:
    #: object name -> where it is
    locations: dict[str, Location] = field(default_factory=dict)
    generation: int = 0
    #: SHA-256 of each index file read, by generation (what manifests are checked against)
    hashes: dict[int, str] = field(default_factory=dict)
    #: index files that do not open or do not follow: file name -> what is wrong
    problems: dict[str, str] = field(default_factory=dict)
    #: index files older than the latest base (prune removes them)
    superseded: list[str] = field(default_factory=list)

    @property
    def head(self) -> tuple[int, str]:
        return self.generation, self.hashes.get(self.generation, "")

    def packs(self) -> dict[str, list[tuple[str, Location]]]:
        by_pack: dict[str, list[tuple[str, Location]]] = {}
        for name, location in self.locations.items():
            by_pack.setdefault(location.pack, []).append((name, location))
        return by_pack

    # -- reading ------------------------------------------------------------------------
    @classmethod
    def load(cls, backend: Backend, cipher: ObjectCipher) -> PackIndex:
        index = cls()
        opened: list[tuple[str, dict[str, Any], str]] = []
        for name in backend.list(INDEX):
            raw = backend.read(name)
            try:
                data = json.loads(cipher.open(name, raw))
                if data.get("generation") != int(name.rsplit("/", 1)[-1]):
                    raise TamperedData(f"{name} holds another generation")
            except (TamperedData, ValueError) as error:
                index.problems[name] = str(error)
                continue
            opened.append((name, data, hashlib.sha256(raw).hexdigest()))
        bases = [i for i, (_n, data, _h) in enumerate(opened) if data.get("base")]
        start = bases[-1] if bases else 0
        index.superseded = [n for n, _d, _h in opened[:start]]
        previous: tuple[int, str] | None = None
        for name, data, digest in opened[start:]:
            generation = int(data["generation"])
            if previous is not None and (
                generation != previous[0] + 1 or data.get("previous") != previous[1]
            ):
                index.problems[name] = (
                    f"{name} does not follow index generation {previous[0]} "
                    "(an index file is missing, or one was put back from an older state)"
                )
            elif previous is None and not data.get("base") and generation != 1:
                index.problems[name] = f"{name}: the index files before it are missing"
            for pack, entries in data.get("packs", {}).items():
                for object_name, offset, length in entries:
                    index.locations[object_name] = Location(pack, int(offset), int(length))
            index.generation, previous = generation, (generation, digest)
            index.hashes[generation] = digest
        return index

    def check_head(self, snapshot: str, head: Any) -> str | None:
        """What is wrong with the index a snapshot was written with, if anything."""
        if not head:
            return None
        generation, digest = int(head[0]), str(head[1])
        if generation > self.generation:
            return (
                f"snapshot {snapshot} was written with index generation {generation}, but "
                f"the index ends at {self.generation}: index files were removed or an old "
                "index was put back"
            )
        known = self.hashes.get(generation)
        if known is not None and known != digest:
            return (
                f"snapshot {snapshot} was written with another index generation {generation} "
                "than the one here (an old index was put back)"
            )
        return None

    # -- writing ------------------------------------------------------------------------
    def write(
        self,
        backend: Backend,
        cipher: ObjectCipher,
        packs: dict[str, list[tuple[str, Location]]],
        base: bool = False,
    ) -> None:
        """The next generation: `packs` added (with `base`, the whole index)."""
        generation = self.generation + 1
        name = index_file(generation)
        body = {
            "generation": generation,
            "previous": self.hashes.get(self.generation),
            "base": base,
            "packs": {
                pack: [[n, loc.offset, loc.length] for n, loc in entries]
                for pack, entries in sorted(packs.items())
            },
        }
        sealed = cipher.seal(name, json.dumps(body, sort_keys=True).encode())
        if not backend.create(name, sealed):
            raise TamperedData(f"{name} exists already: another writer, or a damaged index")
        if base:
            self.locations = {}
        for entries in packs.values():
            self.locations.update(dict(entries))
        self.generation = generation
        self.hashes[generation] = hashlib.sha256(sealed).hexdigest()
