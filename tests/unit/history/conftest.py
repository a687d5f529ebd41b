"""Real git servers on 127.0.0.1, started once per test session (git_servers.py), and a
real registry with the default plugins over a test collection."""

import pytest
from git_servers import GitDaemon, GitHttpServer

from anki_template_designer.sdk.testing import plain_hosts
from anki_template_designer.services.bootstrap import build_registry
from anki_template_designer.services.config import MemoryConfigStore
from anki_template_designer.services.tasks import ThreadRunner


@pytest.fixture
def registry(addon_paths, col):
    built = build_registry(
        paths=addon_paths,
        config_store=MemoryConfigStore(),
        collection=lambda: col,
        logger_name="atd_history_feature",
        task_runner=ThreadRunner(name="atd_history_feature"),
    )
    plain_hosts(built)
    yield built
    built.close()


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The folder both servers serve, the git daemon and the HTTP server."""
    root = tmp_path_factory.mktemp("git-served")
    daemon, http = GitDaemon(root), GitHttpServer(root)
    yield root, daemon, http
    daemon.stop()
    http.stop()
