"""The sync remotes' real test servers, each started once per test session on 127.0.0.1:
moto's S3 server (ThreadedMotoServer)."""

from __future__ import annotations

import secrets

import pytest

from anki_template_designer.services.sync.remotes.s3 import S3Remote


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_remote(s3_endpoint):
    """A fresh bucket per test (cheap on moto), with a prefix like a user's."""
    bucket = f"atd-{secrets.token_hex(4)}"
    remote = S3Remote(s3_endpoint, bucket, "sync/repo", "testing", "testing", backoff=0.001)
    response = remote._request("PUT", None)
    assert response.status_code == 200, response.text
    return remote


@pytest.fixture(scope="session")
def webdav_root(tmp_path_factory):
    """A real wsgidav server on cheroot, 127.0.0.1, anonymous, over a temporary folder."""
    import threading

    from cheroot import wsgi
    from wsgidav.wsgidav_app import WsgiDAVApp

    root = tmp_path_factory.mktemp("webdav")
    config = {
        "host": "127.0.0.1",
        "port": 0,
        "provider_mapping": {"/dav": str(root)},
        "simple_dc": {"user_mapping": {"*": True}},
        "verbose": 0,
        "logging": {"enable": False},
    }
    server = wsgi.Server(("127.0.0.1", 0), WsgiDAVApp(config))
    server.prepare()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.bind_addr[1]}/dav"
    server.stop()


@pytest.fixture
def webdav_remote(webdav_root):
    from anki_template_designer.services.sync.remotes.webdav import WebDavRemote

    root, url = webdav_root
    folder = f"repo-{secrets.token_hex(4)}"
    (root / folder).mkdir()
    return WebDavRemote(f"{url}/{folder}", backoff=0.001)


@pytest.fixture
def machines(request, tmp_path):
    """Two machines syncing through one remote: a folder (file://), or the moto S3 server
    when a test asks (``@pytest.mark.parametrize("machines", ["s3"], indirect=True)``)."""
    from sync_machines import two_machines

    from anki_template_designer.services.backup.folder_backend import FolderBackend

    kind = getattr(request, "param", "folder")
    if kind == "folder":
        remotes = FolderBackend(tmp_path / "remote"), FolderBackend(tmp_path / "remote")
    elif kind == "webdav":
        from anki_template_designer.services.sync.remotes.webdav import WebDavRemote

        first = request.getfixturevalue("webdav_remote")
        remotes = first, WebDavRemote(first.url, backoff=0.001)
    else:
        first = request.getfixturevalue("s3_remote")
        second = S3Remote(
            first.endpoint, first.bucket, first.prefix, "testing", "testing", backoff=0.001
        )
        remotes = first, second
    a, b = two_machines(tmp_path, *remotes)
    yield a, b
    for machine in (a, b):
        machine.col.close()
