"""The sync's connectivity check over real QNetworkInformation: it loads (or, with no
backend on this platform, says online so the sync tries), answers from any thread, and
only a "disconnected" reachability counts as offline."""

import threading

from PyQt6.QtNetwork import QNetworkInformation

from anki_template_designer.gui.connectivity import QtConnectivity

Reachability = QNetworkInformation.Reachability


def test_reachability_maps_to_online_and_is_readable_off_the_main_thread(qapp):
    check = QtConnectivity()
    answers = []
    worker = threading.Thread(target=lambda: answers.append(check.is_online()))
    worker.start()
    worker.join(5)
    assert answers and isinstance(answers[0], bool)
    for reachability, online in (
        (Reachability.Disconnected, False),
        (Reachability.Unknown, True),
        (Reachability.Local, True),
        (Reachability.Site, True),
        (Reachability.Online, True),
    ):
        check._changed(reachability)
        assert check.is_online() is online
