"""Every page carries front matter that the schema accepts, and it reaches the HTML."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from conftest import DOCS, ROOT, front_matter, pages
from validator.front_matter import as_json  # YAML reads 2022-11-08 as a date; the schema speaks JSON

SCHEMA = json.loads((ROOT / "scripts" / "front-matter.schema.json").read_text())


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_front_matter_matches_schema(page: Path) -> None:
    meta = {key: as_json(value) for key, value in front_matter(page).items()}
    jsonschema.validate(meta, SCHEMA, format_checker=jsonschema.FormatChecker())


def test_schema_rejects_what_it_should() -> None:
    checker = jsonschema.FormatChecker()
    good = {"title": "T", "description": "D", "date": "2022-11-08"}
    jsonschema.validate(good, SCHEMA, format_checker=checker)
    for bad in [
        {"title": "T", "description": "D"},
        {**good, "date": "yesterday"},
        {**good, "description": "x" * 161},
        {**good, "tags": "battle"},
        {**good, "tags": ["weather"]},
        {**good, "author": "someone"},
    ]:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, SCHEMA, format_checker=checker)


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.description: str | None = None
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "description":
            self.description = a.get("content")
        self.in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_title_and_description_reach_the_head(built_site: Path, page: Path) -> None:
    meta = front_matter(page)
    head = _Head()
    head.feed((built_site / page.relative_to(DOCS).with_suffix(".html")).read_text(encoding="utf-8"))
    assert head.description == meta["description"]
    assert head.title.startswith(meta["title"])
