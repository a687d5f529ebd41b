"""Collaboration figures against the real `atd serve` process on 127.0.0.1 (issue #16):

* update latency from one client's send to each other client's receipt, with 10 and with
  100 clients in one room (p50 / p95; the plan asks < 500 ms, the target is p95 < 50 ms);
* server memory per room: RSS growth over 40 rooms each holding a note type's worth of
  text (6 sides of 2 KB + 4 KB of CSS), divided by the rooms.

All clients run in this process on one asyncio loop (raw y-protocol frames; the sender's
updates are real pycrdt updates), so on a 2-core machine the figures include our own
clients' scheduling. Needs pycrdt and websockets (requirements-dev.txt), not Anki.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pycrdt import Doc, Text
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from results import parse_row, write_results  # noqa: E402

from anki_template_designer.collab_server import wire  # noqa: E402
from process_memory import tree_rss_mib  # noqa: E402

ATD = [
    sys.executable,
    "-c",
    "import sys; from anki_template_designer.cli import main; sys.exit(main())",
]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))]


def start(data: Path) -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [*ATD, "serve", "--port", "0", "--data", str(data), "--max-peers-per-room", "500"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    match = re.search(r":(\d+)/rooms", process.stdout.readline())
    assert match, "server did not start"
    return process, int(match.group(1))


def invite(data: Path, room: str, name: str) -> str:
    done = subprocess.run(
        [
            *ATD,
            "collab",
            "invite",
            "--data",
            str(data),
            "--room",
            room,
            "--role",
            "editor",
            "--name",
            name,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


async def joined(port: int, room: str, token: str):
    ws = await connect(
        f"ws://127.0.0.1:{port}/rooms/{room}",
        additional_headers={"Authorization": f"Bearer {token}"},
        max_size=None,
    )
    await ws.recv()  # welcome
    await ws.recv()  # the server's state vector
    return ws


async def latency(port: int, data: Path, clients: int, updates: int) -> list[float]:
    room = f"latency-{clients}"
    token = invite(data, room, "bench")  # one invite serves all (names need not differ)
    sockets = [await joined(port, room, token) for _ in range(clients)]
    sender, receivers = sockets[0], sockets[1:]
    doc = Doc()
    text = doc.get("side:0:front", type=Text)
    outgoing: list[bytes] = []
    doc.observe(lambda event: outgoing.append(event.update))
    samples: list[float] = []

    async def receive_one(ws) -> float:
        while True:
            frame = await ws.recv()
            if isinstance(frame, bytes) and frame[:2] == b"\x00\x02":
                return time.perf_counter()

    for i in range(updates):
        text.insert(len(str(text)), f"<div>{{{{Field{i}}}}}</div>\n")
        frame = wire.sync_frame(wire.UPDATE, outgoing.pop())
        waiting = [asyncio.ensure_future(receive_one(ws)) for ws in receivers]
        sent = time.perf_counter()
        await sender.send(frame)
        for arrived in await asyncio.gather(*waiting):
            samples.append((arrived - sent) * 1000)
        await asyncio.sleep(0.02)
    for ws in sockets:
        await ws.close()
    return samples


async def memory_per_room(port: int, data: Path, pid: int, rooms: int) -> float:
    await asyncio.sleep(0.5)
    before = tree_rss_mib(pid) or 0.0
    sockets = []
    for r in range(rooms):
        room = f"memory-{r}"
        ws = await joined(port, room, invite(data, room, "bench"))
        doc = Doc()
        for side in range(3):
            for part in ("front", "back"):
                doc.get(f"side:{side}:{part}", type=Text).insert(0, "<div>{{Front}}</div>" * 100)
        doc.get("css", type=Text).insert(0, ".card { color: black; }\n" * 170)
        await ws.send(wire.sync_frame(wire.UPDATE, doc.get_update()))
        sockets.append(ws)
    await asyncio.sleep(1.0)
    after = tree_rss_mib(pid) or 0.0
    for ws in sockets:
        await ws.close()
    return (after - before) * 1024 / rooms


async def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        process, port = start(data)
        try:
            ten = await latency(port, data, 10, 60)
            hundred = await latency(port, data, 100, 20)
            per_room_kib = await memory_per_room(port, data, process.pid, 40)
        finally:
            process.terminate()
            process.wait(timeout=10)
    rows = [
        parse_row(
            "latency 10 clients",
            f"p50 {percentile(ten, 0.5):.2f} ms, p95 {percentile(ten, 0.95):.2f} ms",
            f"{len(ten)} deliveries; target p95 < 50 ms",
        ),
        parse_row(
            "latency 100 clients",
            f"p50 {percentile(hundred, 0.5):.2f} ms, p95 {percentile(hundred, 0.95):.2f} ms",
            f"{len(hundred)} deliveries",
        ),
        parse_row(
            "server memory per room",
            f"{per_room_kib:.0f} KiB",
            "RSS growth over 40 rooms of ~16 KB of text",
        ),
    ]
    print("Collaboration (atd serve on 127.0.0.1)")
    for row in rows:
        print(f"  {row['name']:<26} {row['text']:<34} {row['note']}")
    write_results(
        "Collaboration",
        rows,
        {"latency_10_ms": ten, "latency_100_ms": hundred, "memory_per_room_kib": per_room_kib},
    )
    return 0 if percentile(ten, 0.95) < 500 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
