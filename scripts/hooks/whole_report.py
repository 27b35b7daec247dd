"""The whole report on one page (whole-report.html), for printing or one scroll.

The page holds every page of the navigation, in navigation order, each in a
<section> whose id is the page's name. It is generated, not written: MkDocs
renders every page's Markdown before it fills any template, so when this page
is rendered the others' HTML is ready. Inside each section the headings move
one level down (the page keeps a single <h1>), ids get the page's name as a
prefix (two pages may share a heading) and links to pages of the report become
links within this page.

mkdocs-print-site-plugin 2.9 does the same job but adds its CSS and JS to every
page of the site and leaves each page's <h1> id unprefixed while its permalink
points at the prefixed one, so this small hook is used instead.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils.meta import get_data

SRC_URI = "whole-report.md"
TITLE = "The whole report on one page"
INTRO = (
    "Every page of the report in reading order, on one page: to print, to save"
    " as PDF or to read in one scroll. Printing leaves out the site's"
    " navigation and what only makes sense on screen."
)

# The table of contents lists the parts (level 2) and their sections (3), not
# every person and place: Material's script follows each entry as the page
# loads and scrolls, and 17 name entries would be the longest part of the list.
TOC_DEPTH = 3

_ID = re.compile(r'\bid="([^"]*)"')
_URL = re.compile(r'\b(href|src)="([^"]*)"')
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_TITLED_LINK = re.compile(r'<a href="([^"]*)" title="[^"]*">')
_ABBREVIATION = re.compile(r'<abbr title="[^"]*">(.*?)</abbr>', re.S)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    homepage = files.get_file_from_path("index.md")
    if homepage is None:
        raise PluginError("whole_report: docs/index.md is missing; the one-page report takes its date from it")
    _, meta = get_data(homepage.content_string)
    if "date" not in meta:
        raise PluginError("whole_report: docs/index.md has no `date` in its front matter")
    # Dumped, not pasted: whatever index.md's date holds stays one value.
    fields = {"title": TITLE,
              "description": f"The whole report of {meta['date']} on one page, in reading order, to print or save as PDF.",
              "date": meta["date"]}
    markdown = f"---\n{yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)}---\n\n# {TITLE}\n\n{INTRO}\n"
    # Listed last in mkdocs.yml's nav, and linked from the overview.
    files.append(File.generated(config, SRC_URI, content=markdown, inclusion=InclusionLevel.INCLUDED))
    return files


# Before the search plugin (priority 0) reads the page: it must not index the
# report a second time.
@event_priority(50)
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    if page.file.src_uri != SRC_URI:
        return context
    parts = [part for part in nav.pages if part.file.src_uri != SRC_URI]
    title = page.toc.items[0]
    prefixes = {_page_path(part.url): _prefix(part) for part in parts}
    sections = [_section(part, prefixes, page.url, title.id) for part in parts]
    page.content = _without_tooltips(page.content + "\n" + "\n".join(sections))
    title.children = [link for part in parts for link in _shifted_toc(part.toc, _prefix(part))]
    page.meta["search"] = {"exclude": True}
    page.edit_url = None  # it has no source file to edit
    return context


def _without_tooltips(html: str) -> str:
    """The parts without title tooltips: a titled link keeps its link, an `<abbr title>` becomes its text.

    On the topic pages a name's first mention links to its entry with the
    description as title, and later mentions are `<abbr title>`. Material
    builds a script tooltip for every titled element as a page loads, and on
    this long page those 25 tooltips were half the script's start-up work
    (scripts/bench_pages.py counts it), which phone readers wait through.
    Here every entry is on the same page, further down: a name's link leads
    to its description.
    """
    html = _TITLED_LINK.sub(lambda match: f'<a href="{match.group(1)}">', html)
    return _ABBREVIATION.sub(lambda match: match.group(1), html)


def _prefix(page: Page) -> str:
    return page.file.src_uri.removesuffix(".md").replace("/", "-")


def _page_path(url: str) -> str:
    """A page's path from the site root, the same with or without directory URLs."""
    path = posixpath.normpath(url or ".")
    if url.endswith("/") or path == ".":
        path = posixpath.join(path, "index.html")
    return posixpath.normpath(path)


def _section(page: Page, prefixes: dict[str, str], here: str, top: str) -> str:
    prefix = _prefix(page)
    html = _ID.sub(lambda m: f'id="{prefix}--{m.group(1)}"', page.content or "")
    html = _URL.sub(lambda m: f'{m.group(1)}="{_relink(m.group(2), page.url, prefixes, here, top)}"', html)
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html)
    return f'<section class="whole-report-part" id="{prefix}">\n{html}\n</section>'


def _relink(url: str, source: str, prefixes: dict[str, str], here: str, top: str) -> str:
    """`url` as written on the page at `source`, as it must read on the page at `here` (whose first heading is `top`)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("/"):
        return url
    source_prefix = prefixes[_page_path(source)]
    if not parts.path:  # "#id" on the same page
        return f"#{source_prefix}--{parts.fragment}" if parts.fragment else url
    target = _page_path(posixpath.join(posixpath.dirname(source), parts.path))
    if target == _page_path(here):  # the overview links to this page: here, that is its top
        return f"#{parts.fragment or top}"
    if target in prefixes:
        return f"#{prefixes[target]}--{parts.fragment}" if parts.fragment else f"#{prefixes[target]}"
    relative = posixpath.relpath(target, posixpath.dirname(_page_path(here)) or ".")
    return relative + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def _shifted_toc(toc: TableOfContents, prefix: str) -> list[AnchorLink]:
    def shift(link: AnchorLink) -> AnchorLink:
        moved = AnchorLink(link.title, f"{prefix}--{link.id}", min(link.level + 1, 6))
        moved.children = [shift(child) for child in link.children] if moved.level < TOC_DEPTH else []
        return moved

    return [shift(link) for link in toc.items]
