import pytest

from anki_template_designer.services.presets import PresetService, PresetStore
from anki_template_designer.services.presets.gallery import shipped_gallery
from fake_clock import FakeClock


@pytest.fixture
def clock():
    return FakeClock(1_780_000_000.0)


@pytest.fixture
def presets_dir(tmp_path):
    return tmp_path / "user_files" / "presets"


@pytest.fixture
def store(presets_dir, clock):
    return PresetStore(presets_dir, clock=clock)


@pytest.fixture
def service(presets_dir, clock, col):
    gallery = shipped_gallery()
    store = PresetStore(presets_dir, reserved_names=[p.name for p in gallery], clock=clock)
    return PresetService(store, gallery, collection=lambda: col)
