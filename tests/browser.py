"""Browser fixtures: Debian's chromium driven by Playwright, one per session.

The site is read three ways, as readers do: the built site/ from disk, the
unzipped offline copy from disk, and the built site served on 127.0.0.1. Every
page a test opens records each request and console error; `Reader.check()`
fails on a request to any other host and on any console error.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, sync_playwright

from conftest import ROOT
import chromium  # scripts/, which conftest puts on the path
from site_server import serve

AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# Schemes that never leave the machine; http(s) is allowed to 127.0.0.1 only.
LOCAL_SCHEMES = {"file", "data", "blob", "about"}


def offline_zip(site: Path) -> Path:
    """The offline copy in a built site: its one zip file."""
    archives = sorted(site.glob("*.zip"))
    assert len(archives) == 1, f"expected one zip, the offline copy, in the built site; found {archives}"
    return archives[0]


@dataclass
class Location:
    """Where the site is read from: a root URL, and the folder that holds its files."""

    name: str
    root_url: str
    folder: Path

    def file_for(self, url: str) -> Path | None:
        """The file behind a URL under the root, or None for a URL outside it."""
        url = urldefrag(url).url
        if not url.startswith(self.root_url):
            return None
        path = unquote(urlsplit(url).path)[len(unquote(urlsplit(self.root_url).path)):]
        return self.folder / (path or "index.html")


@dataclass
class Reader:
    """A browser tab that remembers every request it made and every console error."""

    page: Page
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert self.foreign_requests == [], "requests left the machine"
        assert self.console_errors == [], "console errors"


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.scheme in {"http", "https"} and parts.hostname == "127.0.0.1")


def open_reader(context: BrowserContext) -> Reader:
    reader = Reader(context.new_page())

    def on_request(request: Request) -> None:
        if not _is_local(request.url):
            reader.foreign_requests.append(request.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            reader.console_errors.append(f"{message.text} ({message.location.get('url')})")

    context.on("request", on_request)  # the context also sees the search worker's requests
    reader.page.on("console", on_console)
    reader.page.on("pageerror", lambda error: reader.console_errors.append(str(error)))
    return reader


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium.PATH, args=chromium.ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def offline_copy(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline copy, unzipped as a reader would: the folder that holds index.html."""
    archive = offline_zip(built_site)
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(target)
    return target / archive.stem


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 as the published host serves it; yields its root URL."""
    with serve(built_site) as root_url:
        yield root_url


@pytest.fixture(scope="session", params=["built site from disk", "offline copy from disk", "served on 127.0.0.1"])
def location(request: pytest.FixtureRequest, built_site: Path) -> Location:
    if request.param == "built site from disk":
        return Location(request.param, built_site.as_uri() + "/", built_site)
    if request.param == "offline copy from disk":
        folder = request.getfixturevalue("offline_copy")
        return Location(request.param, folder.as_uri() + "/", folder)
    return Location(request.param, request.getfixturevalue("served_site"), built_site)


@pytest.fixture
def desktop_reader(browser: Browser) -> Iterator[Reader]:
    context = browser.new_context(**DESKTOP)
    reader = open_reader(context)
    yield reader
    context.close()


# The links of the site's navigation; the table of contents nested in it is not.
NAV_LINKS = "nav.md-nav--primary a.md-nav__link[href]:not(.md-nav--secondary a)"


def nav_links(page: Page) -> list[tuple[str, str]]:
    """(URL, title) of every page in the site's navigation, in order, as the open page shows it."""
    return page.eval_on_selector_all(NAV_LINKS, "links => links.map(a => [a.href, a.textContent.trim()])")


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'\b(?:id|name)="([^"]+)"', html))
