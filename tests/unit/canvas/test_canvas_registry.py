"""The canvas service as the add-on builds it: from the registry, on the profile's
collection."""

import copy

from anki_template_designer.services.bootstrap import build_registry
from anki_template_designer.services.canvas import CanvasService
from anki_template_designer.services.canvas.display import DisplayRequest
from anki_template_designer.services.config import MemoryConfigStore
from anki_template_designer.services.tasks import ThreadRunner
from collection_helpers import add_note


def test_the_registry_builds_a_canvas_service_that_reaches_the_collection(addon_paths, col):
    registry = build_registry(
        paths=addon_paths,
        config_store=MemoryConfigStore(),
        collection=lambda: col,
        logger_name="atd_canvas_registry",
        task_runner=ThreadRunner(name="atd_canvas_registry"),
    )
    try:
        service = registry.get(CanvasService)
        assert registry.get(CanvasService) is service
        note = add_note(col, "Basic", "front text", "back text")
        draft = copy.deepcopy(col.models.by_name("Basic"))
        found = service.display(draft, DisplayRequest(tags=("{{Front}}",)))
        assert found["noteId"] == note.id
        assert found["fragments"] == {"{{Front}}": [{"t": "text", "text": "front text"}]}
        tree = service.tree({"c0.front": draft["tmpls"][0]["qfmt"]})["c0.front"]
        assert [n["t"] for n in tree["nodes"]] == ["field"]
    finally:
        registry.close()
