"""The corpus of real-world and hostile templates every tier round-trips
(tests/corpus/templates: .html template sides and .css note type styling)."""

from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus" / "templates"


def corpus_files(*suffixes: str) -> list[Path]:
    """The corpus files with these suffixes (default: templates and CSS), sorted."""
    wanted = suffixes or (".html", ".css")
    return sorted(p for p in CORPUS.iterdir() if p.suffix in wanted)
