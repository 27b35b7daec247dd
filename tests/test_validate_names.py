"""Validator rules for names: variant spellings in prose (name-variant) and people/places in front matter (unknown-name)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from conftest import copy_project
from validator_project import NAMES, front, make_project, page, problems, validate_cli


def check(tmp_path: Path, text: str, names: str = NAMES) -> list[tuple[int, int, str, str]]:
    project = make_project(tmp_path, {"index.md": text}, names=names)
    return [problem[1:] for problem in problems(project)]


@pytest.mark.parametrize(("body", "expected"), [
    ("The official Stremoúsov said so.",
     [(7, 14, "name-variant", "'Stremoúsov' is a variant spelling: write 'Kirill Stremousov'")]),
    ("As Kiril Stremoúsov said.",
     [(7, 4, "name-variant", "'Kiril Stremoúsov' is a variant spelling: write 'Kirill Stremousov'")]),
    ("As Kiril\nStremoúsov said, across a line break.",
     [(7, 4, "name-variant", "'Kiril Stremoúsov' is a variant spelling: write 'Kirill Stremousov'")]),
    ("Podalyak’s adviser, and [Podalyak](https://example.org/Podalyak) in a link's text.",
     [(7, 1, "name-variant", "'Podalyak' is a variant spelling: write 'Mykhailo Podolyak'"),
      (7, 26, "name-variant", "'Podalyak' is a variant spelling: write 'Mykhailo Podolyak'")]),
    ("> Not marked verbatim: Podalyak.",
     [(7, 24, "name-variant", "'Podalyak' is a variant spelling: write 'Mykhailo Podolyak'")]),
    ("<p>In raw HTML: Podalyak.</p>",
     [(7, 17, "name-variant", "'Podalyak' is a variant spelling: write 'Mykhailo Podolyak'")]),
    ("| Name |\n|---|\n| Podalyak |",
     [(9, 3, "name-variant", "'Podalyak' is a variant spelling: write 'Mykhailo Podolyak'")]),
    (unicodedata.normalize("NFD", "Decomposed: Stremoúsov."),
     [(7, 13, "name-variant", f"'{unicodedata.normalize('NFD', 'Stremoúsov')}' is a variant spelling: "
                              "write 'Kirill Stremousov'")]),
])
def test_variant_in_prose_is_an_error_that_suggests_the_name(tmp_path: Path, body: str, expected: list) -> None:
    assert check(tmp_path, page(body, "T")) == expected


def test_variants_outside_prose_pass(tmp_path: Path) -> None:
    body = (
        "In code: `Kiril Stremoúsov` and `Podalyak`.\n"
        "\n"
        "    Podalyak in indented code\n"
        "\n"
        "```\n"
        "Stremoúsov in a fence\n"
        "```\n"
        "\n"
        "<!-- Podalyak in a comment -->\n"
        "\n"
        '<span title="Podalyak">an attribute</span> and a [link](https://example.org/Podalyak).\n'
        "\n"
        "<!-- verbatim -->\n"
        "\n"
        "> “Kiril Stremoúsov said it”, as the source spells it,\n"
        "> and Podalyak too.\n"
        "\n"
        "Whole words only: Podalyakov, Stremoúsovs; case matters: podalyak. Canonical: Kirill Stremousov.\n"
    )
    assert check(tmp_path, page(body, "T")) == []


def test_verbatim_marker_covers_only_the_next_block_quote(tmp_path: Path) -> None:
    body = "<!-- verbatim -->\n> Podalyak\n\n> Podalyak again\n"
    assert check(tmp_path, page(body, "T")) == [
        (10, 3, "name-variant", "'Podalyak' is a variant spelling: write 'Mykhailo Podolyak'")]


def test_variant_in_title_or_description_is_an_error(tmp_path: Path) -> None:
    text = "---\ntitle: What Podalyak said\ndescription: >-\n  A page on\n  Stremoúsov.\ndate: 2022-11-08\n---\n"
    assert check(tmp_path, text) == [
        (2, 13, "name-variant", "'Podalyak' is a variant spelling: write 'Mykhailo Podolyak'"),
        (5, 3, "name-variant", "'Stremoúsov' is a variant spelling: write 'Kirill Stremousov'"),
    ]


def test_people_and_places_must_be_names_from_the_names_file(tmp_path: Path) -> None:
    text = front("T", people="[Kirill Stremousov, Podalyak, Kherson, Kiril Stremousov, Somebody]",
                 places="\n  - Kherson\n  - Khersonn")
    assert check(tmp_path, text) == [
        (5, 29, "unknown-name", "people: 'Podalyak' is a variant spelling: write 'Mykhailo Podolyak', as the names "
                                "file spells it"),
        (5, 39, "unknown-name", "people: 'Kherson' is a place in the names file: list it under places, not people"),
        (5, 48, "unknown-name", "people: 'Kiril Stremousov' is not a name in the names file "
                                "(did you mean 'Kirill Stremousov'?)"),
        (5, 66, "unknown-name", "people: 'Somebody' is not a name in the names file "
                                "(add the person to the names file first)"),
        (8, 5, "unknown-name", "places: 'Khersonn' is not a name in the names file (did you mean 'Kherson'?)"),
    ]


@pytest.mark.parametrize(("names", "expected"), [
    ("people: [", (1, 10, "invalid-names-file", "invalid YAML: expected the node content, but found '<stream end>'")),
    ("people:\n  - description: no name\n",
     (2, 5, "invalid-names-file", "each entry needs a 'name:' (and a 'description:' and 'variants:' list)")),
    ("people:\n  - name: A\n    variants: B\n",
     (3, 15, "invalid-names-file", "'variants' of 'A' must be a list of spellings")),
    ("persons: []\n", (1, 1, "invalid-names-file", "unknown key 'persons': the names file has only 'people:' and 'places:'")),
])
def test_broken_names_file_is_reported_in_it(tmp_path: Path, names: str, expected: tuple) -> None:
    project = make_project(tmp_path, {"index.md": page("Podalyak", "T")}, names=names)
    assert problems(project) == [("docs/data/names.yml", *expected)]


def test_without_a_names_file_names_are_not_checked(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": front("T", people="[Anybody]") + "Podalyak\n"})
    assert problems(project) == []


@pytest.mark.parametrize(("variant", "canonical"), [("Stremoúsov", "Kirill Stremousov"), ("Podalyak", "Mykhailo Podolyak")])
def test_variant_injected_into_a_real_page_fails_the_real_site(tmp_path: Path, variant: str, canonical: str) -> None:
    project = copy_project(tmp_path / "project")
    battle = project / "docs" / "battle.md"
    lines = battle.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("However,"))
    lines[index] = f"Then {variant} spoke. " + lines[index]
    battle.write_text("\n".join(lines), encoding="utf-8")
    result = validate_cli("docs/battle.md", cwd=project)
    assert result.returncode == 1, result.stderr
    expected = f"docs/battle.md:{index + 1}:6: name-variant: '{variant}' is a variant spelling: write '{canonical}'"
    assert result.stdout.splitlines() == [expected]
    assert re.search(r"^1 error, 0 warnings in 1 file$", result.stderr, re.M)
