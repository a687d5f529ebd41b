import anki.lang
import pytest
from anki.collection import Collection

# Inside Anki the UI language is set at start-up; pylib's strip_html needs it.
anki.lang.set_lang("en_US")


@pytest.fixture
def col(tmp_path):
    """A real, empty Anki collection (with the stock note types)."""
    collection = Collection(str(tmp_path / "collection.anki2"))
    yield collection
    if collection.db is not None:
        collection.close()
