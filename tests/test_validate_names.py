"""Validator rules for names: variant spellings in prose (name-variant) and people/places in front matter (unknown-name)."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import copy_project
from validator_project import NAMES, front, index_problems, make_project, page, problems, validate_cli

from validator.names import Name, load_names


@pytest.mark.parametrize(("body", "expected"), [
    ("The official Stremoúsov said so.",
     [(7, 14, "name-variant", "'Stremoúsov' is a variant spelling: write 'Kirill Stremousov'")]),
    ("As Kiril Stremoúsov said.",
     [(7, 4, "name-variant", "'Kiril Stremoúsov' is a variant spelling: write 'Kirill Stremousov'")]),
    ("As Kiril\nStremoúsov said, across a line break.",
     [(7, 4, "name-variant", "'Kiril Stremoúsov' is a variant spelling: write 'Kirill Stremousov'")]),
    ("Podalyak’s adviser, and [Podalyak](https://example.org/Podalyak) in a link’s text.",
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
    assert index_problems(tmp_path, page(body, "T"), names=NAMES) == expected


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
    assert index_problems(tmp_path, page(body, "T"), names=NAMES) == []


def test_verbatim_marker_covers_only_the_next_block_quote(tmp_path: Path) -> None:
    body = "<!-- verbatim -->\n> Podalyak\n\n> Podalyak again\n"
    assert index_problems(tmp_path, page(body, "T"), names=NAMES) == [
        (10, 3, "name-variant", "'Podalyak' is a variant spelling: write 'Mykhailo Podolyak'")]


def test_variant_in_title_or_description_is_an_error(tmp_path: Path) -> None:
    text = "---\ntitle: What Podalyak said\ndescription: >-\n  A page on\n  Stremoúsov.\ndate: 2022-11-08\n---\n"
    assert index_problems(tmp_path, text, names=NAMES) == [
        (2, 13, "name-variant", "'Podalyak' is a variant spelling: write 'Mykhailo Podolyak'"),
        (5, 3, "name-variant", "'Stremoúsov' is a variant spelling: write 'Kirill Stremousov'"),
    ]


def test_people_and_places_must_be_names_from_the_names_file(tmp_path: Path) -> None:
    text = front("T", people="[Kirill Stremousov, Podalyak, Kherson, Kiril Stremousov, Somebody]",
                 places="\n  - Kherson\n  - Khersonn")
    assert index_problems(tmp_path, text, names=NAMES) == [
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
     (2, 5, "invalid-names-file", "each entry needs a 'name:' and a 'description:'")),
    ("people:\n  - name: A\n    description: D\n    variants: B\n",
     (4, 15, "invalid-names-file", "'variants' of 'A' must be a list of spellings: write 'variants: [B]'")),
    ("persons: []\n", (1, 1, "invalid-names-file", "unknown key 'persons': the names file has only 'people:' and 'places:'")),
])
def test_broken_names_file_is_reported_in_it(tmp_path: Path, names: str, expected: tuple) -> None:
    project = make_project(tmp_path, {"index.md": page("Podalyak", "T")}, names=names)
    assert problems(project) == [("docs/data/names.yml", *expected)]


ENTRY = "people:\n  - name: A\n    description: D\n"  # one valid entry; cases add lines 4 on


@pytest.mark.parametrize(("names", "expected"), [
    ("people:\n  - name: A\n",
     [(2, 5, "the entry 'A' has no 'description:': add one, a line saying who or what it is")]),
    ("people:\n  - name: A\n    description: ''\n",
     [(3, 18, "'description' of 'A' is empty: write one line saying who or what it is")]),
    ("people:\n  - name: A\n    description: [D]\n",
     [(3, 18, "'description' of 'A' must be text, not a list: write it on one line after 'description: '")]),
    ("people:\n  - name: 1917\n    description: D\n",
     [(2, 11, "'name' must be text, not a number: put it in quotes, name: \"1917\"")]),
    (ENTRY + "    side: yes\n",
     [(4, 11, "'side' of 'A' must be text, not true/false: put it in quotes, side: \"yes\"")]),
    (ENTRY + "    side:\n",
     [(4, 10, "'side' of 'A' is empty: write whom they speak or act for, or remove the line")]),
    (ENTRY + "    short_forms: Aa\n",
     [(4, 18, "'short_forms' of 'A' must be a list of spellings: write 'short_forms: [Aa]'")]),
    (ENTRY + "    short_forms:\n",
     [(4, 17, "'short_forms' of 'A' must be a list of spellings: write 'short_forms: []' or remove the line")]),
    (ENTRY + "    short_forms: ['', 2022]\n",
     [(4, 19, "'short_forms' of 'A' holds an empty spelling: remove it"),
      (4, 23, "'short_forms' of 'A' holds a number, not a spelling: put it in quotes, \"2022\"")]),
    (ENTRY + "    variants: [[B, C]]\n",
     [(4, 16, "'variants' of 'A' holds a list, not a spelling: write each spelling as one item")]),
    (ENTRY + "    sid: Ukraine\n    aka: [B]\n",
     [(4, 5, "unknown key 'sid' in the entry 'A' (did you mean 'side'?)"),
      (5, 5, "unknown key 'aka' in the entry 'A' (an entry has only name, description, side, short_forms, variants, "
                "sources)")]),
], ids=["no-description", "empty-description", "description-not-text", "name-not-text", "side-not-text",
        "empty-side", "short-forms-not-a-list", "empty-short-forms", "bad-short-forms", "bad-variant", "unknown-keys"])
def test_entry_of_the_wrong_shape_is_reported_at_the_bad_value(tmp_path: Path, names: str, expected: list) -> None:
    project = make_project(tmp_path, {"index.md": page("Text", "T")}, names=names)
    assert problems(project) == [("docs/data/names.yml", line, column, "invalid-names-file", message)
                                 for line, column, message in expected]


@pytest.mark.parametrize(("names", "expected"), [
    ("people:\n  - name: A\n    description: D\nplaces:\n  - name: A\n    description: E\n",
     (5, 11, "the name 'A' is also the name 'A' (line 2): a mention must lead to one entry; "
             "remove the spelling from one of them")),
    ("people:\n  - name: Anna Example\n    description: D\n    short_forms: [Kherson]\n"
     "places:\n  - name: Kherson\n    description: E\n",
     (6, 11, "the name 'Kherson' is also the short form 'Kherson' of 'Anna Example' (line 4): a mention must lead to "
             "one entry; remove the spelling from one of them")),
    ("people:\n  - name: Mary Ann\n    description: D\n    short_forms: [Mary's]\n"
     "  - name: Mary Beth\n    description: E\n    short_forms: [Mary’s]\n",
     (7, 19, "the short form 'Mary’s' of 'Mary Beth' is also the short form 'Mary's' of 'Mary Ann' (line 4): "
             "a mention must lead to one entry; remove the spelling from one of them")),
    ("places:\n  - name: St. Mary\n    description: D\n  - name: St Mary\n    description: E\n",
     (4, 11, "the name 'St Mary' gives its entry the id 'st-mary', as the name 'St. Mary' (line 2) does: links would "
             "reach only one of them; spell the names apart or merge the entries")),
    ("people:\n  - name: Anna Example\n    description: D\n    short_forms: [Anna]\n"
     "  - name: Anna Other\n    description: E\n    variants: [Anna]\n",
     (4, 19, "the short form 'Anna' of 'Anna Example' is also the variant 'Anna' of 'Anna Other' (line 7): the pages "
             "cannot both use and avoid it; remove the short form or the variant")),
    (ENTRY + "    variants: [A]\n",
     (2, 11, "the name 'A' is also the variant 'A' of 'A' (line 4): the pages cannot both use and avoid it; "
             "remove the variant")),
    ("places:\n  - name: St Mary's\n    description: D\n  - name: St Mary’s Church\n    description: E\n"
     "    variants: [St Mary’s]\n",
     (2, 11, "the name 'St Mary's' is also the variant 'St Mary’s' of 'St Mary’s Church' (line 6): "
             "the pages cannot both use and avoid it; remove the variant")),
], ids=["name-twice", "short-form-is-a-name", "curly-short-form-twice", "same-id", "short-form-is-a-variant",
        "name-is-its-own-variant", "name-is-a-curly-variant"])
def test_spelling_or_id_of_two_entries_is_reported_where_it_recurs(tmp_path: Path, names: str, expected: tuple) -> None:
    project = make_project(tmp_path, {"index.md": page("Text", "T")}, names=names)
    assert problems(project) == [("docs/data/names.yml", *expected[:2], "invalid-names-file", expected[2])]


@pytest.mark.parametrize("names", [
    "people:\n  - name: Anna Example\n    description: D\n    side: Ukraine\n    short_forms: [Anna, Example]\n"
    "    variants: [Ana Example]\n    sources:\n      - title: Anna’s page\n        url: https://example.org/anna\n"
    "places: []\n",
    "people:\n  - name: A\n    description: >-\n      Folded over two lines,\n      as the report describes her\n"
    "    short_forms: []\n    variants: []\n",
    "people:\n  - name: '1917'\n    description: D, as the report describes them\n",
    # A name's own curly spelling is no clash; a straight variant of a curly name is a spelling pages may not use.
    "people:\n  - name: O'Brien\n    description: D, as the report describes him\n    short_forms: [O’Brien]\n"
    "  - name: O’Neill\n    description: E, as the report credits her\n    variants: [O'Neill]\n",
], ids=["every-field", "optional-fields-empty", "quoted-number", "apostrophes"])
def test_valid_names_files_pass(tmp_path: Path, names: str) -> None:
    assert problems(make_project(tmp_path, {"index.md": page("Text", "T")}, names=names)) == []


def test_every_problem_of_the_names_file_is_reported_in_order(tmp_path: Path) -> None:
    names = ("places:\n  - name: Kherson\n    description: E\n"
             "people:\n  - name: Anna\n    description: D\n    side: [Ukraine]\n  - name: B\n"
             "  - name: C\n    description: D\n    short_forms: [Kherson]\n")
    project = make_project(tmp_path, {"index.md": page("Text", "T")}, names=names)
    assert [problem[1:3] for problem in problems(project)] == [(7, 11), (8, 5), (11, 19)]


def test_loader_gives_each_entry_whole_in_the_files_order(tmp_path: Path) -> None:
    names_file = tmp_path / "names.yml"
    names_file.write_text("places:\n  - name: Kherson\n    description: Port city, as the report describes it\n"
                          "people:\n  - name: Anna Example\n    description: D\n    side: Ukraine\n"
                          "    short_forms: [Anna]\n    variants: [Ana Example]\n"
                          "    sources:\n      - {title: T, url: 'https://example.org/'}\n", encoding="utf-8")
    index, found = load_names(names_file, "names.yml")
    assert found == [] and index is not None
    assert index.entries == [Name("places", "Kherson", "Port city, as the report describes it", None, (), ()),
                             Name("people", "Anna Example", "D", "Ukraine", ("Anna",), ("Ana Example",),
                                  (("T", "https://example.org/"),))]
    assert index.entries[1].spellings() == ["Anna Example", "Anna"]
    assert Name("places", "St. Catherine's Cathedral", "", None, (), ()).anchor == "st-catherines-cathedral"


def test_names_file_loaded_twice_is_read_once_and_an_edit_is_read_again(tmp_path: Path) -> None:
    # A build loads it twice (the names hook, then the validate hook); `mkdocs serve` again after each edit.
    names_file = tmp_path / "names.yml"
    names_file.write_text(NAMES, encoding="utf-8")
    first, _ = load_names(names_file, "names.yml")
    assert load_names(names_file, "names.yml")[0] is first
    times = names_file.stat()
    names_file.write_text(NAMES.replace("Podalyak", "Podaliak"), encoding="utf-8")  # same size
    os.utime(names_file, ns=(times.st_atime_ns, times.st_mtime_ns))  # and the same time
    edited, _ = load_names(names_file, "names.yml")
    assert edited is not None and "Podaliak" in edited.variant_of and "Podalyak" not in edited.variant_of


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


UNSOURCED = ("the description of 'A' names no source: add 'sources:' (each '- title: ...' with 'url: https://...'), "
             "or, if it is only the report's words, end it with ', as the report describes him' (her, it, them)")


@pytest.mark.parametrize(("names", "expected"), [
    (ENTRY, [(3, 18, "unsourced-description", UNSOURCED)]),
    # The phrase must end the description: a sentence that merely mentions the report is no claim to its words.
    (ENTRY.replace("description: D", "description: As the report describes him, a general"),
     [(3, 18, "unsourced-description", UNSOURCED)]),
    (ENTRY + "    sources: []\n",
     [(4, 14, "invalid-names-file", "'sources' of 'A' must be a list of sources, each '- title: ...' with "
                                    "'url: https://...'")]),
    (ENTRY + "    sources:\n      - https://example.org/\n",
     [(5, 9, "invalid-names-file", "'sources' of 'A' must be a list of sources, each '- title: ...' with "
                                   "'url: https://...'")]),
    (ENTRY + "    sources:\n      - title: T\n        url: http://example.org/\n",
     [(6, 14, "invalid-names-file", "'sources' of 'A' has the url 'http://example.org/': give an https:// address, "
                                    "which readers' browsers open without a warning")]),
    (ENTRY + "    sources:\n      - title: T\n        url: //example.org/\n",
     [(6, 14, "invalid-names-file", "'sources' of 'A' has the url '//example.org/': give an https:// address, "
                                    "which readers' browsers open without a warning")]),
    (ENTRY + "    sources:\n      - title: [T]\n        url: https://example.org/\n",
     [(5, 16, "invalid-names-file", "'sources' of 'A': each source's 'title' must be text on one line")]),
], ids=["no-source", "phrase-not-at-the-end", "empty-sources", "source-without-title", "http-source",
        "schemeless-source", "title-not-text"])
def test_a_description_beyond_the_report_needs_an_https_source(tmp_path: Path, names: str, expected: list) -> None:
    project = make_project(tmp_path, {"index.md": page("Text", "T")}, names=names)
    assert problems(project) == [("docs/data/names.yml", *problem) for problem in expected]
