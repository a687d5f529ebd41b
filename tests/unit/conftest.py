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


@pytest.fixture
def feature_setup(tmp_path, col):
    """A real registry over `col` with plain hosts, and the real dispatcher as a Bridge."""
    from anki_template_designer.sdk.testing import Bridge, plain_hosts, registry_for
    from anki_template_designer.services.plugins import PluginManager

    registry = registry_for(tmp_path, collection=lambda: col)
    plain_hosts(registry)
    bridge = Bridge(registry.get(PluginManager).bridge_methods())
    yield registry, bridge, col
    registry.close()
