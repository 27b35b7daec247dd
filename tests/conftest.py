"""Shared helpers: build the site the way `make site` does, read its HTML."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SOURCE = ROOT / "tests" / "data" / "kherson-2022-11-08.txt"
# Any fixed value: what matters is that two builds get the same one.
SOURCE_DATE_EPOCH = "1667865600"
# HTML's void elements: no content, no end tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# scripts/ is not a package: tests import the validator (validate, validator) from it.
sys.path.insert(0, str(ROOT / "scripts"))
# The browser fixtures (tests/browser.py): chromium, the served site, the offline copy.
pytest_plugins = ["browser"]


def build_site(site_dir: Path, config: Path = ROOT / "mkdocs.yml", *,
               strict: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build` of `config` into `site_dir`: strict (a warning fails it) unless `strict=False`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    strict_flag = ["--strict"] if strict else []
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *strict_flag, "-f", str(config), "-d", str(site_dir)],
        capture_output=True, text=True, env=env, check=False,
    )


def copy_project(destination: Path) -> Path:
    """A copy of the project to change freely (no git, venv, tests or build output): no test writes into the real one."""
    skip = {".git", ".venv", "site", "dist", "tests", "node_modules", ".pytest_cache", ".hypothesis", "__pycache__"}
    shutil.copytree(ROOT, destination, ignore=lambda folder, names: [n for n in names if n in skip])
    return destination


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("build") / "site"
    result = build_site(site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


def pages() -> list[Path]:
    """Every Markdown page of the site."""
    return sorted(DOCS.rglob("*.md"))


def front_matter(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, f"{page.relative_to(ROOT)} has no front matter"
    return yaml.safe_load(match.group(1))


def fold(text: str) -> str:
    """Words only, case-folded: compares text regardless of markup and punctuation."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


class _ArticleText(HTMLParser):
    """Collects the text of the page's <article> (its content, not the theme's chrome)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or self.depth:
            self.depth += tag not in VOID
        if tag in {"script", "style"}:
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        # A void element has no end tag; HTMLParser reports one for <img ... />.
        if self.depth and tag not in VOID:
            self.depth -= 1
        if tag in {"script", "style"}:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def article_text(html_file: Path, separator: str = " ") -> str:
    """The article's text; `separator=""` keeps it as readers read it (no space before the comma after a link)."""
    parser = _ArticleText()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return separator.join(parser.parts)
