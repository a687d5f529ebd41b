"""Whether the network is there, as the sync runner asks it: a registry service whose
`is_online()` the gui layer backs with QNetworkInformation (gui/connectivity.py). This
plain one, used when nothing better is registered (tests, the CLI), cannot tell and
answers True: the sync then finds out by trying, and a failure is retried with backoff."""

from __future__ import annotations


class Connectivity:
    def is_online(self) -> bool:
        return True
