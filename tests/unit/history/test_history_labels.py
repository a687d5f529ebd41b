"""Labels on history commits: annotated git tags that real `git` reads, any text kept as
text, one label per text and commit, and removable."""

import pytest
from git_helpers import fsck, git

from anki_template_designer.services.history import HistoryError, NoteTypeHistory


def test_labels_are_git_tags_with_the_text_kept(tmp_path, col):
    repo = tmp_path / "h.git"
    history = NoteTypeHistory(repo, "User 1")
    nt = dict(col.models.by_name("Basic"))
    first = history.record(nt)
    nt["css"] += "\n.x{}\n"
    second = history.record(nt)
    hostile = "before the <b>redesign</b> ../../HEAD 🎨 refs/heads/main"
    assert history.label(first, "  before   the redesign ") == "before the redesign"
    assert history.label(first, "before the redesign") == "before the redesign"  # once
    assert history.label(second[:8], hostile) == hostile
    assert history.labels() == {first: ["before the redesign"], second: [hostile]}
    tags = git(repo, "tag", "-n1").stdout.splitlines()
    assert len(tags) == 2 and any(line.endswith("before the redesign") for line in tags)
    for line in tags:  # each tag's ref resolves to its own commit in real git
        name = line.split()[0]
        target = git(repo, "rev-parse", f"{name}^{{commit}}").stdout.strip()
        assert target in (first, second) and "/" not in name
    assert git(repo, "rev-parse", "main").stdout.strip() == second  # branches untouched
    assert fsck(repo).returncode == 0, fsck(repo).stderr
    assert history.unlabel(first, "before the redesign") is True
    assert history.unlabel(first, "before the redesign") is False
    assert history.labels() == {second: [hostile]}


def test_a_tag_made_with_git_is_a_label_and_bad_labels_are_refused(tmp_path, col):
    repo = tmp_path / "h.git"
    history = NoteTypeHistory(repo, "p")
    sha = history.record(dict(col.models.by_name("Basic")))
    git(repo, "tag", "v1", sha)
    git(repo, "tag", "-a", "v2", "-m", "shipped to the class", sha)
    assert history.labels() == {sha: ["shipped to the class", "v1"]}
    for bad in ("", "   ", "x" * 121):
        with pytest.raises(HistoryError):
            history.label(sha, bad)
    with pytest.raises(HistoryError):
        history.label("deadbeef", "nowhere")
