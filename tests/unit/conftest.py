import pytest
from anki.collection import Collection


@pytest.fixture
def col(tmp_path):
    """A real, empty Anki collection (with the stock note types)."""
    collection = Collection(str(tmp_path / "collection.anki2"))
    yield collection
    collection.close()
