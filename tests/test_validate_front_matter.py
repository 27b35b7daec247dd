"""Validator rules for front matter: YAML syntax and the front-matter schema, located at the offending key."""

from __future__ import annotations

from pathlib import Path

import pytest

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
     (5, 7, "front-matter-schema", "'tags': ['battle', 'battle'] has non-unique elements")),
    ("---\ntitle: ''\ndescription: D\ndate: 2022-11-08\n---\n",
     (2, 8, "front-matter-schema", "'title': '' should be non-empty")),
])
def test_front_matter_problem_is_reported_at_its_key(tmp_path: Path, text: str | bytes, expected: tuple) -> None:
    assert index_problems(tmp_path, text) == [expected]


def test_description_of_exactly_the_limit_passes(tmp_path: Path) -> None:
    assert index_problems(tmp_path, VALID.replace("description: D", "description: " + "x" * 160)) == []


def test_without_a_schema_file_only_yaml_is_checked(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": "# No front matter\n", "bad.md": "---\ntitle: [\n---\n"}, schema=None)
    assert [p[0] + ":" + p[3] for p in problems(project)] == ["docs/bad.md:front-matter-syntax"]
