"""The site rules one by one (validator/site_checks.py), each over small facts made in memory.

As in tests/test_validate_rules.py for the page rules: each rule gets a case
it must flag and a near miss it must leave alone, so that a rule that stops
judging its facts fails alone, with its name. Links are resolved by the real
resolver (links.py) over a handful of File objects; the other facts are made
by the functions that gather them (nav, names file, symlinks, plugins) on a
tiny project, or written out directly.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.structure.files import File, Files, InclusionLevel

import conftest  # noqa: F401 - puts scripts/ on sys.path
from validator.events import build_files
from validator.facts import BadSymlink, Link, NotInNav, PluginFailure, Resolution, Titled, Titles
from validator.links import LinkResolver
from validator.names import load_names, read_names
from validator.project import Project, discover_files, load_project, mkdocs_messages
from validator.site_checks import judge, judge_link
from validator.structure import nav_facts

# The docs directory of the link tests: pages, an image, a section with its index, an excluded page and a draft.
FILES = ("index.md", "guide.md", "img/map.png", "section/index.md", "private.md", "draft.md")
IDS = {"index.md": ("home",), "guide.md": ("intro", "second-part", "fn:1"), "section/index.md": (),
       "private.md": (), "draft.md": ()}


def resolver(tmp_path: Path) -> LinkResolver:
    docs = tmp_path / "docs"
    files = []
    for uri in FILES:
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text("x", encoding="utf-8")
        file = File(uri, str(docs), str(tmp_path / "site"), True)
        file.inclusion = {"private.md": InclusionLevel.EXCLUDED, "draft.md": InclusionLevel.DRAFT}.get(
            uri, InclusionLevel.UNDEFINED)
        files.append(file)
    pages = {uri: SimpleNamespace(readable=True) for uri in IDS}
    return LinkResolver(docs, Files(files), pages, IDS)


def resolved(tmp_path: Path, url: str, *, image: bool = False, alt: str | None = "A map", raw: bool = False,
             on: str = "index.md") -> Resolution:
    links = resolver(tmp_path)
    link = Link(url, 3, 5, image=image, alt=alt if image else None, raw_html=raw)
    return links.resolve(link, f"docs/{on}", links.files.get_file_from_path(on))


def found(tmp_path: Path, url: str, **how: object) -> list[tuple[str, str]]:
    """(rule, message) of each problem the link rules find in a link at docs/index.md:3:5 (or `on`)."""
    problems = judge_link(resolved(tmp_path, url, **how))  # type: ignore[arg-type]
    assert {(p.path, p.line, p.column) for p in problems} <= {(f"docs/{how.get('on', 'index.md')}", 3, 5)}
    return [(p.rule, p.message) for p in problems]


def rules(tmp_path: Path, url: str, **how: object) -> list[str]:
    return [rule for rule, _ in found(tmp_path, url, **how)]


# Resolving ---------------------------------------------------------------------------

def test_resolving_says_where_a_link_leads_and_judges_nothing(tmp_path: Path) -> None:
    assert resolved(tmp_path, "guide.md#intro").kind == "found"
    missing = resolved(tmp_path, "gide.md")
    assert (missing.kind, missing.target, missing.write) == ("missing", "gide.md", "guide.md")
    case = resolved(tmp_path, "Guide.md")
    assert (case.kind, case.target, case.write) == ("case", "guide.md", "guide.md")
    anchor = resolved(tmp_path, "guide.md#intr")
    assert (anchor.kind, anchor.target, anchor.detail, tuple(anchor.ids)) == ("no-anchor", "guide.md", "intr",
                                                                              IDS["guide.md"])
    assert resolved(tmp_path, "section/index.md", on="guide.md").kind == "found"
    assert resolved(tmp_path, "../guide/", raw=True, on="section/index.md").kind == "found"  # the page's URL
    assert resolved(tmp_path, "guide.md", raw=True).kind == "raw-source"  # the built site has guide/


# Link rules: each flags its cases and leaves the near misses alone ----------------------

@pytest.mark.parametrize(("url", "how", "rule"), [
    ("img/map.png", {"image": True, "alt": ""}, "image-alt"),
    ("img/map.png", {"image": True, "alt": " "}, "image-alt"),  # whitespace says nothing either
    ("img/map.png", {"image": True, "alt": None, "raw": True}, "image-alt"),
    ("gide.md", {}, "broken-link"),
    ("a[b", {}, "broken-link"),
    ("guide.md", {"raw": True}, "broken-link"),  # raw HTML: not rewritten to guide/
    ("gide.md", {"raw": True}, "broken-link"),
    ("img/mapp.png", {"image": True}, "missing-image"),
    ("", {"image": True}, "missing-image"),
    ("img/", {"image": True}, "missing-image"),
    ("section/", {}, "directory-link"),
    ("Guide.md", {}, "case-mismatch"),
    ("private.md", {}, "excluded-target"),
    ("draft.md", {}, "excluded-target"),
    ("../README.md", {}, "escapes-docs"),
    ("..", {}, "escapes-docs"),
    ("../../outside.html", {"raw": True}, "escapes-docs"),
    ("/guide/", {}, "absolute-link"),
    ("\\guide.md", {}, "absolute-link"),
    ("guide.md#intr", {}, "broken-anchor"),
    ("guide.md#Intro", {}, "broken-anchor"),  # ids are compared as written
    ("#nowhere", {}, "broken-anchor"),
    ("http://example.org/", {}, "insecure-link"),
    ("HTTP://example.org/", {}, "insecure-link"),
    ("javascript:alert(1)", {}, "active-scheme"),
    ("vbscript:msgbox(1)", {}, "active-scheme"),
    ("https://example.org/map.png", {"image": True}, "remote-resource"),
])
def test_a_link_rule_flags(tmp_path: Path, url: str, how: dict[str, object], rule: str) -> None:
    assert rules(tmp_path, url, **how) == [rule]


@pytest.mark.parametrize(("url", "how"), [
    ("img/map.png", {"image": True, "alt": "A map"}),
    ("guide.md", {}),
    ("section/index.md", {}),
    ("section/../guide.md", {}),
    ("../guide/#intro", {"raw": True, "on": "guide.md"}),  # raw HTML: relative to the page's URL, guide/
    ("//example.org/guide", {}),  # another host, the page's scheme
    ("guide.md#intro", {}),
    ("guide.md#:~:text=words", {}),  # a text fragment is no id
    ("guide.md#intro:~:text=words", {}),
    ("#home", {}),
    ("#", {}),
    ("https://example.org/", {}),
    ("mailto:a@example.org", {}),
    ("data:image/png;base64,AAAA", {"image": True}),  # an image's data: URL runs nothing
    ("https://example.org/map.png", {}),  # a link to a remote image loads nothing by itself
])
def test_a_link_rule_leaves_alone(tmp_path: Path, url: str, how: dict[str, object]) -> None:
    assert found(tmp_path, url, **how) == []


def test_link_messages_say_what_to_write(tmp_path: Path) -> None:
    assert found(tmp_path, "gide.md") == [
        ("broken-link", "'gide.md' — there is no file gide.md in the docs directory (did you mean 'guide.md'?)")]
    assert found(tmp_path, "section/") == [
        ("directory-link", "'section/' — points to a directory: link to the page itself, 'section/index.md'")]
    assert found(tmp_path, "/guide/") == [
        ("absolute-link", "'/guide/' — an absolute link depends on where the site is served and breaks from "
                          "file://: write 'guide.md'")]
    assert found(tmp_path, "guide.md#second") == [
        ("broken-anchor", "'guide.md#second' — guide.md has no heading with id 'second' (did you mean "
                          "'#second-part'?)")]
    assert found(tmp_path, "draft.md") == [
        ("excluded-target", "'draft.md' — draft.md is a draft (draft_docs), so the built site will not have it: "
                            "link to a published page, or publish the target")]


def test_a_link_from_an_include_says_where_it_is(tmp_path: Path) -> None:
    links = resolver(tmp_path)
    link = Link("gide.md", 3, 1, included="includes/part.md:2:4")
    problems = judge_link(links.resolve(link, "docs/index.md", links.files.get_file_from_path("index.md")))
    assert [p.message for p in problems] == ["'gide.md' — there is no file gide.md in the docs directory (did you "
                                             "mean 'guide.md'?) (in includes/part.md:2:4, included here)"]


# The nav -----------------------------------------------------------------------------

def nav_problems(tmp_path: Path, nav: list[object], read: tuple[str, ...] = ("index.md", "guide.md")) \
        -> list[tuple[int, int, str]]:
    links = resolver(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\nnav:\n" + "".join(f'  - "{entry}"\n' for entry in nav), encoding="utf-8")
    pages = {uri: SimpleNamespace(path=f"docs/{uri}") for uri in read}
    facts = nav_facts(nav, links.files, config, pages, links)
    return sorted((p.line, p.column, p.rule) for p in judge(facts))


@pytest.mark.parametrize(("entry", "rule"), [
    ("gide.md", "nav-missing-file"),
    ("section/", "nav-missing-file"),
    ("Guide.md", "case-mismatch"),
    ("private.md", "excluded-target"),
    ("/guide.md", "absolute-link"),
    ("http://[::1", "nav-missing-file"),  # no URL urlsplit can read: looked up as a path, no traceback
])
def test_a_nav_rule_flags(tmp_path: Path, entry: str, rule: str) -> None:
    assert nav_problems(tmp_path, ["index.md", "guide.md", entry]) == [(5, 5, rule)]


@pytest.mark.parametrize("entry", ["section/index.md", "https://example.org/", "http://example.org/"])
def test_a_nav_rule_leaves_alone(tmp_path: Path, entry: str) -> None:
    assert nav_problems(tmp_path, ["index.md", "guide.md", entry]) == []


def test_not_in_nav(tmp_path: Path) -> None:
    assert nav_problems(tmp_path, ["index.md"]) == [(1, 1, "not-in-nav")]
    assert nav_problems(tmp_path, ["index.md"], read=("index.md",)) == []  # a page not read is not judged
    assert judge([NotInNav("docs/a.md", "mkdocs.yml")])[0].message == (
        "the page is not in the nav of mkdocs.yml: add it under nav:, or list it under not_in_nav if readers reach "
        "it only through links")


# Titles ------------------------------------------------------------------------

def test_duplicate_title() -> None:
    pages = [Titled("docs/a.md", "a.md", "The  Battle", (2, 8)), Titled("docs/b.md", "b.md", "the battle", (1, 3)),
             Titled("docs/c.md", "c.md", "The battles", (1, 3)), Titled("docs/d.md", "d.md", None, (1, 1)),
             Titled("docs/e.md", "e.md", None, (1, 1))]
    assert [(p.path, p.line, p.column, p.rule) for p in judge([Titles(pages)])] == [
        ("docs/a.md", 2, 8, "duplicate-title"), ("docs/b.md", 1, 3, "duplicate-title")]
    assert judge([Titles(pages[2:])]) == []


def test_duplicate_title_says_where_a_title_not_in_the_page_comes_from() -> None:
    pages = [Titled("docs/a.md", "a.md", "Agents", (1, 1), "the nav of mkdocs.yml"),
             Titled("docs/b.md", "b.md", "Agents", (1, 3))]
    assert [(p.path, p.line, p.column, p.message) for p in judge([Titles(pages)])] == [
        ("docs/a.md", 1, 1, "the title 'Agents', given by the nav of mkdocs.yml, is also the title of b.md: give each "
                            "page a distinct title"),
        ("docs/b.md", 1, 3, "the title 'Agents' is also the title of a.md: give each page a distinct title")]



# Gathering the files -----------------------------------------------------------------

def project(tmp_path: Path, config: str = "") -> Project:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: T\n" + config, encoding="utf-8")
    return load_project(str(tmp_path / "mkdocs.yml"))


def test_symlinks_the_build_must_not_follow(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("x", encoding="utf-8")
    site = project(tmp_path)
    docs = tmp_path / "docs"
    (docs / "inside.md").symlink_to(docs / "index.md")  # a near miss: it stays in the docs directory
    (docs / "out.md").symlink_to(outside)
    (docs / "gone.md").symlink_to(tmp_path / "gone.md")
    (docs / "sub").mkdir()
    (docs / "sub" / "up").symlink_to(docs)
    previous = os.getcwd()
    os.chdir(tmp_path)
    try:
        files, facts = discover_files(site)
    finally:
        os.chdir(previous)
    assert sorted(files.src_uris) == ["index.md", "inside.md"]
    assert sorted((fact.path, fact.why) for fact in facts) == [
        ("docs/gone.md", "dangling"), ("docs/out.md", "outside"), ("docs/sub/up", "loops")]
    assert sorted((p.path, p.rule) for p in judge(facts)) == [
        ("docs/gone.md", "unreadable-file"), ("docs/out.md", "escaping-symlink"), ("docs/sub/up", "escaping-symlink")]


def test_escaping_symlink_messages() -> None:
    assert [p.message for p in judge([BadSymlink("docs/a", "outside", "../x", directory=True),
                                      BadSymlink("docs/b", "loops", "docs", directory=True)])] == [
        "this symlink points outside the docs directory, to ../x: copy what it should publish into the docs "
        "directory, or delete it",
        "this symlink loops back to a directory that contains it: copy what it should publish into the docs "
        "directory, or delete it"]


@pytest.mark.parametrize(("hook", "expected"), [
    ("def on_files(files, config):\n    raise ValueError('no')\n", [(3, 5, "plugin-failed")]),
    ("def on_files(files, config):\n    return files\n", []),
])
def test_plugin_failed(tmp_path: Path, hook: str, expected: list[tuple[int, int, str]]) -> None:
    (tmp_path / "hook.py").write_text(hook, encoding="utf-8")
    site = project(tmp_path, "hooks:\n  - hook.py\n")
    files, facts = build_files(lambda: discover_files(site), site.config, site.config_file, "mkdocs.yml",
                               mkdocs_messages)
    assert "index.md" in files.src_uris
    assert [(p.line, p.column, p.rule) for p in judge(facts)] == expected
    assert all(isinstance(fact, PluginFailure) for fact in facts)


# The names file ------------------------------------------------------------------------

SOURCED = "people:\n  - name: Anna Example\n    description: {description}\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("people: [", [(1, 10, "invalid-names-file")]),
    ("people:\n  - name: Anna Example\n", [(2, 5, "invalid-names-file")]),
    ("people:\n  - name: Anna\n    description: A, as the report describes her\n"
     "  - name: Anna\n    description: B, as the report describes her\n", [(4, 11, "invalid-names-file")]),
    (SOURCED.format(description="A lawyer"), [(3, 18, "unsourced-description")]),
    (SOURCED.format(description="'A \"lawyer\", as the report describes her'"),
     [(3, 21, "straight-quote"), (3, 28, "straight-quote")]),
    (SOURCED.format(description="A <b>lawyer</b>, as the report describes her"), [(3, 18, "markup-in-plain-text")]),
    (SOURCED.format(description="A lawyer, as the report describes her"), []),
    (SOURCED.format(description="A “lawyer”, a < b, as the report describes her"), []),
    (SOURCED.format(description="A lawyer") + "    sources:\n      - {title: T, url: 'https://example.org/'}\n", []),
])
def test_names_file_rules(tmp_path: Path, text: str, expected: list[tuple[int, int, str]]) -> None:
    names_file = tmp_path / "names.yml"
    names_file.write_text(text, encoding="utf-8")
    index, problems = load_names(names_file, "names.yml")
    assert [(p.line, p.column, p.rule) for p in problems] == expected
    assert (index is None) == any(rule == "invalid-names-file" for _, _, rule in expected)


def test_reading_the_names_file_judges_nothing(tmp_path: Path) -> None:
    names_file = tmp_path / "names.yml"
    names_file.write_text(SOURCED.format(description="A lawyer"), encoding="utf-8")
    facts = read_names(names_file, "names.yml")
    assert [(d.name, d.text, d.line, d.column, d.sources) for d in facts.descriptions] == [
        ("Anna Example", "A lawyer", 3, 18, False)]
    assert facts.errors == [] and facts.index is not None
    assert read_names(tmp_path / "none.yml", "none.yml").index is None
