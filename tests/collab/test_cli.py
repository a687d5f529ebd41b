"""`atd serve --help` documents every option; `atd collab` refuses bad input clearly; a
port already taken is a clear error, not a traceback."""

from __future__ import annotations

import re

from conftest import atd


def test_serve_help_documents_every_option():
    text = atd("serve", "--help").stdout
    options = set(re.findall(r"(--[a-z-]+)", text.split("options:")[1]))
    assert options >= {
        "--host",
        "--port",
        "--data",
        "--max-message",
        "--max-peers-per-room",
        "--revocation-check",
        "--ping-interval",
        "--verbose",
    }
    for line in text.split("options:")[1].splitlines():
        if line.strip().startswith("--"):
            assert len(line.split("  ", 2)) >= 2, f"option without help: {line}"
    assert "Authorization: Bearer" in text and "docs/collaboration.md" in text


def test_invite_refuses_bad_rooms_names_and_durations(tmp_path):
    bad_room = atd(
        "collab",
        "invite",
        "--data",
        str(tmp_path),
        "--room",
        "../x",
        "--role",
        "editor",
        "--name",
        "A",
        check=False,
    )
    assert bad_room.returncode == 2 and "room name '../x'" in bad_room.stderr
    bad_name = atd(
        "collab",
        "invite",
        "--data",
        str(tmp_path),
        "--room",
        "r",
        "--role",
        "editor",
        "--name",
        " ",
        check=False,
    )
    assert bad_name.returncode == 2 and "name must be" in bad_name.stderr
    bad_duration = atd(
        "collab",
        "invite",
        "--data",
        str(tmp_path),
        "--room",
        "r",
        "--role",
        "editor",
        "--name",
        "A",
        "--expires",
        "soon",
        check=False,
    )
    assert bad_duration.returncode == 2 and "not a duration" in bad_duration.stderr
    bad_role = atd(
        "collab",
        "invite",
        "--data",
        str(tmp_path),
        "--room",
        "r",
        "--role",
        "god",
        "--name",
        "A",
        check=False,
    )
    assert bad_role.returncode == 2 and "invalid choice" in bad_role.stderr
    revoke = atd("collab", "revoke", "--data", str(tmp_path), "nonsense", check=False)
    assert revoke.returncode == 2 and "not a token id" in revoke.stderr
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600


def test_a_taken_port_is_a_clear_error(server, tmp_path):
    taken = atd("serve", "--port", str(server.port), "--data", str(tmp_path), check=False)
    assert taken.returncode == 2
    assert f"cannot listen on 127.0.0.1:{server.port}" in taken.stderr
    assert "Traceback" not in taken.stderr
