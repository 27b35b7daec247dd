"""Confirming a finding against the page the project's own Markdown pipeline renders.

A static read cannot know the ids and reference definitions that a project's
hooks, Markdown extensions or plugins create (pymdownx.tabbed's
combine_header_slug tab ids, a hook that appends definitions, an extension
that sets ids, mkdocs-autorefs' cross-references). So before a broken-anchor
or undefined-reference finding is reported, the page concerned is rendered
as `mkdocs build` renders it: MkDocs' own `Page.render` (the configured
markdown_extensions and their settings), between the plugins'
`on_page_markdown` and `on_page_content` events. The finding is dropped if
the rendered page has the id, or no longer shows the literal `[text][label]`.
An autorefs cross-reference left in it is resolved as autorefs resolves it:
a heading's id anywhere in the site, or an identifier that a plugin registers
with autorefs as it renders pages (mkdocstrings' `::: pkg` blocks), for which
the pages with such blocks are rendered too, the likeliest first, until one
registers it.

Only pages with such findings are rendered, so the common case costs nothing.
The configuration is loaded afresh for this (as `mkdocs build` loads it), so
that plugins and hooks keep no state from it: inside the build (the
validation hook runs before any page is rendered) the build's own plugins are
not disturbed. A plugin that fails on a page is left out for that page, with
a note; a page that cannot be rendered at all keeps its findings.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions.toc import slugify as toc_slugify
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from .project import mkdocs_messages
from .rules import Problem

# `[text][label]` and `[text][]` as Python-Markdown leaves them when the label is undefined (a label may start with
# '^' when the footnotes extension is off).
REFERENCE_AT = re.compile(r"\[([^\[\]\0]+)\]\[([^\[\]\0]*)\]")
_ID = re.compile(r"""<(?:[a-zA-Z][^>]*?\sid|a\s[^>]*?\bname)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_PRE = re.compile(r"<pre\b.*?</pre>", re.S | re.I)
_INLINE_MARKS = re.compile(r"[`*_]")
_AUTOREF = re.compile(r"<autoref\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# What a note says when a page cannot be rendered: to confirm its own findings, or to learn its objects.
_OWN_FINDINGS = "to confirm its findings ({type}: {error}): they are reported as read"
_OBJECT_PAGE = "to learn the objects it documents ({type}: {error}): cross-references to them are reported"
# mkdocstrings' block (its AutoDocProcessor.regex): `::: pkg.module`, which documents the object and its members.
OBJECT_BLOCK = re.compile(r"^(?:#{1,6} *|)::: ?(.+?) *$", re.M)


@dataclass
class Rendered:
    ids: set[str]
    html: str
    # The visible text, by `code`, made once per page: each finding the page must confirm looks in it.
    _visible: dict[bool, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def visible_text(self, *, code: bool = False) -> str:
        """The page's text, without its code (with it, `code`: the text of inline code, not of code blocks)."""
        if code not in self._visible:
            markup = _TAG.sub("", (_PRE if code else _CODE).sub(" ", self.html))
            self._visible[code] = " ".join(html.unescape(markup).split())
        return self._visible[code]

    def autorefs(self) -> list[dict[str, str]]:
        found = []
        for tag in _AUTOREF.findall(self.html):
            found.append({m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or "")
                          for m in _ATTRIBUTE.finditer(tag)})
        return found


class RenderedPages:
    """Pages rendered on demand (each at most once), and the confirmations built on them."""

    def __init__(self, project: Any, files: Files, site_heading_ids: Callable[[], set[str]],
                 load_config: Callable[[], Any] | None = None) -> None:
        self.project = project
        self.files = files
        self.site_heading_ids = site_heading_ids
        self._load_config = load_config
        self._config: Any = None
        self._cache: dict[str, Rendered | None] = {}
        self._objects: dict[str, list[str]] | None = None  # pages with object blocks: the names they document
        self._notes: list[str] = []
        self._unknown_identifiers: list[str] = []  # cross-references that only an inventory could define
        self.rendered = 0  # pages rendered, and the time they took (CPU seconds): for the benchmark
        self.seconds = 0.0

    # Rendering ------------------------------------------------------------------

    def config(self) -> Any:
        if self._config is None:
            self._config = self.project.config
            if self._load_config is not None:
                try:
                    self._config = self._load_config()
                except Exception as error:  # noqa: BLE001 - a plugin's failure: render without the fresh copy
                    self._notes.append(f"note: {self.project.config_file.name}: could not load it afresh to render pages "
                                      f"({type(error).__name__}: {error}); rendered with the validator's copy")
        return self._config

    @property
    def notes(self) -> list[str]:
        """What the run should say besides its findings: pages it could not render, references it could not judge."""
        if not self._unknown_identifiers:
            return self._notes
        first = self._unknown_identifiers[0]
        return [*self._notes, f"note: {self.project.config_file.name}: mkdocstrings downloads inventories at build "
                f"time, which the validator does not: {len(self._unknown_identifiers)} cross-reference(s) no page "
                f"defines (the first '{first}') not reported"]

    def render(self, src_uri: str, failing: str = _OWN_FINDINGS) -> Rendered | None:
        """The page as the build renders it (None if it cannot be); `failing`: the note's words if it fails."""
        if src_uri not in self._cache:
            start = time.process_time()
            self._cache[src_uri] = self._render(src_uri, failing)
            self.seconds += time.process_time() - start
        return self._cache[src_uri]

    def _render(self, src_uri: str, failing: str) -> Rendered | None:
        source = self.files.get_file_from_path(src_uri)
        if source is None or not source.is_documentation_page() or source.abs_src_path is None:
            return None
        config = self.config()
        # A File of our own: rendering sets file.page, and the validator's Files stay as they were.
        file = File(source.src_uri, source.src_dir, config["site_dir"], config["use_directory_urls"])
        try:
            with mkdocs_messages():  # MkDocs' own warnings while rendering are the validator's to report
                page = MkDocsPage(None, file, config)
                page.read_source(config)
                markdown = page.markdown
                page.markdown = self._event("on_page_markdown", src_uri, markdown, page=page, config=config,
                                            files=self.files)
                page.render(config, self.files)
                content = self._event("on_page_content", src_uri, page.content or "", page=page, config=config,
                                      files=self.files)
        except Exception as error:  # noqa: BLE001 - keep the findings of a page that cannot be rendered
            consequence = failing.format(type=type(error).__name__, error=error)
            self._notes.append(f"note: {file.src_uri}: could not render it {consequence}")
            return None
        self.rendered += 1
        ids = set(getattr(page, "present_anchor_ids", None) or ())
        ids.update(html.unescape(m.group(1) if m.group(1) is not None else m.group(2)) for m in _ID.finditer(content))
        return Rendered(ids, content)

    def _event(self, name: str, src_uri: str, value: str, **kwargs: Any) -> str:
        plugins = kwargs["config"].plugins
        try:
            result = getattr(plugins, name)(value, **kwargs)
        except Exception as error:  # noqa: BLE001 - a plugin that needs the whole build: render without it
            self._notes.append(f"note: {src_uri}: a plugin failed in {name} while the validator rendered the page "
                              f"({type(error).__name__}: {error}); rendered without that event")
            return value
        return value if result is None else result

    # Confirmations --------------------------------------------------------------

    def has_id(self, src_uri: str, fragment: str) -> bool:
        """Whether the rendered page `src_uri` has the id `fragment` (False if it cannot be rendered)."""
        rendered = self.render(src_uri)
        return rendered is not None and fragment in rendered.ids

    def confirmed(self, problems: Iterable[Problem], file: File, page_path: str) -> list[Problem]:
        """`problems` (undefined references: checks.CONFIRMED_BY_RENDERING) less those its rendering resolves."""
        kept = []
        lines: list[str] | None = None
        for problem in problems:
            if problem.path != page_path:
                kept.append(problem)
                continue
            if lines is None:
                lines = _source_lines(file)
            if not self._reference_resolved(problem, lines, file):
                kept.append(problem)
        return kept

    def _reference_resolved(self, problem: Problem, lines: list[str], file: File) -> bool:
        line = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
        match = REFERENCE_AT.match(line, max(problem.column - 1, 0))
        if match is None:  # not where the reader saw it (a reference across lines): keep it
            return False
        rendered = self.render(file.src_uri)
        if rendered is None:
            return False
        text, label = match.group(1), match.group(2)
        # `[`Path`][]`: the page shows the text without its code or emphasis marks, and autorefs looks it up so.
        shown = " ".join(_INLINE_MARKS.sub("", text).split())
        literal = f"][{label}]" if label else f"[{shown}][]"
        if literal in rendered.visible_text() or (not label and literal in rendered.visible_text(code=True)):
            return False
        identifier = label or shown
        if "autorefs" in self.config().plugins:
            # What mkdocs-autorefs does: the identifier as written, or (for [Title][]) the slug of the title,
            # must be a heading's id somewhere in the site, or an identifier a plugin registered with autorefs
            # (mkdocstrings' objects); the autoref left in the page says it is one.
            for autoref in rendered.autorefs():
                if autoref.get("identifier") == identifier or autoref.get("identifier") == text:
                    site = self.site_heading_ids()
                    slug = autoref.get("slug") or (None if label else toc_slugify(identifier, "-"))
                    return identifier in site or (slug is not None and slug in site) or \
                        self._autorefs_knows(autoref.get("identifier") or identifier, file)
        return True  # a hook, extension or plugin defined it

    # What autorefs learns while pages are rendered ------------------------------

    def _autorefs_knows(self, identifier: str, file: File) -> bool:
        """Whether autorefs would link `identifier` from `file`, once the pages that register identifiers with it
        (mkdocstrings' `::: object` blocks) are rendered: those most likely to hold it first, until one does.

        mkdocstrings registers its objects (`pkg.hello`, documented by `::: pkg` on another page) and their
        aliases with autorefs as it renders them: no static read knows them, and the build links them.
        """
        plugin = self.config().plugins.get("autorefs")
        if plugin is None or not hasattr(plugin, "get_item_url"):
            return False
        from_url = file.url
        for src_uri in self._object_pages(identifier):
            if self._registered(plugin, identifier, from_url):
                return True
            self.render(src_uri, _OBJECT_PAGE)  # registers its objects with the plugin
        if self._registered(plugin, identifier, from_url):
            return True
        if self._inventories():
            # The build downloads other projects' inventories (Python's `str`, say) and autorefs links their
            # objects too; the validator reads nothing from the network, so it cannot know: not reported, but said.
            self._unknown_identifiers.append(identifier)
            return True
        return False

    def _inventories(self) -> bool:
        """Whether mkdocstrings has inventories to download (`inventories:`, or `import:` before mkdocstrings 0.27)."""
        plugin = self.config().plugins.get("mkdocstrings")
        handlers = getattr(plugin, "config", {}).get("handlers") or {}
        return any(isinstance(options, dict) and (options.get("inventories") or options.get("import"))
                   for options in handlers.values())

    def _object_pages(self, identifier: str) -> list[str]:
        """The pages with object blocks, the likeliest to document `identifier` first: those whose object shares
        the longest dotted prefix with it, and among them one that is its parent (`::: agents` for `agents.run`)."""
        if self._objects is None:
            self._objects = {}
            for page in self.files.documentation_pages():
                try:
                    names = OBJECT_BLOCK.findall(page.content_string)
                except (OSError, UnicodeError, TypeError, ValueError):
                    continue
                if names:
                    self._objects[page.src_uri] = names
        parts = identifier.split(".")
        return sorted(self._objects, reverse=True,
                      key=lambda src_uri: max(_likeness(parts, name.split(".")) for name in self._objects[src_uri]))

    @staticmethod
    def _registered(plugin: Any, identifier: str, from_url: str) -> bool:
        with mkdocs_messages():  # autorefs' own warnings (several URLs for one identifier) are not the validator's
            try:
                fallback = getattr(plugin, "get_fallback_anchor", None)  # mkdocstrings' aliases, in older autorefs
                plugin.get_item_url(identifier, from_url=from_url, fallback=fallback)
            except Exception:  # noqa: BLE001 - KeyError: not registered; anything else: autorefs cannot link it either
                return False
        return True


def _likeness(parts: list[str], name: list[str]) -> tuple[int, bool]:
    """How many leading parts `parts` and `name` share, and whether all of `name`'s are among them."""
    shared = 0
    for one, two in zip(parts, name):
        if one != two:
            break
        shared += 1
    return shared, shared == len(name)


def _source_lines(file: File) -> list[str]:
    try:
        with open(file.abs_src_path or "", encoding="utf-8-sig") as stream:
            return stream.read().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    except (OSError, UnicodeError):
        return []
