"""What this add-on is (name, version), read from the generated manifest.json."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .paths import AddonPaths


@dataclass(frozen=True)
class AddonInfo:
    name: str
    version: str
    homepage: str

    @classmethod
    def read(cls, paths: AddonPaths) -> AddonInfo:
        manifest_path = paths.addon_dir / "manifest.json"
        with manifest_path.open(encoding="utf-8") as handle:
            manifest = json.load(handle)
        return cls(
            name=str(manifest["name"]),
            version=str(manifest.get("human_version", "")),
            homepage=str(manifest.get("homepage", "")),
        )
