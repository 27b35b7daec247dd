"""The validator on other MkDocs projects' ways (issue 12): includes, what only the rendered page knows, the blog.

Each fixture under tests/fixtures/validator/<name>/ is a minimal project with
the validator's exact expected output (expected.txt, run from the fixture's
directory); the agreement test builds a copy of it with the real `mkdocs build`
and checks both ways: every broken link or anchor MkDocs reports the validator
reports at a line of that page, and every broken link or anchor the validator
reports MkDocs reports too (nothing the build renders correctly is reported).
"""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from test_validate_agreement import mkdocs_warnings
from validator import load_project, run
from validator.report import render

FIXTURES = ROOT / "tests" / "fixtures" / "validator"
PROJECTS = ["snippets", "rendered", "autorefs", "blog"]
# MkDocs' link warnings: (page, URL as written).
LINK_WARNING = re.compile(r"Doc file '([^']+)' contains (?:a|an unrecognized relative|an absolute) link '([^']+)'")
# mkdocs-autorefs' warning for a cross-reference nothing defines: (page, identifier).
AUTOREF_WARNING = re.compile(r"mkdocs_autorefs: ([^:]+): Could not find cross-reference target '([^']+)'")


def validator_output(project: Path) -> str:
    with contextlib.chdir(project):
        return render(run(load_project("mkdocs.yml")).problems, "text")


@pytest.mark.parametrize("name", PROJECTS)
def test_the_validator_reports_exactly_the_expected_problems(name: str) -> None:
    fixture = FIXTURES / name
    assert validator_output(fixture) == (fixture / "expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", PROJECTS)
def test_the_validator_and_mkdocs_report_the_same_broken_links(tmp_path: Path, name: str) -> None:
    project = tmp_path / name
    shutil.copytree(FIXTURES / name, project)  # the build writes nothing into the fixture
    site = tmp_path / "site"
    warnings = mkdocs_warnings(project / "mkdocs.yml", site)
    built = {(f"docs/{m.group(1)}", m.group(2)) for w in warnings if (m := LINK_WARNING.search(w))}
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
