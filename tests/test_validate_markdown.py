"""Pages read as Python-Markdown reads them: containers only with their extension, fences and comments left open."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site
from validator.checks import facts_of, problems_of
from validator_project import CONFIG, index_problems, make_project, page

CONTAINERS = CONFIG.replace("  - attr_list\n", "  - admonition\n  - attr_list\n") + \
    "  - pymdownx.blocks.admonition\n  - pymdownx.details\n  - pymdownx.tabbed\n"
GONE = "'gone.md' — there is no file gone.md in the docs directory"


@pytest.mark.parametrize(("body", "expected"), [
    ("!!! note\n\n    A [link](gone.md).", [(9, 7, "broken-link", GONE)]),
    ('??? tip "Closed"\n    A [link](gone.md).', [(8, 7, "broken-link", GONE)]),
    ('=== "Tab"\n\n    A [link](gone.md).', [(9, 7, "broken-link", GONE)]),
    ("/// note\nA [link](gone.md).\n///", [(8, 3, "broken-link", GONE)]),
    ("/// admonition | Title\n    type: warning\n\nA [link](gone.md).\n///", [(10, 3, "broken-link", GONE)]),
    ("!!! note\n\n        Code in the admonition: [link](gone.md).", []),
    ("!!! note\n    A note[^1] referenced only here.", []),
    ("A note[^1], and again[^1].\n\n!!! note\n    And again[^1].", []),
])
def test_container_bodies_are_markdown_with_their_extension(tmp_path: Path, body: str, expected: list) -> None:
    assert index_problems(tmp_path, page(body + "\n\n[^1]: The note.\n" if "[^1]" in body else body, "Home"),
                          config=CONTAINERS) == expected


@pytest.mark.parametrize("body", [
    "!!! note\n\n    A [link](gone.md).", '=== "Tab"\n\n    A [link](gone.md).', '??? tip "Closed"\n\n    A [link](gone.md).'])
def test_container_bodies_are_code_without_their_extension(tmp_path: Path, body: str) -> None:
    # The opening line is a paragraph then, its quotes straight ones in prose.
    assert [p for p in index_problems(tmp_path, page(body, "Home")) if p[2] != "straight-quote"] == []


FENCE = ("the code block opened with '```' is never closed: the built page shows the fence as text and reads the "
         "lines after it as Markdown; close it with a '```' line")
COMMENT = ("the HTML comment '<!--' is never closed: the built page shows '<!--' and everything after it as text; "
           "close it with '-->', or remove it")


@pytest.mark.parametrize(("body", "expected"), [
    ("```\ncode", [(7, 1, "unclosed-fence", FENCE)]),
    ("```python\n[read](gone.md)", [(7, 1, "unclosed-fence", FENCE), (8, 1, "broken-link", GONE)]),
    ("Text\n```\nmore", [(8, 1, "unclosed-fence", FENCE)]),
    ("```\n[code](gone.md)\n```", []),
    ("```\nclosed by a longer fence\n````", []),
    ("```\n[hidden](gone.md)\n\n```python\nstill code\n```", []),
    ("> ```\n> [not a fence in a quote](gone.md)", [(8, 3, "broken-link", GONE)]),
    ("<!-- open\n\n[read](gone.md)", [(7, 1, "unclosed-comment", COMMENT), (9, 1, "broken-link", GONE)]),
    ("<!-- closed -->", []),
    ("<!-- closed\n\nmuch later -->", []),
    ("<!-- closed later\n\n[hidden](gone.md)\n\n<!-- by another -->", []),
])
def test_fences_and_comments_left_open_are_text(tmp_path: Path, body: str, expected: list) -> None:
    assert index_problems(tmp_path, page(body, "Home")) == expected


@pytest.mark.parametrize(("body", "expected"), [
    ("- item\n\n      Six spaces: [a paragraph](gone.md).", [(9, 19, "broken-link", GONE)]),
    ("1. item\n\n       Seven spaces: [a paragraph](gone.md).", [(9, 22, "broken-link", GONE)]),
    ("- item\n\n        Eight spaces: [code](gone.md).", []),
    ("- item\n    - nested, four spaces\n  - two spaces: [the list's next item](gone.md)", [(9, 17, "broken-link", GONE)]),
])
def test_list_items_are_indented_four_spaces(tmp_path: Path, body: str, expected: list) -> None:
    assert [p for p in index_problems(tmp_path, page(body, "Home")) if p[2] != "straight-quote"] == expected


def test_a_label_defined_twice_means_its_last_definition(tmp_path: Path) -> None:
    body = "[first][x] and [second][x].\n\n[x]: index.md\n[x]: gone.md\n"
    assert index_problems(tmp_path, page(body, "Home")) == [(7, 1, "broken-link", GONE), (7, 16, "broken-link", GONE)]


def test_caret_around_a_link_is_no_inline_footnote(tmp_path: Path) -> None:
    config = CONFIG + "  - pymdownx.caret\n"
    body = "^[one](gone.md)^ and ^[two](#nowhere)^ and ^[two](#nowhere)^"
    assert [p[:3] for p in index_problems(tmp_path, page(body, "Home"), config=config)] == [
        (7, 2, "broken-link"), (7, 23, "broken-anchor"), (7, 45, "broken-anchor")]


def test_text_fragments_are_not_ids(tmp_path: Path) -> None:
    body = "[words](#:~:text=words) and [id then words](#home:~:text=x) and [gone](#gone:~:text=x)\n\n# Home\n"
    assert [p[:3] for p in index_problems(tmp_path, page(body, "Home"))] == [(7, 65, "broken-anchor")]


@pytest.mark.parametrize(("body", "expected"), [
    ("Term\n:       Six spaces after the colon: [a paragraph](gone.md).", [(8, 37, "broken-link", GONE)]),
    ("Term\n:   Text.\n\n      Six spaces: [a paragraph](gone.md).", [(10, 19, "broken-link", GONE)]),
    ("Term\n:   Text.\n\n        Eight spaces: [code](gone.md).", []),
    ("Text[^1].\n\n[^1]:        Eight spaces after the colon: [a paragraph](gone.md).",
     [(9, 44, "broken-link", GONE)]),
    ("Text[^1].\n\n[^1]: Text.\n\n      Six spaces: [a paragraph](gone.md).", [(11, 19, "broken-link", GONE)]),
    ("Text[^1].\n\n[^1]: Text.\n\n        Eight spaces: [code](gone.md).", []),
    (" - One space before the marker.\n\n        Eight spaces: [code](gone.md).", []),
])
def test_definition_and_footnote_bodies_are_four_spaces_in(tmp_path: Path, body: str, expected: list) -> None:
    assert index_problems(tmp_path, page(body, "Home")) == expected


@pytest.mark.parametrize(("body", "expected"), [
    ("- Item\n\n    !!! note\n        In an admonition: [link](gone.md).", [(10, 27, "broken-link", GONE)]),
    ('1. Item\n\n    === "Tab"\n        In a tab: [link](gone.md).', [(10, 19, "broken-link", GONE)]),
    ("- Item\n\n    ```\n    [code](gone.md)\n    ```\n\n    After: [link](gone.md).", [(13, 12, "broken-link", GONE)]),
    ("- Item[^1]\n\n    [^1]: In a footnote: [link](gone.md).", [(9, 26, "broken-link", GONE)]),
    ("- Item\n\n    Term\n    :   In a definition: [link](gone.md).", [(10, 26, "broken-link", GONE)]),
    ("- Item\n\n    <div>\n    HTML in an item is inline: [link](gone.md).\n    </div>", [(10, 32, "broken-link", GONE)]),
    # A footnote in an item (a definition, in an item) is one block: then code in the item.
    ("- Item[^1]\n\n    [^1]: Note.\n\n        Code in the item: [code](gone.md).", []),
    ("- Item\n\n    Term\n    :   Text.\n\n        Code in the item: [code](gone.md).", []),
    ('=== "Tab"\n    Term\n    :   Text.\n\n        In a tab, the definition goes on: [link](gone.md).',
     [(11, 43, "broken-link", GONE)]),
])
def test_blocks_nested_in_list_items(tmp_path: Path, body: str, expected: list) -> None:
    assert index_problems(tmp_path, page(body, "Home"), config=CONTAINERS) == expected


MD_IN_HTML = CONFIG + "  - md_in_html\n"


def nested_divs(depth: int) -> str:
    return "<div markdown>\n\n" * depth + "[link](gone.md)\n\n" + "</div>\n\n" * depth


@pytest.mark.parametrize(("depth", "line"), [(1, 9), (25, 57), (326, 659)])
def test_markdown_in_html_is_read_at_any_depth_the_build_reads(tmp_path: Path, depth: int, line: int) -> None:
    assert index_problems(tmp_path, page(nested_divs(depth), "Home"), config=MD_IN_HTML) == \
        [(line, 1, "broken-link", GONE)]


@pytest.mark.parametrize("depth", [327, 5000])
def test_markdown_in_html_nested_past_the_builds_limit_is_reported_where_it_passes(tmp_path: Path,
                                                                                   depth: int) -> None:
    """md_in_html's recursion fails the build at about 327 levels: reported at the start tag of the 327th."""
    found = index_problems(tmp_path, page(nested_divs(depth), "Home"), config=MD_IN_HTML)
    assert [problem[:3] for problem in found] == [(7 + 2 * 326, 1, "unreadable-file"),
                                                  (7 + 2 * depth, 1, "broken-link")]
    assert "nest more than 326 deep here" in found[0][3] and "the build fails on the page" in found[0][3]


def test_the_builds_limit_for_markdown_in_html_is_the_validators(tmp_path: Path) -> None:
    for depth, fails in ((326, False), (328, True)):
        project = make_project(tmp_path / str(depth), {"index.md": page(nested_divs(depth), "Home")},
                               config=MD_IN_HTML)
        build = build_site(tmp_path / f"site-{depth}", project / "mkdocs.yml", strict=False)
        assert (build.returncode != 0) == fails, build.stderr[-500:]
        assert ("Error reading page 'index.md': maximum recursion depth exceeded" in build.stderr) == fails


@pytest.mark.parametrize(("body", "expected"), [
    ("<div markdown>\nTight: [link](gone.md).\n</div>\nAfter: [link](gone.md).",
     [(8, 8, "broken-link", GONE), (10, 8, "broken-link", GONE)]),
    ('<div markdown="0">\n\n[raw text](gone.md)\n\n</div>', []),
    ("<div markdown>\n\n<div>\n[raw text](gone.md)\n</div>\n\n</div>", []),
    ('<section markdown="block">\n\n[link](gone.md)\n\n</section>', [(9, 1, "broken-link", GONE)]),
    ("<div markdown>On the line of the tag: [link](gone.md).</div>", [(7, 39, "broken-link", GONE)]),
    ("<p markdown>In a span element: [link](gone.md).</p>", [(7, 32, "broken-link", GONE)]),
])
def test_markdown_in_html_as_md_in_html_reads_it(tmp_path: Path, body: str, expected: list) -> None:
    assert index_problems(tmp_path, page(body, "Home"), config=MD_IN_HTML) == expected


@pytest.mark.parametrize("body", [
    "> " * 5000 + "[link](gone.md)",
    "".join("    " * level + "- item\n" for level in range(300)),
    "".join("    " * level + "!!! note\n" for level in range(500)),
])
def test_nesting_beyond_reading_is_no_traceback(tmp_path: Path, body: str) -> None:
    assert all(problem[2] != "unreadable-file" for problem in index_problems(tmp_path, page(body, "Home"),
                                                                             config=CONTAINERS))


@pytest.mark.parametrize(("text", "with_footnotes", "without"), [
    # Without the footnotes extension, '[^x]: target' is an ordinary reference definition and '[^x]' a link to it.
    ("A note[^x].\n\n[^x]: gone.md\n", [], [(3, 7, "link gone.md")]),
    # An undefined '[^x]' is plain text then, like '[word]'; '[text][^x]' the literal text of an undefined reference.
    ("A note[^x].\n", [(3, 7, "undefined-footnote")], []),
    ("A note [words][^x].\n", [(3, 15, "undefined-footnote")], [(3, 8, "undefined-reference")]),
])
def test_footnote_syntax_is_read_only_with_the_footnotes_extension(text: str, with_footnotes: list,
                                                                     without: list) -> None:
    def found(extensions: frozenset[str]) -> list[tuple[int, int, str]]:
        page = "# Title\n\n" + text
        links = [(link.line, link.column, f"link {link.url}") for link in facts_of(page, extensions=extensions).links]
        return links + [(p.line, p.column, p.rule) for p in problems_of(page, extensions=extensions)
                        if p.rule in ("undefined-footnote", "undefined-reference")]

    assert found(frozenset({"footnotes"})) == with_footnotes
    assert found(frozenset()) == without


NESTED_FOOTNOTE = "Text[^a].\n\n[^a]: A footnote.\n\n    [^b]: Defined in its text.\n"


@pytest.mark.parametrize(("after", "expected"), [
    ("\n[^c]: Defined after it.\n", [(11, 5, "unreadable-file")]),
    ("", []),  # the last footnote: the build drops the one inside, and goes on
])
def test_a_footnote_defined_in_a_footnote_fails_the_build_when_more_follow(tmp_path: Path, after: str,
                                                                         expected: list) -> None:
    body = NESTED_FOOTNOTE + after
    found = index_problems(tmp_path, page(body, "Home"))
    assert [problem[:3] for problem in found if problem[2] == "unreadable-file"] == expected
    build = build_site(tmp_path / "site", tmp_path / "mkdocs.yml", strict=False)
    assert (build.returncode != 0) == bool(expected)
    assert ("Error reading page 'index.md': OrderedDict mutated during iteration" in build.stderr) == bool(expected)


def test_a_footnote_defined_in_the_last_footnote_is_left_out_by_the_build_and_reported(tmp_path: Path) -> None:
    body = "Text[^a] and a second note[^b].\n\n[^a]: A footnote.\n\n    [^b]: Defined in its text.\n"
    found = index_problems(tmp_path, page(body, "Home"))
    assert [problem[:3] for problem in found if "footnote" in problem[2]] == [(11, 5, "undefined-footnote")]
    assert "inside the text of the page's last footnote" in found[0][3]
    build = build_site(tmp_path / "site", tmp_path / "mkdocs.yml", strict=False)
    assert build.returncode == 0, build.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="#fn:b"' in html and 'id="fn:b"' not in html and "Defined in its text" not in html


def _links(text: str, **settings: object) -> list[tuple[int, int, str]]:
    return [(link.line, link.column, link.url) for link in facts_of(text, **settings).links]  # type: ignore[arg-type]


COMMENT_TERM = "# Options\n\n<!-- md:option use_pygments -->\n\n:   Text.\n\n    See [it](gone.md).\n"


@pytest.mark.parametrize(("text", "links"), [
    (COMMENT_TERM, [(7, 9, "gone.md")]),
    ("# Options\n\n<!-- md:option\n     two lines -->\n:   Text.\n\n    See [it](gone.md).\n", [(7, 9, "gone.md")]),
    ("# Options\n\n:   No term, after a heading.\n\n    See [it](gone.md).\n", [(5, 9, "gone.md")]),
    # The first block of the page (or of any container) has no block before it: a paragraph, then code.
    (":   A paragraph.\n\n    [code](gone.md)\n", []),
    ("- Item\n\n:   After a list.\n\n    See [it](gone.md).\n", [(5, 9, "gone.md")]),
    ("```\ncode\n```\n\n:   After a fence.\n\n    See [it](gone.md).\n", [(7, 9, "gone.md")]),
])
def test_a_definition_after_any_block_is_read_as_def_list_reads_it(text: str, links: list) -> None:
    assert _links(text) == links


def test_a_definition_after_a_comment_is_code_without_def_list() -> None:
    assert _links(COMMENT_TERM, extensions=frozenset({"footnotes"})) == []


@pytest.mark.parametrize(("text", "links"), [
    ("See the [style sheet].\n[style sheet]: gone.md\n", [(1, 9, "gone.md")]),
    ("See [a] and [b].\n[a]: gone.md\n[b]:\n   other.md \"Title\"\nThen [c](more.md).\n",
     [(1, 5, "gone.md"), (1, 13, "other.md"), (5, 6, "more.md")]),
    ("> See [a].\n> [a]: gone.md\n", [(1, 7, "gone.md")]),
    ("Four spaces in, a line is text: [a][b].\n    [b]: gone.md\n", []),
])
def test_a_definition_on_a_later_line_of_a_paragraph_defines_its_label(text: str, links: list) -> None:
    assert _links(text) == links


def test_a_definition_four_spaces_in_is_text_and_its_label_undefined() -> None:
    found = problems_of("Text: [a][b].\n    [b]: gone.md\n")
    assert [(problem.line, problem.column, problem.rule) for problem in found] == [(1, 7, "undefined-reference")]


@pytest.mark.parametrize(("text", "links"), [
    ("A [link](gone one.md).", [(1, 3, "gone one.md")]),
    ("A [link]([a list](https://example.com)).", [(1, 3, "[a list](https://example.com)")]),
    ("An ![image](gone one.png \"Title\").", [(1, 4, "gone one.png")]),
    ("A [link](gone (1) one.md) and [another](two.md).", [(1, 3, "gone (1) one.md"), (1, 31, "two.md")]),
    ("An escape: [link](gone \\(1 one.md).", [(1, 12, "gone (1 one.md")]),
    ("Unbalanced: [link](gone (1\\) one.md), [text] (gone one.md), `[code](gone one.md)`.", []),
    ("> In a quote,\n> a [link](gone\n> one.md).", [(2, 5, "gone\none.md")]),
])
def test_links_python_markdown_makes_and_commonmark_does_not(text: str, links: list) -> None:
    assert _links(text) == links


@pytest.mark.parametrize(("text", "links"), [
    ("[a](" * 5000, 0), ("[a]((b) " * 5000, 0), ("[a](b " * 5000 + ")", 1),
    ('[a]("' * 3, 1),  # an unclosed title: the link takes the text up to its last character
])
def test_python_markdown_links_left_open_are_text(text: str, links: int) -> None:
    assert len(_links(text)) == links


def test_a_hostile_line_of_open_titles_is_read_from_its_first_link() -> None:
    # The build makes one link of it all; the validator reads URLs 500 characters at most, for so long.
    assert _links('[a]("' * 5000)[0][:2] == (1, 1)


@pytest.mark.parametrize(("text", "found"), [
    ("[`Path`][path]", [(1, 1, "path")]),
    ("[*Path*][path] and [**The** `Path` class][path]", [(1, 1, "path"), (1, 20, "path")]),
    # Found as read; the rendered page confirms it (rendered.py), as any undefined reference.
    ("[`Path`][]", [(1, 1, "`Path`")]),
    ("[`Path`][defined]\n\n[defined]: index.md", []),
    ("`[Path][path]` in code", []),
])
def test_a_reference_whose_text_is_code_or_emphasis_is_undefined_like_plain_text(text: str, found: list) -> None:
    assert [(u.line, u.column, u.label) for u in facts_of(text).unresolved] == found


@pytest.mark.parametrize("text", ["[a](plain.md)", "[a](<angled one.md>)", "[a](with\\(escape).md)", "[a](x(y).md)",
                                  "[a]:\n  plain.md", "[a](%20-~.md#x)", "[a]()"])
def test_the_fast_link_destination_is_markdown_its_own(text: str) -> None:
    """Same result as markdown-it's parseLinkDestination, every field, and `lines` (markdown-it-py 3 reads it)."""
    from markdown_it.helpers import parseLinkDestination

    from validator.parser import _parse_link_destination

    start = text.index("(") + 1 if "(" in text else text.index("\n") + 3
    fast, slow = _parse_link_destination(text, start, len(text)), parseLinkDestination(text, start, len(text))
    assert {name: getattr(fast, name) for name in slow.__slots__} == \
        {name: getattr(slow, name) for name in slow.__slots__}
    if type(fast) is not type(slow):  # the fast path's own result: markdown-it-py 3's reference rule reads `lines`
        assert fast.lines == 0
