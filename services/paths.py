"""Where the add-on's files live, resolved once and handed to every service."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AddonPaths:
    """The add-on folder and the user-data folders inside it.

    `user_files/` is the one folder Anki keeps when it updates an add-on, so everything
    the user would miss (logs, drafts, backups, presets) lives below it.
    """

    addon_dir: Path

    @property
    def user_files(self) -> Path:
        return self.addon_dir / "user_files"

    @property
    def logs_dir(self) -> Path:
        return self.user_files / "logs"

    @property
    def cache_dir(self) -> Path:
        return self.user_files / "cache"

    @property
    def drafts_dir(self) -> Path:
        return self.user_files / "drafts"

    @property
    def presets_dir(self) -> Path:
        return self.user_files / "presets"

    @property
    def default_config(self) -> Path:
        return self.addon_dir / "config.json"

    @property
    def config_schema(self) -> Path:
        return self.addon_dir / "config.schema.json"

    @property
    def web_dist(self) -> Path:
        return self.addon_dir / "web" / "dist"

    def ensure_user_dirs(self) -> None:
        self.logs_dir.mkdir(parents=True, exist_ok=True)

    @classmethod
    def of_package(cls) -> AddonPaths:
        """Paths of the package this module belongs to (the add-on root)."""
        return cls(Path(__file__).resolve().parent.parent)
