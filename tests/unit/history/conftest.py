"""Real git servers on 127.0.0.1, started once per test session (git_servers.py)."""

import pytest
from git_servers import GitDaemon, GitHttpServer


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The folder both servers serve, the git daemon and the HTTP server."""
    root = tmp_path_factory.mktemp("git-served")
    daemon, http = GitDaemon(root), GitHttpServer(root)
    yield root, daemon, http
    daemon.stop()
    http.stop()
