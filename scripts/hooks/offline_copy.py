"""The offline copy: a zip of the site as it runs from file://, put into the site.

The zip lands next to the pages (its name is `extra.offline_copy` in
mkdocs.yml), so the published site serves it and the overview can link to it;
`make site` also copies it into dist/. It holds one folder named like the zip,
and leaves out what a reader never loads from disk: source maps, the search
index as JSON (from file:// the search reads search/search_index.js), Lunr's
language files the site's search languages do not use, the 404 page and the
sitemaps (for web servers and crawlers), build data (YAML) and itself.

Inside the copy, the paragraph that links to the download (on the overview
and the whole-report page) would send a reader who already has the copy back
to the web for it: there it says instead that this is the offline copy, and
links to the web version; the copy's search index (search/search_index.js)
says the same, in the words Material's search plugin would have indexed.

The zip is byte-for-byte reproducible: entries sorted, every timestamp from
SOURCE_DATE_EPOCH, fixed permissions and compression.
"""

from __future__ import annotations

import html
import json
import os
import re
import time
import zipfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from material.plugins.search.plugin import Parser as SearchParser

LUNR = "assets/javascripts/lunr/"
NEVER_LOADED_FROM_DISK = {"404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"}
SEARCH_INDEX = "search/search_index.js"  # what the search reads from file://
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can hold


# After the offline plugin (priority -100) writes search/search_index.js.
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    name = config.extra.get("offline_copy")
    if not isinstance(name, str) or not name.endswith(".zip") or "/" in name:
        raise PluginError("offline_copy: set `extra.offline_copy` in mkdocs.yml to the zip's file name, e.g. report-offline.zip")
    site = Path(config.site_dir)
    write_offline_zip(site, site / name, config.site_url or "")


def write_offline_zip(site: Path, output: Path, site_url: str = "") -> None:
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", ZIP_EPOCH)), ZIP_EPOCH)
    timestamp = time.gmtime(epoch)[:6]
    paths = offline_files(site)
    contents = {path: (site / path).read_bytes() for path in paths}
    if site_url:
        # Each download paragraph of the web pages, and what the copy says instead.
        paragraphs: dict[str, str] = {}
        for path in paths:
            if path.endswith(".html"):
                page = contents[path].decode("utf-8")
                contents[path] = offline_page(page, site_url, output.name, paragraphs).encode("utf-8")
        if SEARCH_INDEX in contents:
            contents[SEARCH_INDEX] = offline_search_index(contents[SEARCH_INDEX].decode("utf-8"), paragraphs).encode("utf-8")
    partial = output.with_name(output.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for path in paths:
            entry = zipfile.ZipInfo(f"{output.stem}/{path}", date_time=timestamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, so that the permissions below apply
            entry.external_attr = 0o100644 << 16
            archive.writestr(entry, contents[path], compresslevel=9)
    partial.replace(output)


def offline_page(page: str, site_url: str, name: str, paragraphs: dict[str, str] | None = None) -> str:
    """`page` as the offline copy holds it: a paragraph that links to the copy's download says this is the copy.

    Each paragraph replaced, and its replacement, are added to `paragraphs`.
    """
    download = re.escape(html.escape(site_url + name))
    paragraph = re.compile(rf'<p\b([^>]*)>((?:(?!</p>).)*?)href="{download}"(?:(?!</p>).)*</p>', re.S)
    web = html.escape(site_url)

    def offline(match: re.Match[str]) -> str:
        replacement = (
            f"<p{match.group(1)}><strong>Reading offline.</strong> You are reading the offline copy: every"
            f" page and the search work straight from disk, with no network. The report on the web, which"
            f' may have been updated since, is at <a href="{web}">{web}</a>.</p>')
        if paragraphs is not None:
            paragraphs[match.group(0)] = replacement
        return replacement

    return paragraph.sub(offline, page)


def offline_search_index(script: str, paragraphs: dict[str, str]) -> str:
    """search/search_index.js with each of `paragraphs` (web HTML: offline HTML) replaced as the search indexes it."""
    prefix, _, data = script.partition("=")
    index = json.loads(data)
    replacements = {_indexed(web): _indexed(offline) for web, offline in paragraphs.items()}
    for doc in index["docs"]:
        for web, offline in replacements.items():
            doc["text"] = doc["text"].replace(web, offline)
    # The same form as the offline plugin writes, from the search plugin's JSON.
    return f"{prefix}= {json.dumps(index, separators=(',', ':'), default=str)}"


def _indexed(paragraph: str) -> str:
    """A paragraph's HTML as Material's search plugin puts it into the index's text."""
    parser = SearchParser()
    parser.feed(paragraph)
    parser.close()
    return "".join(parser.data[0].text).strip()


def offline_files(site: Path) -> list[str]:
    """The site's files a reader's browser loads from disk, as sorted POSIX paths."""
    needed_lunr = _lunr_files(site)
    kept = []
    for file in site.rglob("*"):
        path = file.relative_to(site).as_posix()
        if not file.is_file() or path in NEVER_LOADED_FROM_DISK or path.endswith((".map", ".yml", ".yaml", ".zip", ".partial")):
            continue
        if path.startswith(LUNR) and path not in needed_lunr:
            continue
        kept.append(path)
    return sorted(kept)


def _lunr_files(site: Path) -> set[str]:
    """The Lunr files Material's search worker imports for the site's languages."""
    try:
        languages = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["lang"]
    except (OSError, ValueError, KeyError) as error:
        raise PluginError(f"offline_copy: cannot read the search languages from search/search_index.json: {error}") from None
    # The same rules as the worker's setupSearchLanguages().
    scripts = set()
    for language in languages:
        if language == "ja":
            scripts.add(f"{LUNR}tinyseg.js")
        if language in {"hi", "th"}:
            scripts.add(f"{LUNR}wordcut.js")
        if language != "en":
            scripts.add(f"{LUNR}min/lunr.{language}.min.js")
    if len(languages) > 1:
        scripts.add(f"{LUNR}min/lunr.multi.min.js")
    if scripts:
        scripts.add(f"{LUNR}min/lunr.stemmer.support.min.js")
    return scripts
