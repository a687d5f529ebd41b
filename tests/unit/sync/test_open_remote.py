"""Remote URLs: each scheme opens its backend; malformed ones are refused by name."""

import pytest

from anki_template_designer.services.backup.folder_backend import BackendError, FolderBackend
from anki_template_designer.services.sync.remotes import open_remote
from anki_template_designer.services.sync.remotes.s3 import S3Remote
from anki_template_designer.services.sync.remotes.webdav import WebDavRemote

KEYS = {"AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK"}


def test_each_scheme(tmp_path):
    folder = open_remote(f"file://{tmp_path}/my%20repo", {})
    assert isinstance(folder, FolderBackend) and folder.root == tmp_path / "my repo"
    s3 = open_remote("s3://bucket/some/prefix", {**KEYS, "AWS_REGION": "eu-west-3"})
    assert isinstance(s3, S3Remote)
    assert (s3.endpoint, s3.bucket, s3.prefix) == (
        "https://s3.eu-west-3.amazonaws.com", "bucket", "some/prefix")  # fmt: skip
    local = open_remote("s3://b", KEYS, s3_endpoint="http://127.0.0.1:9")
    assert local.endpoint == "http://127.0.0.1:9"  # type: ignore[attr-defined]
    dav = open_remote("webdavs://host:8443/remote.php/dav", {"ATD_WEBDAV_USER": "me"})
    assert isinstance(dav, WebDavRemote) and dav.url == "https://host:8443/remote.php/dav"
    assert repr(dav) == "WebDavRemote('https://host:8443/remote.php/dav')"


@pytest.mark.parametrize(
    ("url", "env", "says"),
    [
        ("ftp://x/y", {}, "file://, webdav://"),
        ("file://elsewhere/x", {}, "local folder"),
        ("s3:///prefix", KEYS, "no bucket"),
        ("s3://bucket/p", {}, "AWS_ACCESS_KEY_ID"),
        ("webdav:///x", {}, "no server"),
        ("s3://b/p", {**KEYS, "AWS_ENDPOINT_URL": "ftp://x"}, "http(s) S3 endpoint"),
    ],
)
def test_malformed_urls_are_refused_by_name(url, env, says):
    with pytest.raises(BackendError, match=says.replace("(", r"\(").replace(")", r"\)")):
        open_remote(url, env)
