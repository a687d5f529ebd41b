"""First-run guidance: the tour is remembered in user_files (atomically, damaged files
count as unseen), and the bridge methods record it and open the user guide."""

import json

import pytest

from anki_template_designer.features.onboarding.methods import onboarding_methods, user_guide_url
from anki_template_designer.gui.bridge import Dispatcher
from anki_template_designer.sdk.protocol import PREFIX
from anki_template_designer.sdk.testing import plain_hosts
from anki_template_designer.services.onboarding import OnboardingState
from anki_template_designer.services.paths import AddonPaths
from anki_template_designer.services.registry import Registry


@pytest.fixture
def state(tmp_path):
    return OnboardingState(tmp_path / "user_files" / "onboarding.json", clock=lambda: 1000.4)


def test_nothing_is_seen_at_first_and_a_skip_is_remembered_across_instances(state):
    assert state.state() == {"designer-tour": False}
    state.mark_seen("designer-tour", "skipped")
    assert state.seen("designer-tour")
    again = OnboardingState(state.path)
    assert again.state() == {"designer-tour": True}
    assert json.loads(state.path.read_text()) == {
        "version": 1,
        "seen": {"designer-tour": {"at": 1000, "outcome": "skipped"}},
    }
    state.reset("designer-tour")
    assert not OnboardingState(state.path).seen("designer-tour")


@pytest.mark.parametrize(
    "content", [b"{not json", b"[]", b'{"seen": 5}', b'{"seen": {"other": 1}}', b"\xff\xfe"]
)
def test_a_damaged_or_foreign_file_counts_as_unseen_and_is_replaced(state, content):
    state.path.parent.mkdir(parents=True)
    state.path.write_bytes(content)
    assert state.state() == {"designer-tour": False}
    state.mark_seen("designer-tour", "finished")
    assert OnboardingState(state.path).seen("designer-tour")


def test_unknown_guides_and_outcomes_are_refused(state):
    with pytest.raises(ValueError, match="unknown guide"):
        state.mark_seen("anything", "skipped")
    with pytest.raises(ValueError, match="unknown outcome"):
        state.mark_seen("designer-tour", "maybe")
    assert not state.path.exists()


def test_a_failed_write_leaves_the_old_file(state, monkeypatch):
    state.mark_seen("designer-tour", "skipped")
    before = state.path.read_bytes()

    def full_disk(_fd, _data):
        raise OSError(28, "No space left on device")

    import anki_template_designer.services.presets.atomic as atomic

    original = atomic.write_atomically
    monkeypatch.setattr(
        "anki_template_designer.services.onboarding.write_atomically",
        lambda path, data: original(path, data, write=full_disk),
    )
    with pytest.raises(OSError, match="No space"):
        state.mark_seen("designer-tour", "finished")
    assert state.path.read_bytes() == before
    assert [p.name for p in state.path.parent.iterdir()] == ["onboarding.json"]


@pytest.fixture
def bridge(state, tmp_path):
    registry = Registry()
    registry.register_value(OnboardingState, state)
    addon = tmp_path / "addon"
    addon.mkdir()
    (addon / "manifest.json").write_text(
        json.dumps({"name": "X", "homepage": "https://example.org/addon#old"})
    )
    registry.register_value(AddonPaths, AddonPaths(addon))
    host = plain_hosts(registry)
    dispatcher = Dispatcher(onboarding_methods(registry), lambda _m: None)
    counter = iter(range(1, 1000))

    def call(method, params=None):
        message = {"v": 1, "id": next(counter), "method": method, "params": params or {}}
        return dispatcher.handle(PREFIX + json.dumps(message))

    call.host = host
    call.dispatcher = dispatcher
    return call


def test_the_bridge_methods(bridge, state):
    assert bridge("onboarding.state")["result"] == {"designer-tour": False}
    assert bridge("onboarding.done", {"guide": "designer-tour", "outcome": "skipped"})["ok"]
    assert bridge("onboarding.state")["result"] == {"designer-tour": True}
    assert "onboarding.reset" not in bridge.dispatcher.method_names  # the page never resets
    reply = bridge("help.open")
    assert reply["result"] == {"url": "https://example.org/addon#user-guide"}
    assert bridge.host.opened == ["https://example.org/addon#user-guide"]


@pytest.mark.parametrize(
    ("method", "params", "path"),
    [
        ("onboarding.done", {"guide": "x", "outcome": "skipped"}, "/guide"),
        ("onboarding.done", {"guide": "designer-tour", "outcome": "later"}, "/outcome"),
        ("onboarding.done", {"guide": "designer-tour"}, ""),
        ("help.open", {"url": "https://evil.example"}, ""),
    ],
)
def test_params_are_checked(bridge, method, params, path):
    reply = bridge(method, params)
    assert reply["ok"] is False and reply["error"]["code"] == "invalid_params"
    assert any(d["path"] == path for d in reply["error"]["details"]), reply


def test_user_guide_url():
    assert user_guide_url("https://ankiweb.net/shared/addons") == (
        "https://ankiweb.net/shared/addons#user-guide"
    )
