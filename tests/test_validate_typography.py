"""Validator rule straight-quote: prose has typographic quotation marks and apostrophes; code, URLs and markup keep theirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator_project import CONFIG, NAMES, index_problems, make_project, page, problems


def page_problems(root: Path, body: str) -> list[tuple[int, int, str, str]]:
    """The problems of docs/index.md, a page with `body`, beside the image map.svg that it may show."""
    project = make_project(root, {"index.md": page(body, "T"), "map.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>"})
    return [problem[1:] for problem in problems(project)]


@pytest.mark.parametrize(("body", "expected"), [
    ("Potemkin's remains.",
     [(7, 9, "straight apostrophe in Potemkin's: write Potemkin’s")]),
    ('Kyiv speaks of "mass deportations".',
     [(7, 16, 'straight quotation mark in "mass: write “mass'),
      (7, 34, 'straight quotation mark in deportations".: write deportations”.')]),
    ("The 'Nazis', he said.",
     [(7, 5, "straight quotation mark in 'Nazis',: write ‘Nazis',"),
      (7, 11, "straight quotation mark in 'Nazis',: write 'Nazis’,")]),
    ("## The army's advance",
     [(7, 12, "straight apostrophe in army's: write army’s")]),
    ("> “Thousands of 'Ukrainian Nazis' remain.”",
     [(7, 17, "straight quotation mark in 'Ukrainian: write ‘Ukrainian"),
      (7, 33, "straight quotation mark in Nazis': write Nazis’")]),
    ("| Date | Event |\n|---|---|\n| 2014 | Crimea's annexation |",
     [(9, 16, "straight apostrophe in Crimea's: write Crimea’s")]),
    ("![The river's course](map.svg)",
     [(7, 12, "straight apostrophe in river's: write river’s")]),
    ("[The report's source](https://example.org/)",
     [(7, 12, "straight apostrophe in report's: write report’s")]),
    ("<p>The city's power.</p>",
     [(7, 12, "straight apostrophe in city's: write city’s")]),
], ids=["apostrophe", "double-quotes", "single-quotes", "heading", "block-quote", "table-cell", "alt-text",
        "link-text", "html-block-text"])
def test_straight_quote_in_prose_is_an_error_that_shows_the_fix(tmp_path: Path, body: str, expected: list) -> None:
    assert page_problems(tmp_path, body) == [(line, column, "straight-quote", message)
                                             for line, column, message in expected]


def test_code_urls_and_markup_keep_straight_quotes(tmp_path: Path) -> None:
    body = (
        "Typographic prose: Potemkin’s “remains” and ‘Nazis’.\n"
        "\n"
        "In code: `print('x')` and `\"y\"`.\n"
        "\n"
        "```python\n"
        "name = \"Kherson's\"\n"
        "```\n"
        "\n"
        "    indented = 'code'\n"
        "\n"
        "A [link](https://example.org/it's \"Its title\") and <https://example.org/a'b>.\n"
        "\n"
        '<span title="The city\'s">HTML attributes</span> and <!-- a comment\'s text -->.\n'
        "\n"
        '![A map](map.svg){ width="640" loading="lazy" }\n'
        "\n"
        "A caption.\n"
        '{ title="The caption\'s title" }\n'
        "\n"
        '## A heading { data-note="it\'s" }\n'
        "\n"
        "<!-- verbatim -->\n"
        "> A source quoted verbatim, as it wrote it: 'quoted'.\n"
    )
    assert page_problems(tmp_path, body) == []


@pytest.mark.parametrize(("front", "expected"), [
    ("title: The city's fate\ndescription: D\n", [(2, 16, "straight apostrophe in city's: write city’s")]),
    ("title: T\ndescription: >-\n  Kyiv speaks of\n  \"mass deportations\".\n",
     [(5, 3, 'straight quotation mark in "mass: write “mass'),
      (5, 21, 'straight quotation mark in deportations".: write deportations”.')]),
    # YAML's own quotes around a value are syntax; an apostrophe doubled inside single quotes is prose.
    ("title: 'The report'\ndescription: \"Kyiv’s “talks”\"\n", []),
    ("title: 'The city''s fate'\ndescription: D\n",
     [(2, 17, "straight quotation mark in city''s: write city’'s"),
      (2, 18, "straight quotation mark in city''s: write city'‘s")]),
], ids=["title", "folded-description", "yaml-quotes", "yaml-escaped-apostrophe"])
def test_title_and_description_are_prose(tmp_path: Path, front: str, expected: list) -> None:
    text = f"---\n{front}date: 2022-11-08\n---\n\n# T\n"
    assert index_problems(tmp_path, text) == [(line, column, "straight-quote", message)
                                              for line, column, message in expected]


def test_names_file_descriptions_sides_and_source_titles_are_prose(tmp_path: Path) -> None:
    names = NAMES + ("  - name: Oleshky\n"
                     "    description: Town across the river from Kherson's centre\n"
                     "    sources:\n"
                     "      - title: \"Oleshky's article\"\n"
                     "        url: https://example.org/oleshky's-page\n")
    project = make_project(tmp_path, {"index.md": page("Text", "T")}, names=names)
    assert problems(project) == [
        ("docs/data/names.yml", 13, 52, "straight-quote", "straight apostrophe in Kherson's: write Kherson’s"),
        ("docs/data/names.yml", 15, 24, "straight-quote", "straight apostrophe in Oleshky's: write Oleshky’s"),
    ]


def test_struck_text_quotes_the_source_as_it_wrote_it(tmp_path: Path) -> None:
    """With pymdownx.tilde, ~~struck~~ text is the report's words that About's table replaces: no rule rewrites it."""
    body = "| Change | Why |\n|---|---|\n| ~~Podalyak's~~ ^^Podolyak’s^^ | The usual spelling. |\n"
    tilde = CONFIG + "  - pymdownx.tilde:\n      subscript: false\n"
    assert index_problems(tmp_path / "tilde", page(body, "T"), names=NAMES, config=tilde) == []
    # Without the extension the tildes are plain text, and so is what they enclose.
    assert index_problems(tmp_path / "plain", page(body, "T"), names=NAMES) == [
        (9, 5, "name-variant", "'Podalyak' is a variant spelling: write 'Mykhailo Podolyak'"),
        (9, 13, "straight-quote", "straight apostrophe in ~~Podalyak's~~: write ~~Podalyak’s~~"),
    ]
