"""Two "machines" for the engine's scenario tests: two real Anki collections that start as
copies of one (as Anki's own sync leaves them: same note type ids), each with its own sync
state file and its own connection to one remote."""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anki.collection import Collection

from anki_template_designer.services.sync.engine import SyncEngine

PASSPHRASE = "correct horse battery"


@dataclass
class Machine:
    col: Any
    engine: SyncEngine

    def sync(self, **options):
        return self.engine.sync(**options)

    def notetype(self, name: str) -> dict:
        found = self.col.models.by_name(name)
        assert found is not None, name
        return found

    def set_front(self, name: str, text: str) -> None:
        notetype = copy.deepcopy(self.notetype(name))
        notetype["tmpls"][0]["qfmt"] = text
        self.col.models.update_dict(notetype)

    def front(self, name: str) -> str:
        return self.notetype(name)["tmpls"][0]["qfmt"]

    def set_css(self, name: str, css: str) -> None:
        notetype = copy.deepcopy(self.notetype(name))
        notetype["css"] = css
        self.col.models.update_dict(notetype)

    def names(self) -> set[str]:
        return {n.name for n in self.col.models.all_names_and_ids()}

    def texts(self) -> dict[str, tuple]:
        """Everything the user wrote in each note type: templates and CSS."""
        return {
            nt["name"]: (nt["css"], tuple((t["qfmt"], t["afmt"]) for t in nt["tmpls"]))
            for nt in self.col.models.all()
        }


def two_machines(tmp_path: Path, remote_a, remote_b) -> tuple[Machine, Machine]:
    first = tmp_path / "a" / "collection.anki2"
    first.parent.mkdir()
    Collection(str(first)).close()
    second = tmp_path / "b" / "collection.anki2"
    second.parent.mkdir()
    shutil.copy(first, second)
    machines = []
    for path, remote, machine in ((first, remote_a, "a"), (second, remote_b, "b")):
        col = Collection(str(path))
        engine = SyncEngine(col, remote, PASSPHRASE, path.with_name("sync-state.json"), machine)
        machines.append(Machine(col, engine))
    return machines[0], machines[1]
