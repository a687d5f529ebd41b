"""The sync runner's connectivity check, backed by QNetworkInformation: the reachability
Qt reports, cached on Anki's main thread (where its signal arrives) in a plain flag the
task manager's threads may read. Only "disconnected" counts as offline: "local" and
"site" may still reach a WebDAV server on the LAN, and "unknown" (no backend on this
platform) lets the sync try and find out."""

from __future__ import annotations

import logging

from PyQt6.QtNetwork import QNetworkInformation

from ..services.sync.connectivity import Connectivity

log = logging.getLogger(__name__)


class QtConnectivity(Connectivity):
    def __init__(self) -> None:
        self._online = True
        info = None
        try:
            if QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
                info = QNetworkInformation.instance()
        except Exception as error:  # noqa: BLE001 - no backend: assume online
            log.info("no network information backend (%s); sync assumes online", error)
        if info is not None:
            self._changed(info.reachability())
            info.reachabilityChanged.connect(self._changed)

    def _changed(self, reachability: QNetworkInformation.Reachability) -> None:
        self._online = reachability != QNetworkInformation.Reachability.Disconnected

    def is_online(self) -> bool:
        return self._online
