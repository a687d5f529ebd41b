"""Test helpers for plugin packages and marketplaces: realistic plugin folders, `.atdplugin`
zips (good and hostile), signed indexes, and a real HTTP server on 127.0.0.1 serving
them. Used by the unit tests, the real-Anki tests and bench/bench_plugins.py."""

from __future__ import annotations

import base64
import hashlib
import http.server
import io
import json
import stat
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

#: A plugin a user would install: a lint pack that warns about `<font>` tags (AnkiDroid
#: ignores most of their attributes), counting designer opens in its own data folder.
PLUGIN_CODE = '''"""{name}: warns about <font> tags in card templates."""

import re

FONT = re.compile(r"<font\\b", re.I)
state = {{"opened": 0}}


class FontRule:
    code = "{id}.font-tag"
    description = "<font> tags are not styled the same on every Anki client"

    def check(self, notetype):
        found = []
        for number, template in enumerate(notetype.get("tmpls", [])):
            for side, key in (("front", "qfmt"), ("back", "afmt")):
                if FONT.search(template.get(key, "")):
                    found.append({{
                        "severity": "warning",
                        "code": self.code,
                        "message": "use CSS instead of <font> ({version})",
                        "card_type": number,
                        "side": side,
                    }})
        return found


def atd_register_services(context):
    context.log.info("{id} {version} started")


def atd_lints(context):
    return [FontRule()]


def atd_designer_opened(context, notetype_id):
    state["opened"] += 1
    files = context.capabilities.files
    count = int(files.read_text("opens.txt") or 0) if files.path("opens.txt").exists() else 0
    files.write_text("opens.txt", str(count + 1))
'''


def plugin_files(plugin_id: str, version: str = "1.0.0", **manifest: Any) -> dict[str, bytes]:
    name = manifest.pop("name", plugin_id.replace("-", " ").title())
    data = {
        "id": plugin_id,
        "name": name,
        "version": version,
        "sdk": ">=0.1,<2",
        "description": f"{name}: warns about <font> tags",
        "permissions": ["files"],
        **manifest,
    }
    code = PLUGIN_CODE.format(id=plugin_id, name=name, version=version)
    return {
        "plugin.json": json.dumps(data, indent=2).encode(),
        "plugin.py": code.encode(),
        "README.md": f"# {name}\n\nVersion {version}.\n".encode(),
        "rules/__init__.py": b"",
    }


def write_plugin(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def package_bytes(files: dict[str, bytes], root: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(root + name, data)
    return buffer.getvalue()


def _with_entry(files: dict[str, bytes], info: zipfile.ZipInfo, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        archive.writestr(info, data)
    return buffer.getvalue()


def _symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    info.create_system = 3
    return info, target.encode()


def _lying_size(files: dict[str, bytes]) -> bytes:
    """A zip whose headers say a file is 10 bytes; it unpacks to 5 MiB."""
    data = package_bytes({**files, "payload.bin": b"\0" * (5 * 1024 * 1024)})
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("payload.bin")
    patched = bytearray(data)
    ten = (10).to_bytes(4, "little")
    patched[info.header_offset + 22 : info.header_offset + 26] = ten  # local header
    offset = archive.start_dir
    while data[offset : offset + 4] == b"PK\x01\x02":  # central directory records
        name_length, extra, comment = (
            int.from_bytes(data[offset + n : offset + n + 2], "little") for n in (28, 30, 32)
        )
        if data[offset + 46 : offset + 46 + name_length] == b"payload.bin":
            patched[offset + 24 : offset + 28] = ten
        offset += 46 + name_length + extra + comment
    return bytes(patched)


def hostile_packages(plugin_id: str = "hostile-pack") -> dict[str, tuple[bytes, str]]:
    """Each hostile package with a phrase its refusal must contain."""
    good = plugin_files(plugin_id)
    many = {**good, **{f"data/{n}.txt": b"x" for n in range(2100)}}
    bomb = {**good, "bomb.bin": b"\0" * (60 * 1024 * 1024)}
    link, link_data = _symlink("evil-link", "/etc/passwd")
    bad_manifest = {**good, "plugin.json": json.dumps({"id": "Bad Id", "name": ""}).encode()}
    wrong_version = {
        **good,
        "plugin.json": json.dumps(
            {"id": plugin_id, "name": "x", "version": "one", "sdk": ">=1"}
        ).encode(),
    }
    return {
        "dotdot": (package_bytes({**good, "../escaped.py": b"print('out')"}), ".."),
        "absolute": (package_bytes({**good, "/tmp/atd-absolute.py": b"x"}), "absolute"),
        "backslash": (package_bytes({**good, "..\\win.py": b"x"}), "backslash"),
        "symlink": (_with_entry(good, link, link_data), "symbolic link"),
        "too-many-files": (package_bytes(many), "more than 2000"),
        "zip-bomb": (package_bytes(bomb), "more than 50 MiB"),
        "lying-size": (_lying_size(good), "cannot be unpacked"),
        "bad-manifest": (package_bytes(bad_manifest), "/id"),
        "bad-version": (package_bytes(wrong_version), "/version"),
        "builtin-id": (package_bytes(plugin_files("core")), "designer's own features"),
        "not-a-zip": (b"this is not a zip file at all", "not a plugin package"),
        "no-manifest": (package_bytes({"plugin.py": b""}), "no plugin.json"),
        "case-twins": (package_bytes({**good, "Plugin.py": b"x"}), "twice"),
    }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class MarketServer:
    """A real HTTP server on 127.0.0.1 serving what `publish` put in it; it records every
    path requested, can answer a path with a redirect, and can send a path slowly
    (`paced[path]` seconds after each 64 KiB, so a download's progress can be seen)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}
        self.paced: dict[str, float] = {}
        self.requested: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requested.append(self.path)
                if self.path in server.redirects:
                    self.send_response(302)
                    self.send_header("Location", server.redirects[self.path])
                    self.end_headers()
                    return
                body = server.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                pause = server.paced.get(self.path)
                if pause is None:
                    self.wfile.write(body)
                    return
                for start in range(0, len(body), 65536):
                    self.wfile.write(body[start : start + 65536])
                    self.wfile.flush()
                    time.sleep(pause)

            def log_message(self, *_args: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def publish(self, path: str, data: bytes) -> str:
        self.files[path] = data
        return self.base + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def index_payload(entries: list[dict[str, Any]], name: str = "Test marketplace") -> dict[str, Any]:
    return {"name": name, "packages": entries}


def entry_for(plugin_id: str, version: str, url: str, data: bytes, **extra: Any) -> dict[str, Any]:
    return {
        "id": plugin_id,
        "name": extra.pop("name", plugin_id.replace("-", " ").title()),
        "version": version,
        "url": url,
        "sha256": sha256(data),
        "size": len(data),
        "description": "A lint pack",
        **extra,
    }


#: A plugin that adds a bridge method (`<id>.hello`), to see the designer's allowlist
#: follow the plugins while it is open.
BRIDGE_PLUGIN_CODE = '''"""{name}: greets, through the bridge."""

from atd_sdk import Method, params


def atd_bridge_methods(context):
    def hello(request):
        return {{"greeting": "hello " + request["name"], "version": "{version}"}}

    return [Method("{id}.hello", hello, params({{"name": {{"type": "string"}}}}, ["name"]))]
'''


def bridge_plugin_files(plugin_id: str, version: str = "1.0.0") -> dict[str, bytes]:
    files = plugin_files(plugin_id, version, permissions=[f"bridge:{plugin_id}.hello"])
    code = BRIDGE_PLUGIN_CODE.format(id=plugin_id, name=plugin_id, version=version)
    return {**files, "plugin.py": code.encode()}


def flip_payload(index: bytes) -> bytes:
    """The signed index with one package's checksum changed after signing."""
    envelope = json.loads(index)
    payload = json.loads(base64.b64decode(envelope["payload"]))
    payload["packages"][0]["sha256"] = "0" * 64
    envelope["payload"] = base64.b64encode(json.dumps(payload).encode()).decode()
    return json.dumps(envelope).encode()
