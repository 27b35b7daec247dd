"""The validator on mkdocs-static-i18n projects: the languages the plugin publishes in builds of its own.

The plugin builds the default language in the build it is part of and every
other language in a build it starts itself, each with that language's files
(`page.fr.md` beside `page.md`, or `docs/fr/page.md`; the default language's
page where a page has no translation). Its fixtures, i18n-suffix and
i18n-folder, hold the same pages in its two structures: links broken only in
the French build (an anchor the French page has not, a page that is not
there), in a French page and in an English page the French build publishes
too, and a link broken in both builds, reported once.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from test_validate_agreement import built_broken_links
from validator import load_project, project_from_config, run
from validator.report import render

pytest.importorskip("mkdocs_static_i18n", reason="mkdocs-static-i18n is pinned in requirements-test.lock")

FIXTURES = ROOT / "tests" / "fixtures" / "validator"
I18N = ["i18n-suffix", "i18n-folder"]


@pytest.mark.parametrize("name", I18N)
def test_the_validator_reports_exactly_the_expected_problems(name: str) -> None:
    fixture = FIXTURES / name
    with contextlib.chdir(fixture):
        output = render(run(load_project("mkdocs.yml")).problems, "text")
    assert output == (fixture / "expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", I18N)
def test_every_language_build_is_checked_as_the_build_publishes_it(tmp_path: Path, name: str) -> None:
    project = tmp_path / name
    shutil.copytree(FIXTURES / name, project)  # the build writes nothing into the fixture
    site = tmp_path / "site"
    warnings, built = built_broken_links(project / "mkdocs.yml", site)
    with contextlib.chdir(project):
        result = run(load_project("mkdocs.yml"))
    found = {(p.path, re.search(r"'([^']*)'", p.message).group(1)) for p in result.problems
             if p.rule in ("broken-link", "broken-anchor")}
    french = {path for path, _ in built if re.search(r"\.fr\.md$|/fr/", path)}
    assert french, warnings  # the French build's own findings are among them
    assert found == built
    # Every page each build publishes is read: the English pages, the French ones, and the English page the
    # French build publishes for want of a translation.
    published = [page for page in site.rglob("index.html")]
    assert result.pages == len(published) == 6


def test_the_build_s_own_plugin_keeps_its_language(tmp_path: Path) -> None:
    # Inside a build (the hook), the validator follows the other languages with plugins of its own: the build's
    # i18n plugin must still be on its language, or its on_post_build would build the wrong ones.
    with contextlib.chdir(FIXTURES / "i18n-suffix"):
        project = load_project("mkdocs.yml")
        plugin = project.config.plugins["i18n"]
        run(project_from_config(project.config))
    assert (plugin.current_language, plugin.building) == ("en", False)


@pytest.mark.parametrize("broken", [False, True])
def test_inside_the_build_the_hook_checks_every_language(tmp_path: Path, broken: bool) -> None:
    project = tmp_path / "i18n-suffix"
    shutil.copytree(FIXTURES / "i18n-suffix", project)
    docs = project / "docs"
    (docs / "only-en.md").write_text("# Only in English\n\nThe [guide](guide.md).\n", encoding="utf-8")
    (docs / "guide.fr.md").write_text("# Guide\n\n## Installation\n\n## Setup\n\n[Accueil](index.md#accueil)\n",
                                      encoding="utf-8")
    french = "# Accueil\n\nL’[installation](guide.md#installation).\n"
    (docs / "index.fr.md").write_text(french + ("[Absent](absent.md)\n" if broken else ""), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"hooks:\n  - {ROOT / 'scripts' / 'hooks' / 'validate.py'}\n",
                      encoding="utf-8")
    build = build_site(tmp_path / "site", config)  # strict
    if broken:
        assert build.returncode == 1
        assert "docs/index.fr.md:4:1: broken-link: 'absent.md'" in build.stdout + build.stderr
    else:
        assert build.returncode == 0, build.stderr
        assert (tmp_path / "site" / "fr" / "guide" / "index.html").is_file()


def test_a_language_build_that_fails_to_start_is_a_located_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    # A language build whose on_config fails stops the build: the validator reports it at the plugin's line of
    # mkdocs.yml, and still checks everything the default build publishes.
    from mkdocs_static_i18n.plugin import I18n

    configure = I18n.on_config

    def on_config(self: I18n, config: object) -> object:
        if self.current_language == "fr":
            raise ValueError("no French today")
        return configure(self, config)

    monkeypatch.setattr(I18n, "on_config", on_config)
    with contextlib.chdir(FIXTURES / "i18n-suffix"):
        found = run(load_project("mkdocs.yml")).problems
    assert [(p.path, p.line, p.column, p.rule, p.message) for p in found] == [
        ("docs/only-en.md", 3, 77, "broken-link", "'gone.md' — there is no file gone.md in the docs directory"),
        ("mkdocs.yml", 7, 5, "plugin-failed", "plugin 'i18n' failed in on_config of its 'fr' build (ValueError: no "
         "French today): the validator read the pages of the other builds, not those of 'fr'"),
    ]
