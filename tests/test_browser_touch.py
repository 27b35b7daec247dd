"""A reader on a phone and at a desk, in a real browser: names and their
descriptions, the menu, the header, the timeline, the foot of each page, the
404 page, the palette switch, the offline copy and the overview's search entry."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.config import load_config
from playwright.sync_api import Browser, Locator, Page, expect

from browser import DESKTOP, Reader, nav_links, open_reader
from conftest import DOCS, ROOT, pages

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
# A name in the prose: its first mention links to its entry, later ones are <abbr>.
NAME_LINKS = 'article a[href*="people-and-places.html#"]'
NAMES = f"{NAME_LINKS}, article abbr"
TOOLTIP = ".md-tooltip2--active[role=tooltip]"
TOP_LEVEL = ["Overview", "The report", "Context", "About this report", "The whole report on one page"]
TOPICS = {"battle.html": "The battle for Kherson", "looting.html": "Looting",
          "evacuation.html": "Evacuation", "diplomacy.html": "Diplomacy"}


@pytest.fixture
def phone_reader(browser: Browser) -> Iterator[Reader]:
    context = browser.new_context(**PHONE)
    reader = open_reader(context)
    yield reader
    context.close()


def _tooltip_for(page: Page, name: Locator) -> dict:
    """The open description of `name`: its text, font size and box, and the name's box."""
    expect(name).to_have_attribute("aria-describedby", re.compile(r"^__tooltip2_\d+$"))
    tooltip = page.locator(f'[id="{name.get_attribute("aria-describedby")}"]')
    expect(tooltip).to_have_class(re.compile(r"\bmd-tooltip2--active\b"))
    page.wait_for_function("document.getAnimations().every(animation => animation.playState !== 'running')")
    inner = tooltip.locator(".md-tooltip2__inner")
    return {
        "text": inner.inner_text().strip(),
        "font_size": float(inner.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px")),
        "box": inner.bounding_box(),
        "name": name.bounding_box(),
        "described": tooltip.get_attribute("role") == "tooltip",
    }


def _assert_readable_below_its_line(shown: dict, description: str) -> None:
    assert shown["text"] == description
    assert shown["described"], "the name is described by no tooltip"
    assert shown["font_size"] >= 14
    name, box = shown["name"], shown["box"]
    # Below the whole line the name sits on (the name's box is that line's height), leaving it in view.
    assert box["y"] >= name["y"] + name["height"], f"the tooltip {box} covers the name's line {name}"


def test_a_names_description_is_readable_and_below_its_line_on_hover_and_focus(served_site: str, desktop_reader: Reader) -> None:
    page = desktop_reader.page
    page.goto(served_site + "evacuation.html")
    # Hover: a name's first mention (a link) and a later one (an abbreviation).
    for name in (page.locator(NAME_LINKS).first, page.locator("article abbr").first):
        description = name.get_attribute("title")
        assert description
        name.hover()
        _assert_readable_below_its_line(_tooltip_for(page, name), description)
        page.mouse.move(0, 0)
        expect(page.locator(TOOLTIP)).to_have_count(0)
    # Keyboard focus on a name's link.
    name = page.locator(NAME_LINKS).nth(1)
    description = name.get_attribute("title")
    name.focus()
    _assert_readable_below_its_line(_tooltip_for(page, name), description)
    desktop_reader.check()


def test_a_tap_on_a_name_shows_its_description_without_leaving_the_page(served_site: str, phone_reader: Reader) -> None:
    page = phone_reader.page
    url = served_site + "evacuation.html"
    page.goto(url)
    link = page.locator(NAME_LINKS).first
    description, entry = link.get_attribute("title"), link.get_attribute("href")
    link.tap()
    shown = _tooltip_for(page, link)
    assert page.url == url, "the first tap on a name left the page"
    _assert_readable_below_its_line(shown, description)
    # A later mention, which is no link, shows its description on a tap too.
    abbr = page.locator("article abbr").first
    abbr_description = abbr.get_attribute("title")
    abbr.tap()
    page.wait_for_function("text => document.querySelector('.md-tooltip2--active[role=tooltip]')?.innerText.trim() === text",
                           arg=abbr_description)
    assert page.url == url
    # The link still leads to the name's entry: a second tap follows it.
    link.tap()
    shown = _tooltip_for(page, link)
    link.tap()
    page.wait_for_url(served_site + entry)
    assert page.locator(f'[id="{entry.split("#")[1]}"]').is_visible()
    phone_reader.check()


def test_a_name_has_one_style_throughout_a_page(served_site: str, desktop_reader: Reader) -> None:
    """The first mention, a link, and later ones, abbreviations, look the same: the style of the text
    around them, with the same underline."""
    page = desktop_reader.page
    for path in ("evacuation.html", "timeline.html", "looting.html"):
        page.goto(served_site + path)
        kinds = page.eval_on_selector_all(NAMES, """names => names.map(name => {
            const style = getComputedStyle(name), around = getComputedStyle(name.parentElement);
            return [name.tagName, style.color === around.color, style.textDecorationLine, style.textDecorationStyle,
                    style.textDecorationColor, style.borderBottomStyle, style.fontWeight === around.fontWeight];
        })""")
        assert {kind[0] for kind in kinds} == {"A", "ABBR"}, f"{path}: expected names of both kinds"
        assert len({tuple(kind[1:]) for kind in kinds}) == 1, f"{path}: names styled more than one way: {set(map(tuple, kinds))}"
        assert kinds[0][1:3] == [True, "underline"], f"{path}: a name is not text with an underline: {kinds[0]}"
    desktop_reader.check()


def test_every_page_ends_with_a_suggest_a_correction_link_to_its_source(served_site: str, desktop_reader: Reader) -> None:
    page = desktop_reader.page
    edit_uri = load_config(str(ROOT / "mkdocs.yml"))["edit_uri"]
    for source in pages():
        path = source.relative_to(DOCS).with_suffix(".html").as_posix()
        page.goto(served_site + path)
        link = page.get_by_role("link", name="Suggest a correction", exact=True)
        assert link.count() == 1 and link.is_visible(), path
        assert link.get_attribute("href") == edit_uri + source.relative_to(DOCS).as_posix()
        # At the foot of the article, after all of the page's text; no edit icon beside the title.
        assert link.evaluate("a => a.closest('article').lastElementChild.contains(a) || "
                             "![...a.closest('article').querySelectorAll('p, li, table, h2, h3')].some(e => "
                             "a.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING && !e.contains(a))"), path
        assert page.locator("article .md-content__button").count() == 0, path
    desktop_reader.check()


def test_the_phone_menu_opens_at_the_top_level_and_the_header_shows_the_whole_site_name(
        served_site: str, phone_reader: Reader) -> None:
    page = phone_reader.page
    page.goto(served_site + "battle.html")  # a page inside "The report"
    name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
    assert name.inner_text().split() == "Kherson, 8 November 2022".split()
    assert name.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight"), "the site name is cut"
    page.locator('label.md-header__button[for="__drawer"]').tap()
    page.wait_for_function("document.getAnimations().every(animation => animation.playState !== 'running')")
    drawer = page.locator(".md-sidebar--primary")
    width = page.viewport_size["width"]

    def shown(title: str) -> bool:
        item = drawer.get_by_text(title, exact=True).first
        box = item.bounding_box()
        return item.is_visible() and box is not None and 0 <= box["x"] < width

    assert [title for title in TOP_LEVEL if not shown(title)] == []
    # "The report" still opens its pages.
    drawer.locator("label.md-nav__link", has_text="The report").tap()
    page.wait_for_function("document.getAnimations().every(animation => animation.playState !== 'running')")
    assert shown("Looting")
    phone_reader.check()


def test_the_whole_report_is_in_the_navigation(served_site: str, desktop_reader: Reader) -> None:
    page = desktop_reader.page
    page.goto(served_site + "battle.html")
    assert [served_site + "whole-report.html", "The whole report on one page"] in nav_links(page)
    desktop_reader.check()


def _styled_and_scripted(page: Page) -> None:
    """The page wears the site's styles (Material's header, our bold title) and Material's script runs (the search finds a name)."""
    assert page.locator(".md-header").evaluate("header => getComputedStyle(header).position") == "sticky"
    assert page.locator("article h1").evaluate("title => getComputedStyle(title).fontWeight") == "700"
    page.locator(".md-search__input").click()
    page.keyboard.type("Potemkin")
    expect(page.locator(".md-search-result__item").first).to_contain_text("Potemkin")
    page.keyboard.press("Escape")


def test_the_404_page_leads_home_and_is_styled_also_from_disk(built_site: Path, served_site: str, desktop_reader: Reader) -> None:
    page = desktop_reader.page
    # Served: the host answers any missing address, however deep, with the 404 page.
    for missing in ("no-such-page.html", "no/such/page.html"):
        response = page.goto(served_site + missing)
        assert response is not None and response.status == 404
        _styled_and_scripted(page)
        page.get_by_role("link", name="Go to the overview").click()
        page.wait_for_url(served_site + "index.html")
        assert page.locator("article h1").inner_text().startswith("Kherson, 8 November 2022")
    # From disk: no host, so the page's published paths are rewritten to reach the site's folder.
    page.goto((built_site / "404.html").as_uri())
    _styled_and_scripted(page)
    page.get_by_role("link", name="Looting", exact=True).click()
    page.wait_for_url((built_site / "looting.html").as_uri())
    page.goto((built_site / "404.html").as_uri())
    page.get_by_role("link", name="Go to the overview").click()
    page.wait_for_url((built_site / "index.html").as_uri())
    assert page.locator("article h1").inner_text().startswith("Kherson, 8 November 2022")
    assert desktop_reader.foreign_requests == []


@pytest.mark.parametrize("width", [390, 1280])
def test_timeline_rows_stack_on_a_phone(built_site: Path, browser: Browser, width: int) -> None:
    context = browser.new_context(**(PHONE | {"viewport": {"width": width, "height": 844}}) if width < 600 else DESKTOP)
    reader = open_reader(context)
    page = reader.page
    page.goto((built_site / "timeline.html").as_uri())
    rows = page.locator("article table tbody tr")
    assert rows.count() >= 5
    boxes = [row.locator("td").evaluate_all("cells => cells.map(c => c.getBoundingClientRect().toJSON())")
             for row in rows.all()]
    column_width = page.locator("article p").first.evaluate("p => p.getBoundingClientRect().width")
    for cells in boxes:
        assert len(cells) == 3
        if width < 600:
            # One cell under the other, each as wide as the text column.
            assert all(lower["top"] >= upper["bottom"] - 1 for upper, lower in zip(cells, cells[1:])), cells
            assert all(cell["width"] >= 0.9 * column_width for cell in cells), (cells, column_width)
        else:
            assert len({round(cell["top"]) for cell in cells}) == 1, "on a desktop, a row is one line of three cells"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"
    reader.check()
    context.close()


def test_the_palette_switch_names_the_other_scheme_and_switches_back(served_site: str, browser: Browser) -> None:
    context = browser.new_context(**DESKTOP, color_scheme="light")
    reader = open_reader(context)
    page = reader.page
    page.goto(served_site + "index.html")
    switch = page.locator(".md-header__option label.md-header__button:not([hidden])")

    def scheme() -> str:
        return page.get_attribute("body", "data-md-color-scheme")

    assert scheme() == "default"
    for expected_label, next_scheme in (("Switch to dark mode", "slate"), ("Switch to light mode", "default")):
        # Its tooltip holds the title while the pointer rests on it: moved away, the label names the next scheme.
        page.mouse.move(0, 400)
        expect(switch).to_have_count(1)
        expect(switch).to_have_attribute("title", expected_label)
        switch.click()
        page.wait_for_function("scheme => document.body.dataset.mdColorScheme === scheme", arg=next_scheme)
    page.mouse.move(0, 400)
    expect(switch).to_have_attribute("title", "Switch to dark mode")
    # The reader's choice holds on the next page.
    switch.click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    page.goto(served_site + "battle.html")
    assert scheme() == "slate"
    reader.check()
    context.close()


def test_the_offline_copy_says_it_is_the_offline_copy(offline_copy: Path, built_site: Path, desktop_reader: Reader) -> None:
    page = desktop_reader.page
    for path in ("index.html", "whole-report.html"):
        page.goto((offline_copy / path).as_uri())
        paragraph = page.locator("article p", has_text="Reading offline.")
        assert paragraph.count() == 1, path
        assert "You are reading the offline copy" in paragraph.inner_text()
        hrefs = paragraph.locator("a").evaluate_all("links => links.map(a => a.href)")
        site_url = load_config(str(ROOT / "mkdocs.yml"))["site_url"]
        assert hrefs == [site_url], f"{path}: the paragraph should link the web version only: {hrefs}"
    # The copy's search says the same.
    page.goto((offline_copy / "index.html").as_uri())
    page.locator(".md-search__input").click()
    page.keyboard.type("offline copy")
    results = page.locator(".md-search-result__item", has_text="Reading offline.")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("You are reading the offline copy")
    expect(results).not_to_contain_text("Download the offline copy")
    # The published site still offers the download.
    page.goto((built_site / "index.html").as_uri())
    download = page.locator("article p", has_text="Reading offline.").locator("a")
    assert download.get_attribute("href").endswith(".zip")
    desktop_reader.check()


def test_the_overviews_search_entry_keeps_topics_apart_from_their_summaries(built_site: Path) -> None:
    """Each topic is its own item of the search entry, its title ended by punctuation before its summary."""
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    entries = [doc["text"] for doc in docs if doc["location"].startswith("index.html#")]
    entry = next(text for text in entries if all(title in text for title in TOPICS.values()))
    items = re.findall(r"<li>(.*?)</li>", entry, re.S)
    assert len(items) == len(TOPICS), entry
    for item, title in zip(items, TOPICS.values()):
        assert re.match(rf"\s*{re.escape(title)}[:.—–]\s+\S", item), f"the title runs into its summary: {item[:80]!r}"
