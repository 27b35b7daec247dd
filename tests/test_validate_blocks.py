"""The validator reads pymdownx.blocks' `///` syntax (the site's photo and map captions) as the build does."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site
from validator.blocks import BlockSyntax
from validator_project import CONFIG, NAMES, index_problems, make_project, page, problems

BLOCKS = CONFIG + "  - pymdownx.blocks.caption\n"
CAPTION = (
    "Photo not reproduced\n"
    "{ .photo-placeholder }\n"
    "\n"
    "/// caption\n"
    "    attrs: {class: photo, id: oleshky-photo}\n"
    "{caption}\n"
    "///\n"
)


def caption(text: str) -> str:
    return CAPTION.replace("{caption}", text)


def test_a_link_to_a_captions_id_reaches_it(tmp_path: Path) -> None:
    """The id in a block's options is the figure's: links to it are not broken."""
    project = make_project(tmp_path, {
        "index.md": page("# Home\n\n" + caption("A ship in Oleshky. Photo: A. Photographer (not reproduced).")),
        "timeline.md": page("# Timeline\n\n[The photo](index.md#oleshky-photo) and [not one](index.md#no-photo).\n"),
    }, config=BLOCKS)
    assert [p[1:4] for p in problems(project)] == [(9, 41, "broken-anchor")]
    site = tmp_path / "site"
    assert build_site(site, project / "mkdocs.yml", strict=False).returncode == 0
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<figure class="photo" id="oleshky-photo">' in html and "<figcaption>" in html


def test_an_id_in_the_argument_counts_too(tmp_path: Path) -> None:
    body = "# Home\n\n![A map](map.svg)\n\n/// caption | #the-map\nThe map.\n///\n\n[The map](#the-map)\n"
    project = make_project(tmp_path, {"index.md": page(body), "map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n"},
                           config=BLOCKS)
    assert problems(project) == []


@pytest.mark.parametrize(("text", "expected"), [
    # Line 12 of the page is the caption's text: positions are the page's own.
    ("See [the entry](people.md) for the photographer.",
     [(12, 5, "broken-link", "'people.md' — there is no file people.md in the docs directory")]),
    ("Photo: Stremoúsov’s office (not reproduced).",
     [(12, 8, "name-variant", "'Stremoúsov' is a variant spelling: write 'Kirill Stremousov'")]),
    ('A "quoted" caption.',
     [(12, 3, "straight-quote", 'straight quotation mark in "quoted": write “quoted"'),
      (12, 10, "straight-quote", 'straight quotation mark in "quoted": write "quoted”')]),
])
def test_what_a_caption_holds_is_checked_where_it_is_written(tmp_path: Path, text: str, expected: list) -> None:
    assert index_problems(tmp_path, page(caption(text)), config=BLOCKS, names=NAMES) == expected


def test_fence_and_option_lines_are_syntax_not_prose(tmp_path: Path) -> None:
    """Quotes in the options are YAML's; a name in a class is no variant spelling."""
    body = '/// caption\n    attrs: {class: "Podalyak", title: \'x\'}\nA caption.\n///\n'
    assert index_problems(tmp_path, page("A paragraph.\n\n" + body), config=BLOCKS, names=NAMES) == []


@pytest.mark.parametrize(("body", "expected"), [
    ("A paragraph.\n\n/// captoin\nA caption.\n///\n",
     [(9, 1, "block-syntax", "'/// captoin' is not a block this site's extensions know (caption, figure-caption, "
                             "table-caption): the build prints the line as text; correct the name")]),
    ("A paragraph.\n\n/// caption\n    attrs: [photo]\nA caption.\n///\n",
     [(9, 1, "block-syntax", "the build cannot read '/// caption' as a block, and prints it as text: check its "
                             "argument after '|' and its options (YAML lines indented by four spaces, e.g. "
                             "'attrs: {id: photo}')")]),
    ("A paragraph.\n\n/// caption\nA caption.\n\nThe next paragraph.\n",
     [(9, 1, "block-syntax", "'/// caption' is never closed: the build puts the rest of the page inside it; end it "
                             "with a line '///'")]),
    ("A paragraph.\n\n/// caption\n    attrs: {onclick: steal()}\nA caption.\n///\n",
     [(9, 1, "unsafe-html", "event handler 'onclick' in an attribute list runs code in readers' browsers: remove it")]),
])
def test_blocks_the_build_gets_wrong_are_reported_at_their_first_line(tmp_path: Path, body: str,
                                                                       expected: list) -> None:
    assert index_problems(tmp_path, page(body), config=BLOCKS) == expected


def test_unknown_and_unclosed_blocks_do_print_as_text(tmp_path: Path) -> None:
    """What the two block-syntax messages above say the build does."""
    for body, shown in (("Text.\n\n/// captoin\nA caption.\n///\n", "/// captoin"),
                        ("Text.\n\n/// caption\n    attrs: [photo]\nA caption.\n///\n", "attrs: [photo]")):
        project = make_project(tmp_path / str(len(shown)), {"index.md": page(body, "Home")}, config=BLOCKS)
        assert build_site(tmp_path / "site", project / "mkdocs.yml", strict=False).returncode == 0
        assert shown in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_blocks_in_code_and_without_the_extension_are_text(tmp_path: Path) -> None:
    in_code = "```text\n/// captoin\n```\n"
    assert index_problems(tmp_path / "code", page(in_code), config=BLOCKS) == []
    # Without a blocks extension, '///' lines are the text they look like.
    assert index_problems(tmp_path / "plain", page("A paragraph.\n\n/// captoin\nText.\n"), config=CONFIG) == []


def test_ids_from_blocks_are_ids_like_any_other(tmp_path: Path) -> None:
    """A heading whose slug a figure's id took gets toc's '_1', as built; the same id twice is reported where written."""
    body = ("# Home\n\n![A map](map.svg)\n\n/// caption\n    attrs: {class: map, id: the-map}\nThe map.\n///\n\n"
            "## The map\n\n[Figure](#the-map), [heading](#the-map_1).\n\nText.\n{ #the-map }\n")
    project = make_project(tmp_path, {"index.md": page(body), "map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n"},
                           config=BLOCKS)
    assert problems(project) == [
        ("docs/index.md", 21, 3, "duplicate-id", "id 'the-map' is already used at line 12, column 25: links to "
                                                  "'#the-map' reach only the first; give this one another id")]
    site = tmp_path / "site"
    assert build_site(site, project / "mkdocs.yml", strict=False).returncode == 0
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<figure class="map" id="the-map">' in html and '<h2 id="the-map_1">' in html


# Blocks nested as Python-Markdown nests them (checked against `mkdocs build` in the nested-blocks fixture).
NESTING = ["admonition", "def_list", "footnotes", "pymdownx.blocks.admonition", "pymdownx.blocks.details"]


def fence_lines(text: str) -> list[int]:
    """The lines (1-based) read as a block's fence or options: the syntax that readers do not see."""
    reading = BlockSyntax(NESTING, {}).read(text)
    return [number for number, (before, after) in enumerate(zip(text.split("\n"), reading.text.split("\n")), 1)
            if before != after]


@pytest.mark.parametrize(("text", "expected"), [
    ("- Item\n\n    /// note | Title\n    Body.\n    ///\n", [3, 5]),
    ("- Item\n\n    /// note\n    Body.\n\n    /// details | Inner\n        open: true\n    Inner.\n    ///\n    ///\n",
     [3, 6, 7, 9, 10]),
    ("- Item\n    - Nested\n\n        /// note\n        Body.\n        ///\n", [4, 6]),
    # The lines after a list item's marker are its text, a block among them too; a block at the page's own
    # indentation after them starts there.
    ("- Item\n    /// note\n    Text.\n    ///\n", []),
    ("- /// note\n    Text.\n    ///\n", []),
    ("- Item\n/// note\nBody.\n///\n", [2, 4]),
    # A footnote, a definition, an admonition, a block quote: their first lines too.
    ("[^1]: Note.\n    /// note\n    Body.\n    ///\n", [2, 4]),
    ("[^1]: /// note\n    Body.\n    ///\n", [1, 3]),
    ("Term\n:   /// note\n    Body.\n    ///\n", [2, 4]),
    ("!!! note\n    Text.\n    /// note\n    Body.\n    ///\n", [3, 5]),
    ("> /// note\n> Body.\n> ///\n", [1, 3]),
    # Indented code, and a block indented past its container: text.
    ("Text.\n\n    /// note\n    Code.\n    ///\n", []),
    ("- Item\n\n        /// note\n        Code.\n        ///\n", []),
])
def test_blocks_are_found_in_containers_where_the_build_finds_them(text: str, expected: list[int]) -> None:
    assert fence_lines(text) == expected


NESTED_CONFIG = CONFIG.replace("  - attr_list\n", "  - admonition\n  - attr_list\n") + \
    "  - pymdownx.blocks.admonition\n  - pymdownx.blocks.details\n"


def test_what_a_block_in_a_list_item_holds_is_read_as_its_content(tmp_path: Path) -> None:
    """Its title is syntax (no straight-quote), its heading an anchor, its links checked where written."""
    body = ('- Item\n\n    /// note | A "quoted" title\n    To [the heading](#in-the-item) and [gone](gone.md).\n\n'
            "    ## In the item\n    ///\n")
    assert index_problems(tmp_path, page(body, "Home"), config=NESTED_CONFIG) == [
        (10, 40, "broken-link", "'gone.md' — there is no file gone.md in the docs directory")]


def test_a_block_in_a_definition_past_a_blank_line_is_reported(tmp_path: Path) -> None:
    """The build reads the block's later indented lines as code (no link) and does not close it."""
    body = "Term\n:   Text.\n\n    /// note\n    Body.\n\n    [Code](gone.md).\n    ///\n"
    found = index_problems(tmp_path, page(body, "Home"), config=NESTED_CONFIG)
    assert [(line, column, rule) for line, column, rule, _ in found] == [(10, 5, "block-syntax"),
                                                                          (13, 5, "block-syntax")]
    assert "is never closed" in found[0][3] and "show as code" in found[1][3]


def test_a_footnote_in_a_block_holds_one_paragraph(tmp_path: Path) -> None:
    """The build hands a block's content to the footnote one paragraph at a time: the rest is code in the block."""
    body = ("/// note\nText[^1].\n\n[^1]: First, [gone](gone.md).\n\n    Second: code, [not a link](code.md).\n\n"
            "## After\n///\n")
    found = index_problems(tmp_path, page(body, "Home"), config=NESTED_CONFIG)
    assert [(line, column, rule) for line, column, rule, _ in found] == [(10, 14, "broken-link"),
                                                                          (12, 5, "block-syntax")]
    assert "holds one paragraph: the build shows these indented lines as code" in found[1][3]
