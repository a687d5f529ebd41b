"""The S3 remote against a real S3 server (moto, 127.0.0.1): SigV4 accepted, write-once
creates, conditional head writes (412 → RemoteChanged), paged listings, retries."""

import pytest
import requests

from anki_template_designer.services.backup.folder_backend import BackendError, RemoteChanged


def test_files_round_trip_with_hostile_bytes_and_names(s3_remote):
    data = bytes(range(256)) * 40
    assert s3_remote.create("objects/ab/ab cd+é%", data)
    assert not s3_remote.create("objects/ab/ab cd+é%", b"other")  # write-once
    assert s3_remote.read("objects/ab/ab cd+é%") == data
    assert s3_remote.size("objects/ab/ab cd+é%") == len(data)
    assert s3_remote.read_range("objects/ab/ab cd+é%", 10, 5) == data[10:15]
    assert s3_remote.size("objects/missing") == -1 and not s3_remote.exists("objects/missing")
    with pytest.raises(BackendError, match="no such file"):
        s3_remote.read("objects/missing")
    for name in ("../x", "/x", "a//b", ""):
        with pytest.raises(BackendError):
            s3_remote.create(name, b"x")
    s3_remote.delete("objects/ab/ab cd+é%")
    assert not s3_remote.exists("objects/ab/ab cd+é%")


def test_listing_pages_and_keeps_to_its_prefix(s3_remote):
    names = [f"packs/{n:04d}" for n in range(23)]
    for name in reversed(names):
        s3_remote.create(name, b"x")
    s3_remote.create("packsother/x", b"x")
    s3_remote.page_size = 5  # five pages, the last one short
    assert s3_remote.list("packs") == names
    assert s3_remote.list("nothing") == []


def test_head_ref_compare_and_swap(s3_remote):
    assert s3_remote.read_tagged("refs/head") is None
    tag = s3_remote.replace_if("refs/head", b"one", None)
    with pytest.raises(RemoteChanged):
        s3_remote.replace_if("refs/head", b"lost", None)
    assert s3_remote.read_tagged("refs/head") == (b"one", tag)
    new = s3_remote.replace_if("refs/head", b"two", tag)
    with pytest.raises(RemoteChanged):
        s3_remote.replace_if("refs/head", b"stale", tag)
    assert s3_remote.read_tagged("refs/head") == (b"two", new)


@pytest.mark.parametrize("token", [None, "session-token"])
def test_signature_matches_botocores_signer(token, monkeypatch):
    """Our SigV4 against botocore's (the reference implementation), same request and time."""
    from datetime import datetime, timezone

    import botocore.auth
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    from anki_template_designer.services.sync.remotes.sigv4 import sign

    now = datetime(2026, 12, 4, 3, 0, 0, tzinfo=timezone.utc)
    body = b"payload \x00\xff"
    ours = sign(
        "PUT",
        "h:9000",
        "/b/p/é x+y",
        {"list-type": "2", "prefix": "a b/"},
        body,
        "AK",
        "SK",
        "eu-west-1",
        token,
        now,
    )
    request = AWSRequest(
        "PUT",
        "http://h:9000/b/p/%C3%A9%20x%2By?list-type=2&prefix=a%20b%2F",
        data=body,
        headers={"x-amz-content-sha256": ours["x-amz-content-sha256"]},
    )
    signer = S3SigV4Auth(Credentials("AK", "SK", token), "s3", "eu-west-1")
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: now)
    signer.add_auth(request)
    assert ours["Authorization"] == request.headers["Authorization"]


class _Flaky:
    """Answers the first `fail` requests with a 500 or a timeout, then passes to the
    real session (the fault is at the network edge; the server is real)."""

    def __init__(self, real, fail, kind):
        self.real, self.fail, self.kind, self.calls = real, fail, kind, 0

    def request(self, *args, **kwargs):
        self.calls += 1
        if self.calls <= self.fail:
            if self.kind == "timeout":
                raise requests.Timeout("read timed out")
            response = requests.Response()
            response.status_code = 500
            response._content = b"<Error><Code>InternalError</Code></Error>"
            return response
        return self.real.request(*args, **kwargs)


@pytest.mark.parametrize("kind", ["500", "timeout"])
def test_server_failures_are_retried_then_reported(s3_remote, kind):
    slept = []
    s3_remote._sleep = slept.append
    s3_remote._session = _Flaky(s3_remote._session, 2, kind)
    assert s3_remote.create("objects/a", b"a")
    assert len(slept) == 2 and slept[1] > slept[0]  # backoff grows
    s3_remote._session = _Flaky(s3_remote._session.real, 99, kind)
    with pytest.raises(BackendError, match="failed after 5 tries"):
        s3_remote.replace_if("refs/head", b"x", None)
    s3_remote._session = s3_remote._session.real
    assert s3_remote.read_tagged("refs/head") is None  # nothing half-written


class _LostAnswer:
    """Sends the first request for real, then loses its answer (a timeout after it landed)."""

    def __init__(self, real):
        self.real, self.calls = real, 0

    def request(self, *args, **kwargs):
        self.calls += 1
        response = self.real.request(*args, **kwargs)
        if self.calls == 1:
            raise requests.Timeout("answer lost")
        return response


def test_a_lost_answer_to_a_head_write_reads_back_as_our_own(s3_remote):
    tag = s3_remote.replace_if("refs/head", b"one", None)
    s3_remote._sleep = lambda seconds: None
    s3_remote._session = _LostAnswer(s3_remote._session)
    with pytest.raises(RemoteChanged):  # the retry finds the tag moved: by our own write
        s3_remote.replace_if("refs/head", b"two", tag)
    s3_remote._session = s3_remote._session.real
    assert s3_remote.read_tagged("refs/head")[0] == b"two"  # nothing lost, nothing doubled
