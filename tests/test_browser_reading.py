"""A reader's paths through the site in a real browser: from the built site on
disk, from the unzipped offline copy, and served on 127.0.0.1. Every test here
also fails on any request to another host and on any console error."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urldefrag

from playwright.sync_api import Browser

from browser import NAV_LINKS, Location, Reader, ids_in, nav_links, open_reader
from site_server import published_root

SEARCH_TERM = "Potemkin"
SEARCH_TARGET = "looting.html"


def test_every_navigation_page_opens_from_the_overview_by_clicking(location: Location, desktop_reader: Reader) -> None:
    page = desktop_reader.page
    overview = location.root_url + "index.html"
    page.goto(overview)
    links = nav_links(page)
    assert len(links) >= 2, f"the overview shows no navigation: {links}"
    for index, (url, title) in enumerate(links):
        if page.url != overview:
            page.go_back()
        page.locator(NAV_LINKS).nth(index).click()
        page.wait_for_url(url)
        assert page.locator(".md-nav--primary .md-nav__link--active").first.inner_text().strip() == title
        assert page.locator("article h1").count() == 1, f"{url} has no single title"
    desktop_reader.check()


def test_search_finds_potemkin_and_opens_the_looting_page(location: Location, desktop_reader: Reader) -> None:
    page = desktop_reader.page
    page.goto(location.root_url + "index.html")
    page.locator(".md-search__input").click()
    page.keyboard.type(SEARCH_TERM)
    # A result within the page: its link carries the term to highlight (?h=).
    result = page.locator(f'a.md-search-result__link[href*="{SEARCH_TARGET}?h={SEARCH_TERM.casefold()}#"]').first
    result.click()
    page.wait_for_url(re.compile(re.escape(location.root_url + SEARCH_TARGET) + r"(\?[^#]*)?(#.*)?$"))  # ?h=: the highlight
    assert SEARCH_TERM in page.locator("article").inner_text()
    # The page opened from a search result highlights the term.
    assert page.locator("article mark").first.inner_text().casefold() == SEARCH_TERM.casefold()
    desktop_reader.check()


def test_every_link_on_every_page_resolves(location: Location, desktop_reader: Reader, built_site: Path) -> None:
    """Crawls from the overview: every page opens (answers 200 when served), every
    link to the site reaches a file and, with a #fragment, an element with that id.
    Links to the published site (the overview's download link) must name a file of
    the build; links to other sites are not followed."""
    page = desktop_reader.page
    root = published_root(built_site)
    assert root, "the overview has no canonical URL"
    published = Location("published site", root, built_site)
    served = location.root_url.startswith("http")
    queue, seen_pages, checked = deque([location.root_url + "index.html"]), set(), set()
    broken = []
    while queue:
        url = queue.popleft()
        if url in seen_pages:
            continue
        seen_pages.add(url)
        response = page.goto(url)
        if served:
            assert response is not None and response.status == 200, f"{url} answers {response and response.status}"
        for link in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target = next((place for place in (location, published) if link.startswith(place.root_url)), None)
            if target is None or link in checked:
                continue
            checked.add(link)
            problem = _problem(target, link)
            if problem:
                broken.append(f"{url} -> {link}: {problem}")
            elif target is location and urldefrag(link).url.endswith(".html"):
                queue.append(urldefrag(link).url)
            if served and target is location and not problem:
                status = page.request.get(urldefrag(link).url).status
                if status != 200:
                    broken.append(f"{url} -> {link}: answers {status}")
    assert broken == []
    assert len(seen_pages) >= 3, seen_pages
    desktop_reader.check()


def _problem(place: Location, link: str) -> str | None:
    file = place.file_for(link)
    if file is None or not file.is_file():
        return f"no such file in the {place.name}"
    fragment = unquote(urldefrag(link).fragment)
    if fragment and file.suffix == ".html" and fragment not in ids_in(file.read_text(encoding="utf-8")):
        return f"no id {fragment!r} on that page"
    return None


def test_the_whole_report_prints_without_the_site_navigation(served_site: str, desktop_reader: Reader) -> None:
    page = desktop_reader.page
    page.goto(served_site + "whole-report.html")
    page.emulate_media(media="print")
    chrome = [".md-header", ".md-search", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]
    assert [part for part in chrome if page.locator(part).first.is_visible()] == []
    assert page.locator("article h1").is_visible()
    # The overview's on-screen ways to read (the download and unzip instructions) are not printed.
    assert page.get_by_text("Download the offline copy").count() == 1
    assert not page.get_by_text("Download the offline copy").is_visible()
    desktop_reader.check()


def test_about_pages_changes_read_whole_words_on_a_narrow_phone(built_site: Path, browser: Browser) -> None:
    """At 360 px the table of changes needs no sideways scrolling, sets no word in code type and breaks none."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, device_scale_factor=2)
    reader = open_reader(context)
    page = reader.page
    page.goto((built_site / "about.html").as_uri())
    table = page.locator("article table", has=page.locator("del")).first
    assert table.locator("del").count() >= 9 and table.locator("code").count() == 0
    wrapper_width = table.evaluate("t => t.parentElement.clientWidth")
    assert table.evaluate("t => t.scrollWidth") <= wrapper_width, "the table scrolls sideways"
    broken = table.evaluate("""table => {
        const broken = [];
        const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const word of node.data.matchAll(/[^\\s-]+/g)) {  // a line may end at a hyphen
                const range = document.createRange();
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                if (range.getClientRects().length > 1) broken.push(word[0]);
            }
        }
        return broken;
    }""")
    assert broken == [], f"words broken across lines: {broken}"
    reader.check()
    context.close()
