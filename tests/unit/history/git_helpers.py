"""The real `git` program reading our history repositories."""

import subprocess


def git(repo, *args, check=True):
    result = subprocess.run(
        ["git", "--git-dir", str(repo), *args], capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {result.stderr}")
    return result


def fsck(repo):
    return git(repo, "fsck", "--strict", "--no-dangling", check=False)
