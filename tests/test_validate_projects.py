"""The validator on other MkDocs projects' ways (issue 12): includes, what only the rendered page knows, the blog.

Each fixture under tests/fixtures/validator/<name>/ is a minimal project with
the validator's exact expected output (expected.txt, run from the fixture's
directory); the agreement test builds a copy of it with the real `mkdocs build`
and checks both ways: every broken link or anchor MkDocs reports (and every
cross-reference mkdocs-autorefs cannot resolve) the validator reports on that
page, and the other way round. Two known exceptions: an anchor MkDocs warns
about although the built page has the id (MkDocs collects ids before
pymdownx.tabbed sets its own), and an undefined [text][label] without
autorefs, which the build prints as written without a warning.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import types
from pathlib import Path

import pytest
from markdown import Markdown

from conftest import ROOT, build_site
from test_validate_agreement import built_broken_links
from validator import load_project, run
from validator.rendered import RenderedPages
from validator.report import render
from validator.snippets import _syntax_mask
from validator_project import CONFIG, make_project, problems, validate_cli

FIXTURES = ROOT / "tests" / "fixtures" / "validator"
AGREEING = ["snippets", "includes", "rendered", "autorefs", "autorefs-objects", "blog"]
PROJECTS = [*AGREEING, "plugin-failed"]  # the last: a plugin that fails stops the build, not the validator
# MkDocs' link warnings: (page, URL as written).
# mkdocs-autorefs' warning for a cross-reference nothing defines: (page, identifier).
AUTOREF_WARNING = re.compile(r"mkdocs_autorefs: ([^:]+): Could not find cross-reference target '([^']+)'")


def validator_output(project: Path) -> str:
    with contextlib.chdir(project):
        return render(run(load_project("mkdocs.yml")).problems, "text")


@pytest.mark.parametrize("name", PROJECTS)
def test_the_validator_reports_exactly_the_expected_problems(name: str) -> None:
    fixture = FIXTURES / name
    assert validator_output(fixture) == (fixture / "expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", AGREEING)
def test_the_validator_and_mkdocs_report_the_same_broken_links(tmp_path: Path, name: str) -> None:
    project = tmp_path / name
    shutil.copytree(FIXTURES / name, project)  # the build writes nothing into the fixture
    site = tmp_path / "site"
    warnings, built = built_broken_links(project / "mkdocs.yml", site)
    # MkDocs collects a page's ids before some extensions add theirs (pymdownx.tabbed's combine_header_slug):
    # a link whose id is in the built page works for readers, and the validator must not report it.
    built = {(path, url) for path, url in built if not _built_page_has_id(site, path, url)}
    built |= {(f"docs/{m.group(1)}", f"[{m.group(2)}]") for w in warnings if (m := AUTOREF_WARNING.search(w))}
    with contextlib.chdir(project):
        problems = run(load_project("mkdocs.yml")).problems
    found = {(p.path, re.search(r"'([^']*)'", p.message).group(1)) for p in problems
             if p.rule in ("broken-link", "broken-anchor", "undefined-reference")}
    if "autorefs" not in (project / "mkdocs.yml").read_text(encoding="utf-8"):
        # Without autorefs, Python-Markdown prints an undefined [text][label] as it is, silently.
        found = {(path, quoted) for path, quoted in found if not quoted.startswith("[")}
    assert built, warnings  # each fixture has at least one broken link that both see
    assert found == built


def _built_page_has_id(site: Path, page: str, url: str) -> bool:
    path, _, fragment = url.partition("#")
    if not fragment or not path.endswith(".md"):
        return False
    source = Path(page).parent.relative_to("docs") / path
    built = site / source.with_suffix("") / "index.html"
    if source.stem == "index":
        built = site / source.parent / "index.html"
    return built.is_file() and f'id="{fragment}"' in built.read_text(encoding="utf-8")


# Includes: hostile and missing ------------------------------------------------

SNIPPETS_CONFIG = """\
site_name: Test
theme:
  name: mkdocs
markdown_extensions:
  - pymdownx.snippets:
      base_path: [!relative $config_dir/includes]
      auto_append:
        - absent.md
"""


def test_includes_never_crash_and_a_missing_one_is_reported_where_it_is_named(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": "# Home\n\n--8<-- \"binary.md\"\n\n--8<-- \"folder\"\n\n"
                                                  "--8<-- \"loop.md\"\n\n--8<-- \"../../etc/passwd\"\n\n"
                                                  "--8<--\nnested-missing.md\n--8<--\n\n[Home](#home)\n"},
                           config=SNIPPETS_CONFIG, schema=None)
    includes = project / "includes"
    (includes / "folder").mkdir(parents=True)
    (includes / "binary.md").write_bytes(b"\xff\xfe\x00binary")
    (includes / "loop.md").write_text('## Loop\n\n--8<-- "loop.md"\n', encoding="utf-8")
    (includes / "nested-missing.md").write_text('## Nested\n\n--8<-- "gone.md"\n', encoding="utf-8")
    found = problems(project)
    assert [(path, line, column, rule) for path, line, column, rule, _ in found] == [
        ("docs/index.md", 3, 1, "missing-include"),  # not UTF-8
        ("docs/index.md", 5, 1, "missing-include"),  # a directory
        ("docs/index.md", 9, 1, "missing-include"),  # outside base_path (restrict_base_path)
        ("docs/index.md", 11, 1, "missing-include"),  # gone.md, included by nested-missing.md
        ("mkdocs.yml", 8, 11, "missing-include"),  # auto_append: absent.md
    ]
    assert "include 'gone.md' could not be found" in found[3][4]
    assert found[4][4].startswith("auto_append include 'absent.md' could not be found")


def test_problems_in_an_include_are_reported_at_the_include_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": "# Home\n\nText.\n\n--8<-- \"part.md\"\n\nMore [text](#part).\n"},
                           config=SNIPPETS_CONFIG.replace("      auto_append:\n        - absent.md\n", ""), schema=None)
    (project / "includes").mkdir()
    (project / "includes" / "part.md").write_text("## Part\n\nA [broken link](missing.md).\n", encoding="utf-8")
    assert [problem[:4] for problem in problems(project)] == [("docs/index.md", 5, 1, "broken-link")]


# Render confirmation: guarded ---------------------------------------------------

FAILING_HOOK = """\
def on_page_markdown(markdown, **kwargs):
    raise RuntimeError("needs the whole build")
"""


def test_a_plugin_that_fails_while_a_page_is_rendered_leaves_the_finding_and_a_note(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": "# Home\n\nSee [the part](#nowhere).\n"},
                           config=CONFIG + "hooks:\n  - failing.py\n", schema=None)
    (project / "failing.py").write_text(FAILING_HOOK, encoding="utf-8")
    with contextlib.chdir(project):
        result = run(load_project("mkdocs.yml"))
    assert [(p.path, p.line, p.column, p.rule) for p in result.problems] == [("docs/index.md", 3, 5, "broken-anchor")]
    assert any("failed in on_page_markdown" in note and "RuntimeError" in note for note in result.notes)


# The build's events: guarded ----------------------------------------------------

@pytest.mark.parametrize("event", ["on_files", "on_nav"])
def test_a_plugin_that_fails_in_the_files_events_gives_a_located_warning_and_the_files_on_disk(
        tmp_path: Path, event: str) -> None:
    project = make_project(tmp_path, {"index.md": "# Home\n\nSee [the part](missing.md).\n"},
                           config=CONFIG + "hooks:\n  - failing.py\n", schema=None)
    (project / "failing.py").write_text(f"def {event}(item, **kwargs):\n    raise KeyError('blog_dir')\n",
                                        encoding="utf-8")
    result = validate_cli(cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        "docs/index.md:3:5: broken-link: 'missing.md' — there is no file missing.md in the docs directory",
        f"mkdocs.yml:11:5: plugin-failed: plugin 'failing.py' failed in {event} (KeyError: 'blog_dir'): the validator read "
        "the docs directory as it is, without that plugin's changes to the pages the build publishes",
    ]


def test_inside_the_build_the_hook_confirms_findings_without_disturbing_the_build(tmp_path: Path) -> None:
    project = tmp_path / "rendered"
    shutil.copytree(FIXTURES / "rendered", project)
    # What only rendering confirms: an id a Markdown extension sets, a definition a hook appends.
    (project / "docs" / "index.md").write_text("# Home\n\nSee the [glossary](brand.md#glossary) and the "
                                               "[changelog][changelog].\n", encoding="utf-8")
    (project / "docs" / "brand.md").write_text("# Brand\n\n## Logo\n\nGlossary: the words we use.\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "hooks:\n", f"hooks:\n  - {ROOT / 'scripts' / 'hooks' / 'validate.py'}\n"), encoding="utf-8")
    build = build_site(tmp_path / "site", config)  # strict: any warning, the validator's included, fails it
    assert build.returncode == 0, build.stdout + build.stderr
    # The hook confirmed both findings by rendering; the build then rendered the page as without the validator.
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert html.count('href="changes/">changelog</a>') == 1 and "[changelog]" not in html


def test_what_a_plugin_writes_into_the_docs_directory_is_not_left_behind(tmp_path: Path) -> None:
    # Material's blog plugin creates docs/blog/index.md and docs/blog/posts/ in on_files when they are missing.
    project = make_project(tmp_path, {"index.md": "# Home\n\nThe [blog](blog/index.md).\n"},
                           config="site_name: Test\ntheme:\n  name: material\n  font: false\nplugins:\n  - blog\n",
                           schema=None)
    before = sorted(path.relative_to(project) for path in (project / "docs").rglob("*"))
    assert problems(project) == []  # the blog's index page is a link target all the same
    assert sorted(path.relative_to(project) for path in (project / "docs").rglob("*")) == before


@pytest.mark.parametrize("check_paths", [False, True])
def test_a_missing_include_is_an_error_whether_the_build_stops_or_drops_it(tmp_path: Path, check_paths: bool) -> None:
    config = SNIPPETS_CONFIG.replace("      auto_append:\n        - absent.md\n",
                                     f"      check_paths: {str(check_paths).lower()}\n")
    project = make_project(tmp_path / "project", {"index.md": "# Home\n\n--8<-- \"gone.md\"\n"}, config=config, schema=None)
    effect = "stops the build (check_paths)" if check_paths else "leaves this include out silently"
    assert problems(project) == [("docs/index.md", 3, 1, "missing-include", f"include 'gone.md' could not be found: the "
                                  f"build {effect}; correct the path (relative to the snippets base_path in mkdocs.yml) "
                                  "or add the file")]
    build = build_site(tmp_path / "site", project / "mkdocs.yml", strict=False)
    assert (build.returncode != 0) == check_paths, build.stderr


def test_the_plugin_the_validator_warns_about_stops_the_build(tmp_path: Path) -> None:
    project = tmp_path / "plugin-failed"
    shutil.copytree(FIXTURES / "plugin-failed", project)
    build = build_site(tmp_path / "site", project / "mkdocs.yml", strict=False)
    assert build.returncode != 0 and "blog_dir" in build.stdout + build.stderr


def test_before_pymdownx_13_includes_are_found_as_pymdownx_13_finds_them() -> None:
    """Projects pinned to an older pymdown-extensions have no `get_syntax_mask`: the same lines are notation."""
    preprocessor = Markdown(extensions=["pymdownx.snippets"]).preprocessors["snippet"]
    older = types.SimpleNamespace(RE_ALL_SNIPPETS=preprocessor.RE_ALL_SNIPPETS,
                                  RE_SNIPPET_SECTION=preprocessor.RE_SNIPPET_SECTION)
    lines = ["# Page", '--8<-- "inline.md"', ";--8<-- \"escaped.md\"", "--8<--", "a.md", "", "b.md", "--8<--",
             "text --8<-- not at the start", "-8<- 'short.md'", "<!-- --8<-- [start:part] -->", "after"]
    assert _syntax_mask(older, lines) == preprocessor.get_syntax_mask(lines)
    assert _syntax_mask(older, lines) == [False, True, False, True, True, True, True, True, False, True, True, False]


# mkdocstrings' inventories: other projects' objects, which only the build downloads --------------

def test_a_cross_reference_only_an_inventory_could_define_is_said_not_reported(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "autorefs"
    shutil.copytree(FIXTURES / "autorefs", project)
    monkeypatch.setattr(RenderedPages, "_inventories", lambda self: True)
    with contextlib.chdir(project):
        result = run(load_project("mkdocs.yml"))
    assert [p for p in result.problems if p.rule == "undefined-reference"] == []
    assert any("1 cross-reference(s) no page defines (the first 'nowhere') not reported" in note
               for note in result.notes), result.notes


@pytest.mark.parametrize(("handlers", "expected"), [
    ({"python": {"inventories": ["https://docs.python.org/3/objects.inv"]}}, True),
    ({"python": {"import": ["https://docs.python.org/3/objects.inv"]}}, True),  # before mkdocstrings 0.27
    ({"python": {"options": {"show_source": False}}}, False),
    ({}, False),
])
def test_inventories_are_those_mkdocstrings_is_configured_to_download(monkeypatch: pytest.MonkeyPatch,
                                                                     handlers: dict, expected: bool) -> None:
    plugin = types.SimpleNamespace(config={"handlers": handlers})
    pages = RenderedPages.__new__(RenderedPages)
    monkeypatch.setattr(RenderedPages, "config", lambda self: types.SimpleNamespace(plugins={"mkdocstrings": plugin}))
    assert pages._inventories() is expected
