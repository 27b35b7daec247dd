"""The validator and MkDocs agree: the same heading ids, and every problem MkDocs' validation finds, found at a line."""

from __future__ import annotations

import contextlib
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from validator import load_project, run
from validator.anchors import page_anchors
from validator.check import page_reader
from validator.front_matter import FrontMatterChecker
from validator.report import render

from score_validator import LINK_RULES, build_link_findings, built_html, link_findings
from score_validator import runs as pattern_runs

FIXTURES = ROOT / "tests" / "fixtures" / "validator"


class _HeadingIds(HTMLParser):
    """Ids of the headings in the page's content (the theme's role="main" element), not the theme's own."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.depth = 0  # of <div>s, inside the content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div" and (self.depth or dict(attrs).get("role") == "main"):
            self.depth += 1
        if self.depth and re.fullmatch(r"h[1-6]", tag):
            self.ids.append(dict(attrs).get("id") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.depth:
            self.depth -= 1


def built_heading_ids(html_file: Path) -> list[str]:
    parser = _HeadingIds()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser.ids


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs-unicode.yml"])
def test_heading_ids_are_the_ones_the_build_gives(tmp_path: Path, config: str) -> None:
    fixture = FIXTURES / "headings"
    build = build_site(tmp_path / "site", fixture / config)
    assert build.returncode == 0, build.stderr
    with contextlib.chdir(fixture):
        project = load_project(config)
        reader = page_reader(project, FrontMatterChecker(None), None)
        page = reader.read(str(fixture / "docs" / "index.md"), "index.md", "docs/index.md")
        assert run(project).problems == []
    anchors = sorted(page_anchors(page, project.slugify, project.separator), key=lambda a: (a.line, a.column))
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert [a.id for a in anchors if a.heading] == built_heading_ids(tmp_path / "site" / "index.html")
    assert len(anchors) > 25
    for anchor in anchors:
        assert f'id="{anchor.id}"' in html


WARNING_PATTERNS = [
    # (MkDocs' warning, the path of the file the validator should report it in, what its message must quote)
    (re.compile(r"Doc file '([^']+)' contains (?:a|an unrecognized relative|an absolute) link '([^']+)'"),
     lambda m: (f"docs/{m.group(1)}", f"'{m.group(2)}'")),
    (re.compile(r"A reference to '([^']+)' is included in the 'nav' configuration, which is not found"),
     lambda m: ("mkdocs.yml", f"'{m.group(1)}'")),
    (re.compile(r"An absolute path to '([^']+)' is included in the 'nav' configuration"),
     lambda m: ("mkdocs.yml", f"'{m.group(1)}'")),
]


def mkdocs_warnings(config: Path, site_dir: Path) -> list[str]:
    """MkDocs' own validation warnings for `config`, one string each (continuation lines joined)."""
    result = build_site(site_dir, config, strict=False)
    assert result.returncode == 0, result.stderr
    warnings: list[str] = []
    for line in result.stderr.splitlines():
        if line.startswith("WARNING"):
            warnings.append(line.split("-  ", 1)[1])
        elif line.startswith("  - ") and warnings:
            warnings[-1] += "\n" + line
    return warnings


LINK_WARNING = re.compile(r"Doc file '([^']+)' contains (?:a|an unrecognized relative|an absolute) link '([^']+)'")


def built_broken_links(config: Path, site_dir: Path) -> tuple[list[str], set[tuple[str, str]]]:
    """MkDocs' warnings for `config` (mkdocs_warnings), and the (page, link) of each one about a link."""
    warnings = mkdocs_warnings(config, site_dir)
    return warnings, {(f"docs/{m.group(1)}", m.group(2)) for w in warnings if (m := LINK_WARNING.search(w))}


def test_every_problem_mkdocs_finds_the_validator_finds_at_a_line(tmp_path: Path) -> None:
    fixture = FIXTURES / "broken"
    warnings = mkdocs_warnings(fixture / "mkdocs.yml", tmp_path / "site")
    assert len(warnings) >= 10, warnings
    with contextlib.chdir(fixture):
        found = run(load_project("mkdocs.yml")).problems
    for warning in warnings:
        if warning.startswith("The following pages exist in the docs directory, but are not included"):
            for page in re.findall(r"^  - (.+)$", warning, re.M):
                assert any(p.path == f"docs/{page}" and p.rule == "not-in-nav" for p in found), warning
            continue
        unused_footnote = re.search(r"contains a link '#(fnref:[^']+)', but there is no such anchor", warning)
        if unused_footnote:
            assert any(f"'#{unused_footnote.group(1)}'" in p.message and p.rule == "unused-footnote" for p in found)
            continue
        for pattern, expect in WARNING_PATTERNS:
            match = pattern.search(warning)
            if match:
                path, quoted = expect(match)
                assert any(p.path == path and p.message.startswith(quoted) or quoted in p.message and p.path == path
                           for p in found if p.line >= 1), f"the validator misses: {warning}"
                break
        else:
            pytest.fail(f"a kind of MkDocs warning this test does not know: {warning}")


# The pattern fixtures: each expected*.txt beside the mkdocs*.yml it is the validator's output for.
PATTERN_RUNS = [(fixture.name, config) for fixture, config, _ in pattern_runs()]


def test_there_are_pattern_fixtures() -> None:
    assert {name for name, _ in PATTERN_RUNS} >= {
        "caret", "code-text-reference", "comment-term-deflist", "containers", "definitions", "extension-ids", "files",
        "front-matter-title", "indented-bodies", "list-blocks", "md-in-html", "nested-blocks", "no-footnotes",
        "pymd-link-syntax", "raw-html", "refdef-in-paragraph", "text-fragments", "unclosed"}


@pytest.mark.parametrize(("name", "config"), PATTERN_RUNS)
def test_pattern_fixture_agrees_with_the_build(tmp_path: Path, name: str, config: str) -> None:
    """Every broken link the build reports is found at its line, and no link problem the build does not have.

    Exceptions, MkDocs' own false alarms: an anchor whose id the built page
    has (MkDocs collects ids before some extensions finish theirs), and a text
    fragment (#:~:text=words, after an id or not), which is not an id: browsers
    find the words; MkDocs reports it as a missing anchor unless the part before
    ':~:' is empty or an id.
    """
    copy = tmp_path / name
    shutil.copytree(FIXTURES / name, copy)  # the build never writes next to the fixture
    site = tmp_path / "site"
    warnings = mkdocs_warnings(copy / config, site)
    with contextlib.chdir(copy):
        project = load_project(config)
        found = run(project).problems
    built, other = build_link_findings(warnings, site)
    assert other == []
    for problem in found:
        if problem.rule in LINK_RULES:
            line = (copy / problem.path).read_text(encoding="utf-8").split("\n")[problem.line - 1]
            assert line[problem.column - 1] in "[!<", f"{problem} is not at the start of a link: {line!r}"
    assert link_findings(render(found, "text")) == built


@pytest.mark.parametrize(("name", "config"), PATTERN_RUNS)
def test_pattern_fixture_pages_have_the_ids_titles_and_text_of_the_build(tmp_path: Path, name: str,
                                                                        config: str) -> None:
    """Heading ids, duplicate titles and the text an unclosed fence or comment leaves, as the build has them."""
    fixture = FIXTURES / name
    build = build_site(tmp_path / "site", fixture / config, strict=False)
    assert build.returncode == 0, build.stderr
    with contextlib.chdir(fixture):
        project = load_project(config)
        found = run(project).problems
        reader = page_reader(project, FrontMatterChecker(None), None)
        titles = {}
        for file in sorted(project.docs_dir.rglob("*.md")):
            src_uri = file.relative_to(project.docs_dir).as_posix()
            page = reader.read(str(file), src_uri, f"docs/{src_uri}")
            if not page.readable:  # reported as unreadable-file or empty-page: the build shows what it can
                continue
            html = built_html(tmp_path / "site", src_uri)
            anchors = page_anchors(page, project.slugify, project.separator)
            assert [a.id for a in anchors if a.heading] == built_heading_ids(html), src_uri
            text = html.read_text(encoding="utf-8")
            if title := re.search(r"<title>(.*?) - ", text):  # the theme does not show the home page's
                titles[f"docs/{src_uri}"] = title.group(1)
            for problem in found:
                if problem.path == f"docs/{src_uri}" and problem.rule == "unclosed-fence":
                    assert re.search(r"<p>(```|~~~)", text), src_uri
                if problem.path == f"docs/{src_uri}" and problem.rule == "unclosed-comment":
                    assert "<p>&lt;!--" in text, src_uri
    shared = Counter(titles.values())
    assert {p.path for p in found if p.rule == "duplicate-title" and p.path in titles} == \
        {path for path, title in titles.items() if shared[title] > 1}
