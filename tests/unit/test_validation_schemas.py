"""Schemas are checked against the metaschema once per text, and a bad one is never let through."""

import pytest
from jsonschema.exceptions import SchemaError

from anki_template_designer.services.validation import SchemaValidator


def test_a_bad_schema_is_refused_every_time():
    for _ in range(2):
        with pytest.raises(SchemaError):
            SchemaValidator({"type": "no-such-type"})


def test_a_good_schema_checked_once_still_validates_each_time():
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    first, second = SchemaValidator(schema), SchemaValidator(dict(schema))
    for validator in (first, second):
        assert validator.problems({"n": 1}) == []
        assert [p.path for p in validator.problems({"n": "x"})] == ["/n"]
        assert validator.problems({}) and validator.problems({})[0].message
