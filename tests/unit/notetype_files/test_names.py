"""Safe file names are reversible, unique under case folding and accepted everywhere."""

import re

from hypothesis import given
from hypothesis import strategies as st

from anki_template_designer.services.notetype_files.names import (
    MAX_LENGTH,
    file_name_for,
    name_from_file_name,
)

WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\.|$)", re.IGNORECASE)


def assert_safe(file_name: str) -> None:
    assert file_name and len(file_name) <= MAX_LENGTH
    assert file_name.isascii()
    assert not WINDOWS_FORBIDDEN.search(file_name)
    assert not file_name.startswith(".") and not file_name.endswith((".", " "))
    assert not RESERVED.match(file_name)


@given(st.text(max_size=60))
def test_any_name_becomes_a_safe_file_name_that_reads_back(name):
    file_name = file_name_for(name)
    assert_safe(file_name)
    if "~~" in file_name:  # cut to MAX_LENGTH: unique, not reversible (documented)
        assert name_from_file_name(file_name) is None
        return
    assert name_from_file_name(file_name) == name
    # a disk that loses case (FAT, some network shares) still reads back exactly
    assert name_from_file_name(file_name.lower()) == name


@given(st.text(max_size=30), st.text(max_size=30))
def test_names_that_differ_only_in_case_never_share_a_folder(first, second):
    if first != second:
        assert file_name_for(first).lower() != file_name_for(second).lower()


def test_real_names_stay_readable():
    assert file_name_for("basic") == "basic"
    assert file_name_for("Basic") == "Basic~1"
    assert file_name_for("Basic (and reversed card)").startswith("Basic (and reversed card)")
    assert file_name_for("AnKing/Overhaul") == "AnKing%2fOverhaul~205"
    assert file_name_for("日本語").startswith("%e6%97%a5")


def test_hostile_names_are_escaped():
    for name in ["..", ".", "CON", "nul.txt", "com1", "a.", "a ", "~1", "x%2f", "a\x00b", "\ud800"]:
        assert_safe(file_name_for(name))
        assert name_from_file_name(file_name_for(name)) == name


def test_long_names_are_cut_and_stay_unique():
    long_a, long_b = "a" * 300, "a" * 299 + "b"
    assert len(file_name_for(long_a)) <= MAX_LENGTH
    assert file_name_for(long_a) != file_name_for(long_b)
    assert name_from_file_name(file_name_for(long_a)) is None  # the name is in notetype.json


def test_file_names_that_are_not_ours_read_as_none():
    for file_name in ["a~zz", "a%4", "a%ZZ", "a~1~2", "ab~ff", "x~~1"]:
        assert name_from_file_name(file_name) is None
