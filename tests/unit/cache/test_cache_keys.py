import hashlib
import math
import subprocess
import sys

import pytest

from anki_template_designer.services.cache import canonical_json, make_key, stable_hash


def test_key_is_namespace_and_sha256_of_canonical_json():
    key = make_key("preview", {"b": [1, 2], "a": "é"}, 7)
    expected = hashlib.sha256('[{"a":"é","b":[1,2]},7]'.encode()).hexdigest()
    assert key == f"preview:{expected}"


def test_mapping_order_does_not_matter_but_values_do():
    assert stable_hash({"a": 1, "b": 2}) == stable_hash({"b": 2, "a": 1})
    assert stable_hash({"a": 1}) != stable_hash({"a": 2})
    assert stable_hash([1, True]) != stable_hash([1, 1])  # JSON keeps true and 1 apart
    assert make_key("preview", 1, 2) != make_key("preview", 2, 1)
    assert make_key("preview", 1) != make_key("render", 1)


def test_the_same_parts_give_the_same_key_in_another_process():
    draft = {"name": "Basic", "tmpls": [{"qfmt": "{{Front}}", "ord": 0}], "css": ".card{}"}
    code = (
        "from anki_template_designer.services.cache import make_key, stable_hash;"
        f"print(make_key('preview', stable_hash({draft!r}), 1234, 0, {{'night': True}}))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert other == make_key("preview", stable_hash(draft), 1234, 0, {"night": True})


@pytest.mark.parametrize(
    "part",
    [math.nan, math.inf, {1: "int key"}, {"x", "y"}, object(), b"bytes"],
    ids=["nan", "inf", "int-key", "set", "object", "bytes"],
)
def test_values_without_a_canonical_json_form_are_refused(part):
    with pytest.raises((TypeError, ValueError)):
        make_key("preview", part)


@pytest.mark.parametrize("namespace", ["", "a:b", "pre*", "x?", "[x]"])
def test_namespaces_that_would_break_pattern_invalidation_are_refused(namespace):
    with pytest.raises(ValueError):
        make_key(namespace, 1)


def test_canonical_json_is_compact_and_sorted():
    assert canonical_json({"b": 1, "a": [None, 1.5]}) == '{"a":[null,1.5],"b":1}'
