"""The offline copy: a small, reproducible zip of what a reader loads from disk, announced on the overview.

That it works (every page, search, nothing loaded from another host) is tested
in a real browser: the `offline copy from disk` cases of test_browser_reading.py.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from pathlib import Path

from browser import offline_zip
from conftest import SOURCE_DATE_EPOCH
from site_server import published_root

LIMIT = 300 * 1024


def test_is_under_300_kb(built_site: Path) -> None:
    assert offline_zip(built_site).stat().st_size < LIMIT


def test_entries_are_sorted_in_one_folder_with_the_build_time(built_site: Path) -> None:
    archive = offline_zip(built_site)
    with zipfile.ZipFile(archive) as zipped:
        entries = zipped.infolist()
    names = [entry.filename for entry in entries]
    assert names == sorted(names)
    assert {name.split("/")[0] for name in names} == {archive.stem}
    assert {entry.date_time for entry in entries} == {time.gmtime(int(SOURCE_DATE_EPOCH))[:6]}


def test_holds_every_page_and_asset_a_reader_loads_and_nothing_else(built_site: Path) -> None:
    archive = offline_zip(built_site)
    with zipfile.ZipFile(archive) as zipped:
        packed = {name.removeprefix(f"{archive.stem}/") for name in zipped.namelist()}
    built = {path.relative_to(built_site).as_posix() for path in built_site.rglob("*") if path.is_file()}
    pages = {name for name in built if name.endswith(".html") and name != "404.html"}
    assert pages and pages <= packed
    assert "search/search_index.js" in packed  # the search index as the search reads it from disk
    assert packed <= built
    # The site's search is English only: Material's worker then loads no Lunr language file.
    left_out = built - packed
    assert {name for name in built if name.startswith("assets/javascripts/lunr/")} <= left_out
    assert {name for name in built if name.endswith(".map")} <= left_out
    assert {"404.html", "search/search_index.json", "sitemap.xml", archive.name} <= left_out


def test_overview_links_to_the_published_copy_and_says_how_to_open_it(built_site: Path) -> None:
    archive = offline_zip(built_site)
    overview = (built_site / "index.html").read_text(encoding="utf-8")
    article = overview[overview.index("<article"):overview.index("</article>")]
    assert f'href="{published_root(built_site)}{archive.name}"' in article
    text = re.sub(r"<[^>]+>", "", article)
    assert "unzip" in text and "index.html" in text and archive.stem in text


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_search_index_says_what_the_copys_pages_say(built_site: Path) -> None:
    """The copy's overview says it is the offline copy; its search index must not offer the download instead."""
    archive = offline_zip(built_site)
    with zipfile.ZipFile(archive) as zipped:
        overview = zipped.read(f"{archive.stem}/index.html").decode("utf-8")
        script = zipped.read(f"{archive.stem}/search/search_index.js").decode("utf-8")
    web_script = (built_site / "search" / "search_index.js").read_text(encoding="utf-8")
    prefix = "var __index = "
    assert script.startswith(prefix)
    docs = json.loads(script.removeprefix(prefix))["docs"]
    web_docs = json.loads(web_script.removeprefix(prefix))["docs"]
    paragraph = re.search(r"<p\b[^>]*>(?:(?!</p>).)*Reading offline\..*?</p>", overview, re.S)
    assert paragraph and "You are reading the offline copy" in paragraph.group(0)
    indexed = [doc for doc in docs if _text(paragraph.group(0)) in _text(doc["text"])]
    assert [doc["location"] for doc in indexed] == ["index.html#other-ways-to-read-it"]
    assert not any("Download the offline copy" in doc["text"] for doc in docs)
    # The web's index offers the download there; nothing else in the index differs.
    assert any("Download the offline copy" in doc["text"] for doc in web_docs)
    assert [(doc["location"], doc["title"]) for doc in docs] == [(doc["location"], doc["title"]) for doc in web_docs]
    assert sum(doc["text"] != web["text"] for doc, web in zip(docs, web_docs)) == 1
