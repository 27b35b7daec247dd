"""Names from docs/data/names.yml: tooltips, links to their entries, the People and places lists.

The names file is the one source; nothing generated is committed. It is read
and checked by the validator's loader (scripts/validator/names.py), so the
build and `scripts/validate.py` agree on it: a broken file stops the build
with the validator's own `path:line:column: invalid-names-file: ...` lines.

- Tooltips: the names file becomes the `abbr` extension's glossary, so every
  mention of a name, a short form or its curly-apostrophe spelling becomes
  `<abbr title="description">`, which Material's `content.tooltips` shows on
  hover.
- Links: the first mention of each name in a page's prose becomes a link to
  its entry, carrying the description as its title. A link takes keyboard focus, and Material shows a
  title's tooltip on focus as on hover, so keyboard readers get the
  description too. The link is made here rather than written in the pages so
  that no editor has to keep it up; it is made before MkDocs resolves links,
  so a strict build checks every one. Names in headings and in link text stay
  plain: a tooltip there would compete with the heading's or link's own job.
  So do all names on the People and places page, where each entry is at hand.
- Lists: the People and places page carries two markers, replaced with one
  entry per name (a heading with a stable id, the description, the side for
  people, the sources of a description that goes beyond the report) and the
  pages whose `people`/`places` front matter lists it, in navigation order.
  The list is read from the front matter at build time, so it cannot drift
  from it.

Every value of the names file, and every page title it writes, is plain text:
it enters the Markdown through `plain_markdown` (no HTML, link or attribute
list can come out of it) and the tooltips escaped, since Material shows a
title attribute as HTML.
"""

from __future__ import annotations

import html
import posixpath
import re
import sys
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from validator.names import CATEGORIES, NAMES_FILE, Name, load_names  # noqa: E402
from validator.project import display_path  # noqa: E402
from validator.report import render  # noqa: E402

ENTRIES_PAGE = "people-and-places.md"
MARKERS = {kind: f"<!-- names:{kind} -->" for kind in CATEGORIES}
# Where a name stays plain text: tooltips and links belong in the prose, not in headings, links, or the words the
# About page's table of changes strikes out of the report and puts in (~~ ~~ and ^^ ^^).
PLAIN_INSIDE = {"a", "del", "ins", "h1", "h2", "h3", "h4", "h5", "h6"}
# Python-Markdown's backslash escapes (Markdown.ESCAPED_CHARS, with tables' '|'), less '>', written as &gt;.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def plain_markdown(text: str) -> str:
    """`text`, plain text from the names file or front matter, as Markdown that renders exactly it: no HTML, link,
    attribute list or emphasis can come out of it."""
    return _MARKDOWN_SYNTAX.sub(r"\\\1", html.escape(text, quote=False))


class _FirstMentionLinks(Treeprocessor):
    """After `abbr` (priority 7): plain names in headings and links; first mentions become links."""

    def __init__(self, md: Markdown, state: _State) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        # On the People and places page every name has its entry right there.
        self._walk(root, plain=self.state.entries_href is None, linked=set())

    def _walk(self, parent: etree.Element, plain: bool, linked: set[str]) -> None:
        for child in list(parent):
            entry = self.state.by_spelling.get(child.text or "") if child.tag == "abbr" else None
            if entry is None:
                self._walk(child, plain or child.tag in PLAIN_INSIDE, linked)
            elif plain:
                _unwrap(parent, child)
            elif entry.name not in linked:
                linked.add(entry.name)
                child.tag = "a"
                child.set("href", f"{self.state.entries_href}#{entry.anchor}")


def _unwrap(parent: etree.Element, child: etree.Element) -> None:
    """Replace `child` by its text, keeping what follows it."""
    text = (child.text or "") + (child.tail or "")
    index = list(parent).index(child)
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(child)


class _NamesExtension(Extension):
    def __init__(self, state: _State) -> None:
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_FirstMentionLinks(md, self.state), "names_first_mention", 6)


@dataclass
class _State:
    """What the hook knows during one build."""

    names: list[Name]
    by_spelling: dict[str, Name]
    mentions: dict[str, list[tuple[str, str]]]  # name -> [(page title, src_uri)]
    entries_href: str | None = None  # the current page's link to ENTRIES_PAGE; None on that page
    unusable: str | None = None  # why the names file cannot be used: on_pre_build stops the build with it


_state: _State | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    if "abbr" not in config.markdown_extensions:
        raise PluginError("names: the hook needs the `abbr` Markdown extension in mkdocs.yml")
    names_file = Path(config.docs_dir) / NAMES_FILE
    index, problems = load_names(names_file, display_path(names_file))
    if index is None:
        # Raised in on_pre_build, after the validate hook (priority 100) has reported these lines with the rest
        # of its run: `scripts/validate.py` runs this on_config when it loads mkdocs.yml, and must not stop here.
        missing = f"names: {display_path(names_file)} is missing; the tooltips, links and entries come from it"
        unusable = render(problems, "text").rstrip("\n") if problems else missing
        _state = _State([], {}, mentions={}, unusable=unusable)
        return config
    names = index.entries
    by_spelling = {spelling: entry for entry in names for spelling in entry.spellings()}
    _state = _State(names, by_spelling, mentions={})
    # Material's tooltips show a title as HTML (innerHTML): it must hold the description escaped.
    config.mdx_configs.setdefault("abbr", {})["glossary"] = {
        spelling: html.escape(entry.description, quote=False) for spelling, entry in by_spelling.items()
    }
    config.markdown_extensions.append(_NamesExtension(_state))
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    assert _state is not None
    if _state.unusable:
        raise PluginError(_state.unusable)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    assert _state is not None
    if files.get_file_from_path(ENTRIES_PAGE) is None:
        raise PluginError(f"names: docs/{ENTRIES_PAGE} is missing; every name links to its entry there")
    _state.mentions = {entry.name: [] for entry in _state.names}
    for page in nav.pages:
        if page.file.src_uri == ENTRIES_PAGE or page.file.generated_by:
            continue
        _, meta = get_data(page.file.content_string)
        # The navigation's title where it gives one ("Overview"), as readers know the page.
        title = str(page.title or meta.get("title") or page.file.name)
        for kind in CATEGORIES:
            for name in meta.get(kind) or []:
                if name in _state.mentions:
                    _state.mentions[name].append((title, page.file.src_uri))
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _state is not None
    here = page.file.src_uri
    if here == ENTRIES_PAGE:
        _state.entries_href = None
        return _fill_markers(markdown, here)
    _state.entries_href = posixpath.relpath(ENTRIES_PAGE, posixpath.dirname(here) or ".")
    return markdown


def _fill_markers(markdown: str, here: str) -> str:
    assert _state is not None
    for kind, marker in MARKERS.items():
        if markdown.count(marker) != 1:
            raise PluginError(f"names: docs/{here} must hold the line {marker} exactly once")
        entries = [_entry_markdown(entry, here) for entry in _state.names if entry.kind == kind]
        markdown = markdown.replace(marker, "\n\n".join(entries))
    return markdown


def _entry_markdown(entry: Name, here: str) -> str:
    # The name is also an identifier that front matter spells with a straight apostrophe; readers see a curly one.
    heading = plain_markdown(entry.name.replace("'", "\u2019"))
    lines = [f"### {heading} {{ #{entry.anchor} }}", "", f"{plain_markdown(entry.description)}."]
    if entry.side:
        lines[-1] += f" Side: {plain_markdown(entry.side)}."
    if entry.sources:
        label = "Sources" if len(entry.sources) > 1 else "Source"
        lines += ["", f"{label}: " + ", ".join(f"[{plain_markdown(title)}](<{url}>)" for title, url in entry.sources)
                  + "."]
    pages = _state.mentions.get(entry.name, []) if _state else []
    if pages:
        links = ", ".join(f"[{plain_markdown(title)}]({posixpath.relpath(src, posixpath.dirname(here) or '.')})"
                          for title, src in pages)
        lines += ["", f"Mentioned on: {links}", "{ .mentioned-on }"]
    return "\n".join(lines)
