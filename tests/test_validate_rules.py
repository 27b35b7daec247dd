"""The page rules one by one, each over the facts of a Markdown string (validator/checks.py, facts.py).

Each rule gets a page it must flag and a near miss it must leave alone. The
projects in the other test files check the same rules through the command
line; here a rule that stops judging its facts fails alone, with its name.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import conftest  # noqa: F401 - puts scripts/ on sys.path
from validator.checks import PageReader, facts_of, problems_of
from validator.facts import Page
from validator.front_matter import FrontMatterChecker
from validator.names import NameIndex
from validator.snippets import Snippets


def found(text: str, **settings: object) -> list[tuple[int, int, str]]:
    """(line, column, rule) of each page-rule problem of `text`."""
    return [(p.line, p.column, p.rule) for p in problems_of(text, **settings)]


def names(variant: str, canonical: str) -> NameIndex:
    index = NameIndex(variant_of={variant: canonical})
    index.canonical["people"].add(canonical)
    index.finish()
    return index


# Facts -----------------------------------------------------------------------------

def test_reading_records_links_headings_and_ids_with_their_positions() -> None:
    page = facts_of("# Title {#top}\n\nSee [there](a.md#x) and ![map](m.png).\n\n<a id=\"raw\" href=\"b.md\">b</a>\n")
    assert [(link.url, link.line, link.column, link.image, link.raw_html) for link in page.links] == [
        ("a.md#x", 3, 5, False, False), ("m.png", 3, 25, True, False), ("b.md", 5, 1, False, True)]
    assert [(h.level, h.text, h.explicit_id, h.line, h.column) for h in page.headings] == [(1, "Title", "top", 1, 3)]
    assert [(i.id, i.line, i.column, i.heading) for i in page.element_ids] == [("top", 1, 10, True)]
    assert [(i.id, i.line) for i in page.html_ids] == [("raw", 5)]
    assert page.title == "Title" and page.title_position == (1, 3)


def test_reading_judges_nothing() -> None:
    page = facts_of('# T\n\nHe said "yes" [a][nope].\n\n<script>x</script>\n')
    assert page.problems == [] and page.unconfirmed == []
    assert [(u.label, u.line, u.column) for u in page.unresolved] == [("nope", 3, 15)]
    assert [(t.name, t.line) for t in page.tags] == [("script", 5)]


def test_the_kept_facts_hold_no_text_of_the_page_and_pickle(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("---\ntitle: A page\n---\n\nSome prose that " + "long " * 500 + "ends [here](a.md).\n",
                    encoding="utf-8")
    page = PageReader(front_matter=FrontMatterChecker(None), names=None, attr_list=True,
                      footnotes=True).read(str(path), "page.md", "docs/page.md")
    assert page.prose == [] and page.tags == [] and page.front_matter is None and page.expansion is None
    assert "long long" not in repr(page)
    again = pickle.loads(pickle.dumps(page))
    assert isinstance(again, Page) and again.links == page.links and again.title == "A page"


# Reading failures --------------------------------------------------------------------

@pytest.mark.parametrize(("content", "rule"), [
    (b"", "empty-page"),
    (b" \n\n", "empty-page"),
    (b"# Title\n\x00binary", "unreadable-file"),
    (b"# Caf\xe9\n", "unreadable-file"),
])
def test_a_file_that_is_no_page(tmp_path: Path, content: bytes, rule: str) -> None:
    path = tmp_path / "page.md"
    path.write_bytes(content)
    page = PageReader(front_matter=FrontMatterChecker(None), names=None, attr_list=False,
                      footnotes=False).read(str(path), "page.md", "docs/page.md")
    assert [problem.rule for problem in page.problems] == [rule]
    assert not page.readable


# Front matter --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("---\ntitle: A\n---\n# T\n", []),
    ("---\ntitle: A\ntitle: B\n---\n# T\n", [(3, 1, "front-matter-syntax")]),
    ("---\ntitle: [\n---\n# T\n", [(3, 1, "front-matter-syntax")]),
    ("---\na: &x 1\nb: *x\n---\n# T\n", [(2, 1, "front-matter-syntax")]),
    ("---\r\ntitle: A\r\n---\r\n# T\r\n", [(1, 1, "front-matter-syntax")]),
    ("---\ndate: 2022-13-45\n---\n# T\n", [(2, 7, "wrong-type")]),
    ("---\ntitle: <b>A</b>\n---\n# T\n", [(2, 8, "markup-in-plain-text")]),
    ("---\nurl: javascript:alert(1)\n---\n# T\n", [(2, 6, "active-scheme")]),
])
def test_front_matter(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert found(text) == expected


# Prose -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("# T\n\nHe said “yes”, it’s done.\n", []),
    ('# T\n\nHe said "yes".\n', [(3, 9, "straight-quote"), (3, 13, "straight-quote")]),
    ("# T\n\nIt's `it's` and [link](it's.md).\n", [(3, 3, "straight-quote")]),
    ('# T\n\nText\n{ title="x" }\n', []),
    ('---\ntitle: "It\'s"\n---\n# T\n', [(2, 11, "straight-quote")]),
    ('# T\n\n<p>It\'s <span title="x">so</span></p>\n', [(3, 6, "straight-quote")]),
    ('# T\n\n<!-- verbatim -->\n> "As written"\n', []),
])
def test_straight_quote(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("# T\n\nKirill Stremousov spoke.\n", []),
    ("# T\n\nThen Kiril\nStremoúsov spoke.\n", [(3, 6, "name-variant")]),
    ("# T\n\n`Stremoúsov` and ~~Stremoúsov~~\n", []),
    ("# T\n\n<!-- verbatim -->\n> Stremoúsov said\n", []),
    ("---\ntitle: Stremoúsov\n---\n# T\n", [(2, 8, "name-variant")]),
])
def test_name_variant(text: str, expected: list[tuple[int, int, str]]) -> None:
    index = names("Stremoúsov", "Kirill Stremousov")
    index.variant_of["Kiril Stremoúsov"] = "Kirill Stremousov"
    index.finish()
    assert found(text, names=index, strikethrough=True) == expected


# References and footnotes --------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("# T\n\n[text][label] and [label][]\n\n[label]: a.md\n", []),
    ("# T\n\n[text][nope] and [Nope][]\n", [(3, 1, "undefined-reference"), (3, 18, "undefined-reference")]),
    ("# T\n\n[text][one]\n\n[one]: a.md\n[one]: b.md\n", []),
    ("# T\n\n`[text][nope]`\n", []),
])
def test_undefined_reference(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert found(text) == expected


def test_undefined_references_wait_for_the_rendered_page() -> None:
    page = PageReader(front_matter=FrontMatterChecker(None), names=None, attr_list=False,
                      footnotes=True).read_text("# T\n\n[text][nope]\n")
    assert page.problems == [] and [p.rule for p in page.unconfirmed] == ["undefined-reference"]


@pytest.mark.parametrize(("text", "expected"), [
    ("# T\n\nText[^1].\n\n[^1]: Note.\n", []),
    ("# T\n\nText[^2].\n\n[^1]: Note.\n", [(3, 5, "undefined-footnote"), (5, 1, "unused-footnote")]),
    ("# T\n\n!!! note\n\n    Inside[^1].\n\n[^1]: Note.\n", []),
])
def test_footnotes(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert found(text, extensions=frozenset({"footnotes", "admonition"})) == expected


# Constructs the build prints as text ------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("# T\n\n```\ncode\n```\n", []),
    ("# T\n\n```python\ncode\n", [(3, 1, "unclosed-fence")]),
    ("# T\n\n<!-- a comment -->\n", []),
    ("# T\n\nText\n\n<!-- never closed\n\n## Later\n", [(5, 1, "unclosed-comment")]),
])
def test_unclosed_constructs(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert found(text) == expected


# Raw HTML and attributes -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ('# T\n\n<span class="x">a</span>\n', []),
    ("# T\n\n<script>x</script>\n", [(3, 1, "unsafe-html")]),
    ('# T\n\n<p onclick="x">a</p>\n', [(3, 1, "unsafe-html")]),
    ("# T\n\nText\n{ onclick=x }\n", [(4, 3, "unsafe-html")]),
    ('# T\n\n<video poster="https://example.org/a.png"></video>\n', [(3, 1, "remote-resource")]),
    ('# T\n\n<iframe src="https://example.org/"></iframe>\n', [(3, 1, "unsafe-html")]),
    ('# T\n\n<form action="javascript:go()"></form>\n', [(3, 1, "active-scheme"), (3, 1, "unsafe-html")]),
])
def test_unsafe_markup(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("---\npeople: [Kirill Stremousov]\n---\n# T\n", []),
    ("---\npeople:\n  - Stremoúsov\n---\n# T\n", [(3, 5, "unknown-name")]),
    ("---\nplaces: [Nowhere]\n---\n# T\n", [(2, 10, "unknown-name")]),
])
def test_unknown_name(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert found(text, names=names("Stremoúsov", "Kirill Stremousov")) == expected


# Includes ----------------------------------------------------------------------------------

def test_a_problem_in_included_text_is_at_the_include_line_and_names_where_it_is(tmp_path: Path) -> None:
    (tmp_path / "part.md").write_text("## Part\n\nIt's [gone](gone.md).\n", encoding="utf-8")
    snippets = Snippets({"base_path": [str(tmp_path)]}, lambda path: Path(path).name)
    page = PageReader(front_matter=FrontMatterChecker(None), names=None, attr_list=False, footnotes=False,
                      snippets=snippets).read_text('# T\n\nText.\n\n--8<-- "part.md"\n')
    assert [(p.line, p.column, p.rule, p.message.endswith("(in part.md:3:3, included here)")) for p in page.problems] \
        == [(5, 1, "straight-quote", True)]
    assert [(link.url, link.line, link.column, link.included) for link in page.links] == [("gone.md", 5, 1, "part.md:3:6")]
    assert [(heading.text, heading.line, heading.included) for heading in page.headings] == [
        ("T", 1, None), ("Part", 5, "part.md:1:4")]


# Ids, once the page's facts are placed (checks.PLACED_RULES) --------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("## A {#x}\n\n## B {#x}\n", [(3, 7, "duplicate-id")]),
    ('# Top\n\n<a id="top"></a>\n', [(3, 1, "duplicate-id")]),  # toc does not see raw HTML ids
    ("## Same\n\n## Same\n", []),  # toc makes the second same_1
    ("## A {#x}\n\n## B {#y}\n", []),
])
def test_duplicate_id(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert [(p.line, p.column, p.rule) for p in problems_of(text)] == expected
