"""What the host application gives the services: where things are and how to reach the
collection. Registered once by the composition root; features read it when they build
their services."""

from __future__ import annotations

from dataclasses import dataclass

from .notetypes import CollectionGetter
from .paths import AddonPaths


@dataclass(frozen=True)
class Environment:
    paths: AddonPaths
    collection: CollectionGetter
    #: Separates per-profile user data (drafts) of profiles sharing the add-on.
    profile_key: str = "default"
