"""The real collaboration server, as a process on 127.0.0.1, once per test session."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ATD = [
    sys.executable,
    "-c",
    "import sys; from anki_template_designer.cli import main; sys.exit(main())",
]


@dataclass
class RunningServer:
    process: subprocess.Popen[str]
    data: Path
    port: int

    def url(self, room: str) -> str:
        return f"ws://127.0.0.1:{self.port}/rooms/{room}"

    def invite(self, room: str, role: str, name: str, expires: str = "1h") -> str:
        done = atd(
            "collab",
            "invite",
            "--data",
            str(self.data),
            "--room",
            room,
            "--role",
            role,
            "--name",
            name,
            "--expires",
            expires,
        )
        return done.stdout.strip()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def atd(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ATD, *args], capture_output=True, text=True, check=check, timeout=60)


def start_server(data: Path, port: int = 0, *extra: str) -> RunningServer:
    process = subprocess.Popen(
        [
            *ATD,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data",
            str(data),
            "--revocation-check",
            "0.2",
            "--max-message",
            "262144",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    line = process.stdout.readline()
    match = re.search(r"ws://127\.0\.0\.1:(\d+)/", line)
    if match is None or time.monotonic() > deadline:
        process.kill()
        raise RuntimeError(
            f"server did not start: {line!r} {process.stderr.read() if process.stderr else ''}"
        )
    return RunningServer(process, data, int(match.group(1)))


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[RunningServer]:
    running = start_server(tmp_path_factory.mktemp("collab-data"))
    yield running
    running.stop()


_rooms = iter(range(1, 1_000_000))


@pytest.fixture
def room() -> str:
    """A fresh room per test on the shared server."""
    return f"room-{next(_rooms)}-{int(time.time() * 1000) % 100000}"
