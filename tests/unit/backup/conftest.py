"""A real repository on a real folder, unlocked with a real device key file."""

import pytest

from anki_template_designer.services.backup.keys import DeviceKey
from anki_template_designer.services.backup.repository import Repository
from anki_template_designer.services.notetype_files import all_notetypes, notetypes_as_files


@pytest.fixture
def device(tmp_path):
    return DeviceKey.load_or_create(tmp_path / "device.key")


@pytest.fixture
def repository(tmp_path, device):
    return Repository.init(tmp_path / "repo", device)[0]


@pytest.fixture
def files(col):
    """The note types of a fresh collection, as the files a snapshot holds."""
    return notetypes_as_files(all_notetypes(col))
