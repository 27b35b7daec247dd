"""The site builds strictly, reproducibly, and loads nothing from another host."""

from __future__ import annotations

import filecmp
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

from conftest import DOCS, ROOT, build_site


def test_strict_build_passes_without_warnings(tmp_path: Path) -> None:
    result = build_site(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def _tree(site: Path) -> dict[str, Path]:
    return {str(p.relative_to(site)): p for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    second = tmp_path / "again"
    assert build_site(second).returncode == 0
    first_files, second_files = _tree(built_site), _tree(second)
    assert first_files.keys() == second_files.keys()
    differing = [name for name in first_files if not filecmp.cmp(first_files[name], second_files[name], shallow=False)]
    assert differing == []


class _Resources(HTMLParser):
    """URLs the browser fetches by itself: scripts, stylesheets, icons, images, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "audio", "video"} and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("rel") not in {"canonical", "prev", "next", "alternate"} and a.get("href"):
            self.urls.append(a["href"])


def test_pages_fetch_nothing_from_another_host(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        remote = [url for url in parser.urls if re.match(r"(?i)([a-z][a-z0-9+.-]*:)?//", url)]
        assert remote == [], f"{page.relative_to(built_site)} loads {remote}"
    # The offline plugin would otherwise load the iframe-worker shim from a CDN.
    assert 'src="assets/javascripts/iframe-worker/shim.js"' in (built_site / "index.html").read_text()


def test_search_index_is_inlined_for_file_urls(built_site: Path) -> None:
    index_js = (built_site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert index_js.startswith("var __index = ") and "Potemkin" in index_js


def _pins(lock: str) -> dict[str, str]:
    return {
        name.lower().replace("_", "-"): version
        for name, version in re.findall(r"^([\w.-]+)==(\S+)$", (ROOT / lock).read_text(encoding="utf-8"), re.M)
    }


def test_lock_files_pin_what_pyproject_declares_build_and_tests_apart() -> None:
    # A Dependabot pull request changes pyproject.toml alone: this fails until `make lock` is run on it.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    build, test = _pins("requirements-build.lock"), _pins("requirements-test.lock")
    for requirements, lock, pins in ((project["dependencies"], "requirements-build.lock", build),
                                     (project["optional-dependencies"]["test"], "requirements-test.lock", test)):
        for requirement in requirements:
            name, version = requirement.split("==")
            assert pins.get(name.lower()) == version, f"{lock} does not pin {requirement}: run make lock"
    # `make test` installs both locks: a package pinned in both could be pinned twice, differently.
    assert build.keys() & test.keys() == set(), "run make lock"


def test_style_sheets_reach_readers_without_their_comments(built_site: Path) -> None:
    source = (DOCS / "assets" / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    published = (built_site / "assets" / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    assert "/*" in source and "/*" not in published
    # Every rule arrives as written: only comments and whitespace differ.
    assert "".join(published.split()) == "".join(re.sub(r"/\*.*?\*/", "", source, flags=re.S).split())
