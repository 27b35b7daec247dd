"""Validator rules for front matter: YAML syntax and the front-matter schema, located at the offending key."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT  # and scripts/ on sys.path
from validator.checks import problems_of
from validator.front_matter import SchemaFileError, as_json, load_schema
from validator_project import index_problems, make_project, problems

VALID = "---\ntitle: T\ndescription: D\ndate: 2022-11-08\n---\n\n# T\n"


def test_valid_front_matter_passes(tmp_path: Path) -> None:
    text = VALID.replace("date: 2022-11-08\n", "date: 2022-11-08\nupdated: '2022-11-09'\ntags: [battle, looting]\n"
                         "people: [Someone]\n")
    assert index_problems(tmp_path, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("# No front matter\n",
     (1, 1, "missing-field", "the page has no front matter: start it with a '---' line, title, description, date, "
                             "and a '---' line")),
    ("---\ntitle: T\ndate: 2022-11-08\n---\n",
     (1, 1, "missing-field", "the front matter has no 'description': add 'description: ...' between the --- lines")),
    ("---\ntitle: a: b\ndescription: D\ndate: 2022-11-08\n---\n",
     (2, 9, "front-matter-syntax", "invalid YAML in the front matter: mapping values are not allowed in this context; "
                                   "quote values that contain ': ' or start with a special character")),
    ("---\ntitle: T\ndescription: D\ntitle: U\ndate: 2022-11-08\n---\n",
     (4, 1, "front-matter-syntax", "'title' is set twice (also at line 2); YAML keeps only the last: remove one")),
    ("---\ntitle: &t T\ndescription: *t\ndate: 2022-11-08\n---\n",
     (2, 1, "front-matter-syntax", "YAML aliases (*name) are not allowed in front matter: write each value out")),
    (b"---\r\ntitle: T\r\ndescription: D\r\ndate: 2022-11-08\r\n---\r\n",
     (1, 1, "front-matter-syntax", "MkDocs does not see this front matter: the file has Windows (CRLF) line endings; "
                                   "save it with LF")),
    ("---\ntitle: T\ndescription: D\ndate: yesterday\n---\n",
     (4, 7, "wrong-type", "'date' must be an ISO date (YYYY-MM-DD), e.g. 2022-11-08, not 'yesterday'")),
    ("---\ntitle: T\ndescription: D\ndate: 2022-13-45\n---\n",
     (4, 7, "wrong-type", "'date' is not a valid date (month must be in 1..12): write it as YYYY-MM-DD, e.g. 2022-11-08")),
    ("---\ntitle: T\ndescription: D\ndate: 2022-11-08\ntags: battle\n---\n",
     (5, 7, "wrong-type", "'tags' must be a list, not text: write 'tags: [battle]'")),
    ("---\ntitle: 2022\ndescription: D\ndate: 2022-11-08\n---\n",
     (2, 8, "wrong-type", "'title' must be text, not a number: put it in quotes")),
    ("---\n- title\n---\n",
     (2, 1, "wrong-type", "the front matter must be a mapping of fields, not a list: write 'field: value' lines "
                          "between the --- lines")),
    ("---\ntittle: T\ntitle: T\ndescription: D\ndate: 2022-11-08\n---\n",
     (2, 1, "unknown-field", "unknown field 'tittle' (did you mean 'title'?)")),
    ("---\ntitle: T\ndescription: D\ndate: 2022-11-08\nauthor: me\n---\n",
     (5, 1, "unknown-field", "unknown field 'author' (the fields are: title, description, date, updated, tags, "
                             "people, places)")),
    ("---\ntitle: T\ndescription: " + "x" * 175 + "\ndate: 2022-11-08\n---\n",
     (3, 14, "too-long", "'description' is 175 characters; the limit is 160: shorten it by 15")),
    ("---\ntitle: T\ndescription: D\ndate: 2022-11-08\ntags:\n  - battel\n---\n",
     (6, 5, "unknown-tag", "tag 'battel' is not in the vocabulary (did you mean 'battle'? the tags are: battle, "
                           "diplomacy, looting)")),
    ("---\ntitle: T\ndescription: D\ndate: 2022-11-08\ntags: [weather]\n---\n",
     (5, 8, "unknown-tag", "tag 'weather' is not in the vocabulary (the tags are: battle, diplomacy, looting)")),
    ("---\ntitle: T\ndescription: D\ndate: 2022-11-08\ntags: [battle, battle]\n---\n",
     (5, 7, "front-matter-schema", '\'tags\': ["battle","battle"] has non-unique elements')),
    ("---\ntitle: ''\ndescription: D\ndate: 2022-11-08\n---\n",
     (2, 8, "front-matter-schema", '\'title\': "" should be non-empty')),
])
def test_front_matter_problem_is_reported_at_its_key(tmp_path: Path, text: str | bytes, expected: tuple) -> None:
    assert index_problems(tmp_path, text) == [expected]


def test_description_of_exactly_the_limit_passes(tmp_path: Path) -> None:
    assert index_problems(tmp_path, VALID.replace("description: D", "description: " + "x" * 160)) == []


def test_without_a_schema_file_only_yaml_is_checked(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": "# No front matter\n", "bad.md": "---\ntitle: [\n---\n"}, schema=None)
    assert [p[0] + ":" + p[3] for p in problems(project)] == ["docs/bad.md:front-matter-syntax"]


@pytest.mark.parametrize(("schema", "message"), [
    ('{"type": 5}', "5 is not valid under any of the schemas listed in the 'anyOf' keyword"),
    ('"title"', '"title" is not of types "boolean", "object"'),
    ('{"required": "title"}', '"title" is not of type "array"'),
    ('{"$schema": "https://example.org/unknown"}', "Unknown meta-schema: 'https://example.org/unknown'. Custom "
                                                   "meta-schemas must be registered in the registry before use"),
    ('{"$ref": "https://example.org/other.json"}', "Resource 'https://example.org/other.json' is not present in a "
                                                    "registry and retrieving it failed: Retrieval is disabled, cannot "
                                                    "fetch https://example.org/other.json"),
])
def test_a_schema_that_is_no_json_schema_is_said_so_without_fetching(tmp_path: Path, schema: str, message: str) -> None:
    path = tmp_path / "front-matter.schema.json"
    path.write_text(schema, encoding="utf-8")
    with pytest.raises(SchemaFileError) as raised:
        load_schema(path, "scripts/front-matter.schema.json")
    assert str(raised.value) == f"scripts/front-matter.schema.json: not a valid JSON Schema: {message}"


# Each front-matter rule from a string (checks.py), with a schema of its own -----------------------

RULE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "additionalProperties": False, "required": ["title"],
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": 10},
        "date": {"type": "string", "format": "date"},
        "tags": {"type": "array", "uniqueItems": True, "items": {"enum": ["battle", "looting"]}},
        "kind": {"enum": ["news", "reference", "analysis", "timeline"]},
    },
}


@pytest.fixture(scope="module")
def rule_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("schema") / "front-matter.schema.json"
    path.write_text(json.dumps(RULE_SCHEMA), encoding="utf-8")
    return load_schema(path, "front-matter.schema.json")


def found(text: str, schema: Any) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.column, p.rule, p.message) for p in problems_of(text, schema=schema)]


@pytest.mark.parametrize(("text", "expected"), [
    # Each flagged case is found by its rule alone; each near miss by none.
    ("---\ntitle: a: b\n---\n", [(2, 9, "front-matter-syntax", "invalid YAML in the front matter: mapping values are "
                                 "not allowed in this context; quote values that contain ': ' or start with a special "
                                 "character")]),
    ("---\ntitle: 'a: b'\n---\n", []),
    ("---\ntitle: A\ntitle: B\n---\n", [(3, 1, "front-matter-syntax", "'title' is set twice (also at line 2); YAML "
                                        "keeps only the last: remove one")]),
    ("---\ntitle: &a A\nkind: *a\n---\n", [(2, 1, "front-matter-syntax", "YAML aliases (*name) are not allowed in "
                                           "front matter: write each value out")]),
    ("---\ntitle: T\nkind: '*a'\n---\n", [(3, 7, "front-matter-schema", "'kind': \"*a\" is not one of \"news\", "
                                          "\"reference\", \"analysis\" or \"timeline\"")]),
    ("---\ntitle: " + "[" * 600 + "]" * 600 + "\n---\n", [(1, 1, "front-matter-syntax", "the front matter is nested "
                                                          "too deeply")]),
    ("---\ndate: 2022-11-08\n---\n", [(1, 1, "missing-field", "the front matter has no 'title': add 'title: ...' "
                                      "between the --- lines")]),
    ("# No front matter\n", [(1, 1, "missing-field", "the page has no front matter: start it with a '---' line, "
                              "title, and a '---' line")]),
    ("---\ntitle: T\ndate: 2022-11-08\n---\n", []),
    ("---\ntitle: T\ntitel: U\n---\n", [(3, 1, "unknown-field", "unknown field 'titel' (did you mean 'title'?)")]),
    ("---\ntitle: T\nauthor: U\n---\n", [(3, 1, "unknown-field", "unknown field 'author' (the fields are: title, "
                                         "date, tags, kind)")]),
    ("---\ntitle: 2022\n---\n", [(2, 8, "wrong-type", "'title' must be text, not a number: put it in quotes")]),
    ("---\ntitle: '2022'\n---\n", []),
    ("---\n- title\n---\n", [(2, 1, "wrong-type", "the front matter must be a mapping of fields, not a list: write "
                              "'field: value' lines between the --- lines")]),
    ("---\ntitle: T\ntags: battle\n---\n", [(3, 7, "wrong-type", "'tags' must be a list, not text: write "
                                            "'tags: [battle]'")]),
    ("---\ntitle: T\ndate: yesterday\n---\n", [(3, 7, "wrong-type", "'date' must be an ISO date (YYYY-MM-DD), e.g. "
                                               "2022-11-08, not 'yesterday'")]),
    ("---\ntitle: T\ndate: 2022-13-45\n---\n", [(3, 7, "wrong-type", "'date' is not a valid date (month must be in "
                                                "1..12): write it as YYYY-MM-DD, e.g. 2022-11-08")]),
    ("---\ntitle: " + "x" * 11 + "\n---\n", [(2, 8, "too-long", "'title' is 11 characters; the limit is 10: shorten "
                                             "it by 1")]),
    ("---\ntitle: " + "x" * 10 + "\n---\n", []),
    ("---\ntitle: T\ntags: [battel]\n---\n", [(3, 8, "unknown-tag", "tag 'battel' is not in the vocabulary (did you "
                                              "mean 'battle'? the tags are: battle, looting)")]),
    ("---\ntitle: T\ntags: [battle]\n---\n", []),
    ("---\ntitle: ''\n---\n", [(2, 8, "front-matter-schema", '\'title\': "" should be non-empty')]),
    ("---\ntitle: T\ntags: [battle, battle]\n---\n", [(3, 7, "front-matter-schema", "'tags': [\"battle\",\"battle\"] "
                                                      "has non-unique elements")]),
    ("---\ntitle: T\nkind: news\n---\n", []),
    ("---\ntitle: <b>T</b>\n---\n", [(2, 8, "markup-in-plain-text", "'title' is plain text, shown to readers as "
                                      "written, so it cannot hold HTML: remove '<b>' (a '<' before a letter, '/', '!' "
                                      "or '?' starts markup; 'a < b' is fine)")]),
    ("---\ntitle: a < b\n---\n", []),
])
def test_each_front_matter_rule(rule_schema: Any, text: str, expected: list[tuple[int, int, str, str]]) -> None:
    assert found(text, rule_schema) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("---\nurl: javascript:alert(1)\n---\n", [(2, 6, "active-scheme", "'url' is 'javascript:alert(1)', a javascript: "
                                              "URL, which runs code or embeds content: give an https:// URL")]),
    ("---\nurl: https://example.org/\n---\n", []),
    ("---\ntitle: javascript:alert(1)\n---\n", []),  # a URL only in a URL field
    ("---\nlink: <a>javascript:x</a>\n---\n", [(2, 7, "markup-in-plain-text", "'link' is plain text, shown to readers "
                                               "as written, so it cannot hold HTML: remove '<a>' (a '<' before a "
                                               "letter, '/', '!' or '?' starts markup; 'a < b' is fine)")]),
])
def test_a_url_field_that_runs_code(text: str, expected: list[tuple[int, int, str, str]]) -> None:
    """Without a schema: only the front matter's own rules."""
    assert found(text, None) == expected


def test_without_a_schema_the_schema_rules_are_silent() -> None:
    assert found("# No front matter\n", None) == []
    assert found("---\ntitle: 2022\nanything: [1, 1]\n---\n", None) == []


def test_the_schema_engine_is_imported_only_when_a_schema_is_loaded() -> None:
    """A run with every page cached never loads the schema: importing the validator must not import its engine."""
    code = ("import sys; import validate, validator.check, validator.checks, validator.site_checks; "
            "print('jsonschema_rs' in sys.modules, 'jsonschema' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "scripts", capture_output=True, text=True,
                            check=True)
    assert result.stdout == "False False\n"


@pytest.mark.parametrize(("text", "expected"), [
    # YAML values JSON has no type for: judged as values of no type (what MkDocs hands the page is not text).
    ("---\ntitle: !!binary aGVsbG8=\n---\n", [(2, 8, "wrong-type", "'title' must be text, not bytes: put it in "
                                                 "quotes")]),
    ("---\ntitle: T\ntags: !!set {battle}\n---\n", [(3, 7, "wrong-type", "'tags' must be a list, not set")]),
    ("---\ntitle: T\n1: x\n---\n", [(3, 1, "unknown-field", "unknown field '1' (the fields are: title, date, tags, "
                                     "kind)")]),
    ("---\ntitle: .nan\n---\n", [(2, 8, "wrong-type", "'title' must be text, not a number: put it in quotes")]),
    ("---\ntitle: -.inf\n---\n", [(2, 8, "wrong-type", "'title' must be text, not a number: put it in quotes")]),
    ("---\ntitle: " + "9" * 4000 + "\n---\n", [(2, 8, "wrong-type", "'title' must be text, not a number: put it "
                                                "in quotes")]),
    # YAML reads an unquoted date as a date: the schema judges its ISO text.
    ("---\ntitle: T\ndate: 2022-11-08\n---\n", []),
    ("---\ntitle: T\ndate: 2022-11-08 10:00:00\n---\n", [(3, 7, "wrong-type", "'date' must be an ISO date "
                                                          "(YYYY-MM-DD), e.g. 2022-11-08, not '2022-11-08T10:00:00'")]),
    ("---\ntitle: " + "{a: " * 300 + "1" + "}" * 300 + "\n---\n", [(1, 1, "front-matter-syntax", "the front matter "
                                                                   "is nested too deeply")]),
])
def test_hostile_front_matter_gets_a_located_message(rule_schema: Any, text: str,
                                                       expected: list[tuple[int, int, str, str]]) -> None:
    assert found(text, rule_schema) == expected


# The engine against jsonschema, the reference implementation --------------------------------------

SITE_SCHEMA = json.loads((ROOT / "scripts" / "front-matter.schema.json").read_text(encoding="utf-8"))
_TEXT = st.one_of(st.text(max_size=5), st.sampled_from(["", "battle", "looting", "weather", "news", "x" * 161,
                                                          "2022-11-08", "2022-02-30", "2022-1-8", "22-11-08",
                                                          "2022-11-08T10:00", " 2022-11-08", "2022-11-08\n"]),
                  st.from_regex(r"\A\d{4}-\d\d-\d\d\Z"))
_SCALARS = st.one_of(_TEXT, st.dates(), st.datetimes(), st.integers(), st.integers(min_value=2**64),
                     st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none())
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(_TEXT, inner, max_size=3)), max_leaves=8)
_KEYS = st.one_of(st.sampled_from(["title", "description", "date", "updated", "tags", "people", "places", "kind",
                                   "titel", "author"]), st.integers(), _TEXT)
_FRONT_MATTERS = st.one_of(st.dictionaries(_KEYS, _VALUES, max_size=8), _VALUES)


def _failures(errors: Any, path: str, keyword: str) -> set[tuple[tuple[Any, ...], str]]:
    return {(tuple(getattr(error, path)), str(getattr(error, keyword) if keyword != "kind" else error.kind.name))
            for error in errors}


@pytest.mark.parametrize("schema", [SITE_SCHEMA, RULE_SCHEMA], ids=["site", "rules"])
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front_matter=_FRONT_MATTERS)
def test_the_engine_fails_what_jsonschema_fails_on_the_same_keywords(tmp_path_factory: pytest.TempPathFactory,
                                                                     schema: dict, front_matter: Any) -> None:
    """On front matter as YAML loads it, jsonschema-rs (the validator's engine) and jsonschema agree on each
    failing value and keyword, so the rules say what they said with jsonschema."""
    import jsonschema

    path = tmp_path_factory.getbasetemp() / f"differential-{id(schema)}.schema.json"
    if not path.exists():
        path.write_text(json.dumps(schema), encoding="utf-8")
    engine = load_schema(path, "front-matter.schema.json").validator
    reference = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    instance = as_json(front_matter)
    assert (_failures(engine.iter_errors(instance), "instance_path", "kind")
            == _failures(reference.iter_errors(instance), "absolute_path", "validator"))
