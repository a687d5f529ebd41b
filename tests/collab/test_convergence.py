"""Randomized convergence in the style of Yjs's own tests: 5 peers on the real server make
random inserts and deletes in several texts, drop off and come back at random, and get
their frames delivered in random order; afterwards every peer, and a newcomer loading the
room from the server, holds byte-identical texts."""

from __future__ import annotations

import random

import pytest
from peers import Peer, settle

TEXTS = ("side:0:front", "side:0:back", "css")
ALPHABET = "ab{}<>/ =\"'\n\u00e9\u4e2d"
#: Characters outside the BMP (2 UTF-16 units in Yjs, 4 UTF-8 bytes in pycrdt).
ASTRAL = "\U0001f600\U0001d11e"


def byte_offset(value: str, index: int) -> int:
    """pycrdt's Text counts UTF-8 bytes (Yjs counts UTF-16 units): edits land on characters."""
    return len(value[:index].encode("utf-8"))


def random_edit(rng: random.Random, peer: Peer, alphabet: str = ALPHABET) -> None:
    text = peer.text(rng.choice(TEXTS))
    value = str(text)
    if value and rng.random() < 0.35:
        start = rng.randrange(len(value))
        end = min(len(value), start + rng.randint(1, 4))
        del text[byte_offset(value, start) : byte_offset(value, end)]
    else:
        chunk = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5)))
        text.insert(byte_offset(value, rng.randint(0, len(value))), chunk)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_five_peers_with_random_edits_disconnects_and_delivery_order_converge(server, room, seed):
    run_peers(server, room, seed, ALPHABET)


@pytest.mark.parametrize("seed", [3, 4])
def test_astral_characters_converge_on_pycrdt_peers(server, room, seed):
    run_peers(server, room, seed, ALPHABET + ASTRAL)


def run_peers(server, room: str, seed: int, alphabet: str) -> None:
    rng = random.Random(seed)
    peers = [
        Peer(server.url(room), server.invite(room, "editor", f"P{i}"), f"P{i}") for i in range(5)
    ]
    for peer in peers:
        peer.connect()
    settle(peers)
    for _ in range(60):
        peer = rng.choice(peers)
        roll = rng.random()
        if roll < 0.08 and peer.online:
            peer.disconnect()
        elif roll < 0.16 and not peer.online:
            peer.connect()
        for _ in range(rng.randint(1, 3)):
            random_edit(rng, peer, alphabet)
        sender = rng.choice(peers)
        sender.flush(rng)
        receiver = rng.choice(peers)
        receiver.receive(timeout=0.01)
        receiver.apply_inbox(rng)
    for peer in peers:
        if not peer.online:
            peer.connect()
    settle(peers, wait=0.25)
    newcomer = Peer(server.url(room), server.invite(room, "viewer", "New"), "New")
    newcomer.connect()
    settle([newcomer, *peers], wait=0.25)
    # One resync round, as y-websocket clients do every `resyncInterval`: each peer sends
    # its state vector and gets what it lacks.
    for peer in peers:
        peer.resync()
    settle([newcomer, *peers], wait=0.25)
    for name in TEXTS:
        expected = str(newcomer.text(name)).encode("utf-8")
        for peer in peers:
            assert str(peer.text(name)).encode("utf-8") == expected, (seed, name, peer.name)
    assert any(str(newcomer.text(name)) for name in TEXTS)
