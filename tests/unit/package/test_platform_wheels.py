"""The package carries pycryptodomex for every platform Anki ships on, pinned by hash, and
the add-on loads the copy built for the machine it runs on (DESIGN.md §8)."""

import ast
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from anki_template_designer.services import cryptodome
from package import BUDGET_BYTES, OverBudget, build_zip, check_budget, part_of, size_report
from platform_wheels import CACHE, PLATFORMS, REQUIREMENTS, WheelError, fetch, pinned

LIBRARY_SUFFIXES = (".so", ".pyd", ".dylib")


@pytest.fixture(scope="module")
def ankiaddon(tmp_path_factory):
    return build_zip(tmp_path_factory.mktemp("dist") / "anki_template_designer.ankiaddon")


def test_every_platform_has_its_own_compiled_library_in_the_package(ankiaddon):
    names = zipfile.ZipFile(ankiaddon).namelist()
    for platform in PLATFORMS:
        inside = [n for n in names if n.startswith(f"_vendor/{platform}/Cryptodome/")]
        libraries = [n for n in inside if n.endswith(LIBRARY_SUFFIXES)]
        assert f"_vendor/{platform}/__init__.py" in names
        assert f"_vendor/{platform}/Cryptodome/Cipher/AES.py" in inside, platform
        assert libraries, f"{platform} has no compiled library"
        wanted = ".pyd" if platform.startswith("win") else ".so"
        assert all(n.endswith(wanted) for n in libraries), (platform, libraries[:3])
        assert not [n for n in inside if "/SelfTest/" in n or n.endswith(".pyi")]


def test_the_vendored_copies_import_each_other_relatively(ankiaddon):
    # Inside Anki the add-on is imported under a number: an absolute `Cryptodome` import
    # would find some other add-on's copy, or none.
    archive = zipfile.ZipFile(ankiaddon)
    for name in archive.namelist():
        if name.startswith("_vendor/win_amd64/") and name.endswith(".py"):
            for node in ast.walk(ast.parse(archive.read(name))):
                if isinstance(node, ast.Import):
                    assert not [a for a in node.names if a.name.startswith("Cryptodome")], name
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    assert not (node.module or "").startswith("Cryptodome"), name


def test_the_running_platform_loads_its_own_copy_and_it_encrypts():
    folder = cryptodome.platform_folder()
    assert folder in PLATFORMS, f"this machine ({sys.platform}) has no shipped folder"
    aes = cryptodome.cryptodome("Cipher.AES")
    assert aes is not None
    assert aes.__name__ == f"anki_template_designer._vendor.{folder}.Cryptodome.Cipher.AES"
    key = bytes(range(32))
    sealed = aes.new(key, aes.MODE_GCM)
    text, tag = sealed.encrypt_and_digest(b"attack at dawn")
    opened = aes.new(key, aes.MODE_GCM, nonce=sealed.nonce)
    assert opened.decrypt_and_verify(text, tag) == b"attack at dawn"
    with pytest.raises(ValueError, match="MAC check failed"):
        aes.new(key, aes.MODE_GCM, nonce=sealed.nonce).decrypt_and_verify(text, bytes(16))


def test_the_runtime_knows_exactly_the_platforms_the_build_ships():
    assert cryptodome.known_platform_folders() == frozenset(PLATFORMS)


@pytest.mark.parametrize(
    ("system", "machine", "folder"),
    [
        ("win32", "AMD64", "win_amd64"),
        ("win32", "ARM64", "win_arm64"),
        ("darwin", "arm64", "macosx_arm64"),
        ("darwin", "x86_64", "macosx_x86_64"),
        ("linux", "x86_64", "manylinux_x86_64"),
        ("linux", "aarch64", "manylinux_aarch64"),
        ("linux", "riscv64", None),
        ("freebsd14", "amd64", None),
        ("win32", "x86", None),
    ],
)
def test_each_platform_maps_to_its_folder_or_to_none(system, machine, folder):
    assert cryptodome.platform_folder(system, machine) == folder


def test_where_no_copy_fits_the_features_that_need_it_say_so(monkeypatch):
    monkeypatch.setattr(cryptodome.platform, "machine", lambda: "riscv64")
    monkeypatch.setattr(cryptodome.sys, "platform", "linux")
    reason = cryptodome.unavailable_reason()
    assert "linux/riscv64" in reason and "x86-64 and ARM64" in reason
    from anki_template_designer.services.backup import CryptoUnavailable

    assert "linux/riscv64" in str(CryptoUnavailable())


def test_a_damaged_copy_is_reported_as_missing_not_as_a_traceback(tmp_path, monkeypatch):
    # A half-finished update: the folder is there, its compiled library is not.
    fake = tmp_path / "broken_pkg"
    (fake / "_vendor" / "manylinux_x86_64" / "Cryptodome" / "Cipher").mkdir(parents=True)
    for init in ("", "_vendor", "_vendor/manylinux_x86_64"):
        (fake / init / "__init__.py").write_text("")
    (fake / "_vendor/manylinux_x86_64/Cryptodome/__init__.py").write_text("")
    (fake / "_vendor/manylinux_x86_64/Cryptodome/Cipher/__init__.py").write_text("")
    (fake / "_vendor/manylinux_x86_64/Cryptodome/Cipher/AES.py").write_text(
        "raise OSError('cannot load _raw_aes.abi3.so')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(cryptodome, "_VENDOR", "broken_pkg._vendor")
    monkeypatch.setattr(cryptodome, "platform_folder", lambda: "manylinux_x86_64")
    module = cryptodome.cryptodome("Cipher.AES")
    # Falls back to an installed Cryptodome (the dev venv has one), never raises.
    assert module is None or module.__name__ == "Cryptodome.Cipher.AES"
    assert "manylinux_x86_64" in cryptodome.unavailable_reason()


def test_the_pins_have_a_hash_for_each_platform_and_the_cache_holds_matching_wheels():
    specs, hashes = pinned()
    assert specs == ["pycryptodomex==3.24.2"]
    assert len(hashes) == len(PLATFORMS)
    for platform in PLATFORMS:
        (wheel,) = fetch(platform)
        assert wheel.parent == CACHE / platform
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() in hashes
        assert "-abi3-" in wheel.name


def test_unpinned_or_unhashed_requirements_are_refused(tmp_path):
    loose = tmp_path / "loose.txt"
    loose.write_text("pycryptodomex>=3 --hash=sha256:" + "0" * 64 + "\n")
    with pytest.raises(WheelError, match="not pinned"):
        pinned(loose)
    bare = tmp_path / "bare.txt"
    bare.write_text("pycryptodomex==3.24.2\n")
    with pytest.raises(WheelError, match="no --hash"):
        pinned(bare)


def test_a_wheel_whose_hash_is_not_pinned_is_neither_used_nor_downloaded(tmp_path):
    # The cache holds the real wheel, but the pins name another hash: the cached file is
    # ignored and pip's own hash check refuses the download.
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("pycryptodomex==3.24.2 --hash=sha256:" + "ab" * 32 + "\n")
    cache = tmp_path / "cache"
    (cache / "win_amd64").mkdir(parents=True)
    (real,) = fetch("win_amd64")
    (cache / "win_amd64" / real.name).write_bytes(real.read_bytes())
    with pytest.raises(subprocess.CalledProcessError):
        fetch("win_amd64", wrong, cache)


def test_the_package_prints_its_size_per_part_and_stays_within_budget(ankiaddon):
    report = size_report(ankiaddon)
    for platform in PLATFORMS:
        assert f"_vendor/{platform}" in report
    assert "web" in report and "total (.ankiaddon)" in report
    assert ankiaddon.stat().st_size <= BUDGET_BYTES
    check_budget(ankiaddon)
    with pytest.raises(OverBudget, match=r"over the 1\.00 MB budget"):
        check_budget(ankiaddon, budget=1_000_000)


def test_parts_are_top_folders_and_vendored_subfolders():
    assert part_of("_vendor/win_arm64/Cryptodome/Cipher/AES.py") == "_vendor/win_arm64"
    assert part_of("web/dist/index.html") == "web"
    assert part_of("manifest.json") == "(top-level files)"


def test_the_requirements_file_is_the_one_the_build_reads():
    assert REQUIREMENTS == Path(__file__).resolve().parents[3] / "requirements-compiled.txt"
