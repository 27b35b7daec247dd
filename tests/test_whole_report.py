"""The whole report on one page: every page of the navigation, in order, and linked from the overview."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import article_text, fold

WHOLE_REPORT = "whole-report.html"


def navigation(site: Path) -> list[str]:
    """The pages of the site's navigation, in order, as the built overview lists them."""
    nav = (site / "index.html").read_text(encoding="utf-8")
    nav = nav[nav.index('class="md-nav md-nav--primary"'):nav.index('data-md-type="toc"')]
    nav = re.sub(r'<nav class="md-nav md-nav--secondary".*?</nav>', "", nav, flags=re.S)  # the overview's own contents
    return list(dict.fromkeys(re.findall(r'<a href="([^"#]+)" class="md-nav__link', nav)))


def reading_text(page: Path) -> str:
    """A page's text as read: its article without the date line under the title and the correction link at its foot."""
    html = page.read_text(encoding="utf-8")
    text = fold(article_text(page))
    for chrome in (r'<p class="page-dates">(.*?)</p>', r'<footer class="suggest-correction">(.*?)</footer>'):
        found = re.search(chrome, html, re.S)
        if found:
            text = " ".join(text.replace(fold(re.sub(r"<[^>]+>", " ", found.group(1))), "", 1).split())
    return text


@pytest.fixture(scope="module")
def whole_report(built_site: Path) -> str:
    return (built_site / WHOLE_REPORT).read_text(encoding="utf-8")


def test_holds_every_navigation_page_in_order(built_site: Path) -> None:
    pages = [page for page in navigation(built_site) if page != WHOLE_REPORT]
    assert len(pages) >= 5 and "index.html" in pages, pages
    whole = fold(article_text(built_site / WHOLE_REPORT))
    position = 0
    for page in pages:
        found = whole.find(reading_text(built_site / page), position)
        assert found >= 0, f"{page}'s text is not on the one page after the page before it"
        position = found + 1


def test_is_one_document_with_unique_ids_and_one_title(whole_report: str) -> None:
    article = whole_report[whole_report.index("<article"):whole_report.index("</article>")]
    assert article.count("<h1") == 1
    duplicates = [name for name, count in Counter(re.findall(r'\bid="([^"]+)"', whole_report)).items() if count > 1]
    assert duplicates == []
    # Links between pages of the report became links within the page.
    targets = set(re.findall(r'\bid="([^"]+)"', whole_report))
    anchors = re.findall(r'<a href="#([^"]+)"', article)
    assert anchors and [anchor for anchor in anchors if anchor not in targets] == []


def test_is_linked_from_the_overview_and_last_in_the_navigation_and_left_out_of_search(built_site: Path) -> None:
    overview = (built_site / "index.html").read_text(encoding="utf-8")
    overview_article = overview[overview.index("<article"):]
    assert f'href="{WHOLE_REPORT}"' in overview_article
    # Last, so that no page's "Next" leads into a page that repeats them all.
    assert navigation(built_site)[-1] == WHOLE_REPORT
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc for doc in index["docs"] if doc["location"].startswith(WHOLE_REPORT)]
    assert 'rel="edit"' not in (built_site / WHOLE_REPORT).read_text(encoding="utf-8")  # no source file to edit


def test_names_link_to_their_entries_on_the_page_without_script_tooltips(built_site: Path, whole_report: str) -> None:
    """Material builds a script tooltip for each titled element as a page loads; on this long page
    they were half its start-up work on mobile, and every entry is on the page anyway."""
    article = whole_report[whole_report.index("<article"):whole_report.index("</article>")]
    assert re.findall(r'<[a-z]+ [^>]*\btitle="', article) == []
    assert "<abbr" not in article
    described = {
        entry for page in navigation(built_site)
        for entry in re.findall(r'<a href="people-and-places\.html#([^"]+)" title="', (built_site / page).read_text(encoding="utf-8"))
    }
    assert len(described) >= 10, described  # on the topic pages, names carry their descriptions
    assert described <= set(re.findall(r'<a href="#people-and-places--([^"]+)"', article))


def test_contents_list_the_parts_and_their_sections_but_not_each_name(whole_report: str) -> None:
    contents = whole_report[whole_report.index('<nav class="md-nav md-nav--secondary"'):whole_report.index("<article")]
    listed = set(re.findall(r'<a href="#([^"]+)" class="md-nav__link"', contents))
    headings = {int(level): set() for level in "234"}
    for level, id_ in re.findall(r'<h([234]) id="([^"]+)"', whole_report):
        headings[int(level)].add(id_)
    assert headings[2] and headings[3] and headings[4], headings  # parts, sections, people and places
    assert headings[2] | headings[3] <= listed
    assert not headings[4] & listed
