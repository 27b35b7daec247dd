"""Facts: what reading a page finds in it, each with its position; the rules (checks.py) judge them.

Reading (document.py, with parser.py, blocks.py, snippets.py, rawhtml.py and
front_matter.py's parser) records facts and judges nothing. A `Page` holds
two kinds of facts:

- kept facts (links, headings, ids, title): what the rules over the whole site
  need; the run keeps them for every page, and the cache pickles them;
- facts of the page alone (prose, raw HTML tags, unresolved references,
  footnotes, open constructs, front matter, read failures): the page rules
  judge them right after reading, then `Page.forget` drops them, so that no
  copy of a page's text outlives its reading.

Positions are 1-based line and column in the page. Text brought in by a
pymdownx.snippets include is placed at the include line; `included` then says
where it really is ("includes/part.md:3:5"), for the problem's message.

Then come the facts of the site, found in the main process: where a link or a
nav entry leads, the titles, how the files were gathered, the names file. The
site rules (site_checks.py) judge them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .rules import Problem


def included_note(included: str | None) -> str:
    """What a problem's message adds when the text it is about comes from an include (`included`: path:line:col)."""
    return f" (in {included}, included here)" if included else ""


class Locate(Protocol):
    def position(self, offset: int) -> tuple[int, int]: ...


# Kept facts ---------------------------------------------------------------------

@dataclass(slots=True)
class Link:
    url: str
    line: int
    column: int
    image: bool = False
    alt: str | None = None  # images: the alt text; None: no alt attribute at all
    label: str | None = None  # reference-style links: the label used
    raw_html: bool = False  # <a href>/<img src>: MkDocs leaves these URLs as written
    included: str | None = None

    @property
    def note(self) -> str:
        """What a problem's message about this link adds when an include brought it in."""
        return included_note(self.included)


@dataclass(slots=True)
class Heading:
    level: int
    text: str  # the text Python-Markdown's toc slugifies
    explicit_id: str | None
    line: int
    column: int
    included: str | None = None


@dataclass(slots=True)
class IdDecl:
    id: str
    line: int
    column: int
    heading: bool = False  # a heading's {#id}
    included: str | None = None


# Facts of the page alone ----------------------------------------------------------

@dataclass(slots=True)
class Unreadable:
    """Why a file cannot be read as a page: `reason` is one of checks.UNREADABLE's keys, `detail` fills it in."""

    reason: str
    detail: str = ""
    line: int = 1
    column: int = 1


@dataclass(slots=True)
class Prose:
    """Text readers read: everything else in `text` (markup, code, URLs) masked with NULs, offsets kept."""

    text: str
    locate: Locate  # offset in `text` -> (line, column)
    verbatim: bool = False  # a quotation kept verbatim: names and quotes as the source wrote them
    syntax: tuple[tuple[int, int], ...] = ()  # (start, end): attribute lists and autolinks' text, not prose
    markdown: bool = True  # inline Markdown, where a [text][label] left as text is an undefined reference


@dataclass(slots=True)
class Tag:
    """A raw HTML start tag, or (name "") an attribute list `{...}` or a `///` block's attrs."""

    name: str
    attrs: list[tuple[str, str | None]]
    line: int
    column: int


@dataclass(slots=True)
class Unresolved:
    """`[text][label]` or `[^label]` that the parser left as text: no such definition on the page."""

    footnote: bool
    label: str
    line: int
    column: int
    dropped: bool = False  # a footnote defined in the last footnote's text, which the build leaves out (at its definition)


@dataclass(slots=True)
class FootnoteDefinition:
    label: str
    line: int


@dataclass(slots=True)
class Unclosed:
    """A fence (``` or ~~~) or an HTML comment (`marker` "<!--") opened and never closed."""

    marker: str
    line: int
    column: int


@dataclass(slots=True)
class BlockError:
    """A `///` block the build cannot read (`message` from blocks.py)."""

    message: str
    line: int
    column: int


@dataclass(slots=True)
class MissingInclude:
    """A pymdownx.snippets include that names no file there: at the include line of `path` (the page as printed),
    or, for auto_append, where mkdocs.yml names the file. `reason`: pymdownx's message, paths quoted."""

    path: str
    line: int
    column: int
    reason: str
    stops_build: bool  # check_paths is on
    auto_append: bool = False


@dataclass(slots=True)
class Page:
    src_uri: str
    path: str  # as printed: relative to the current directory
    # Kept facts
    title: str | None = None  # as MkDocs titles the page (None: from the file name)
    title_position: tuple[int, int] = (1, 1)
    headings: list[Heading] = field(default_factory=list)
    element_ids: list[IdDecl] = field(default_factory=list)  # attr_list, block and footnote ids: toc avoids them
    html_ids: list[IdDecl] = field(default_factory=list)  # ids in raw HTML
    links: list[Link] = field(default_factory=list)
    readable: bool = True
    problems: list[Problem] = field(default_factory=list)  # what the page rules found
    unconfirmed: list[Problem] = field(default_factory=list)  # findings the rendered page must confirm
    # Facts of the page alone
    unreadable: list[Unreadable] = field(default_factory=list)
    front_matter: Any = None  # front_matter.FrontMatter, or None when the page has none
    prose: list[Prose] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    footnote_definitions: list[FootnoteDefinition] = field(default_factory=list)
    unclosed: list[Unclosed] = field(default_factory=list)
    block_errors: list[BlockError] = field(default_factory=list)
    expansion: Any = None  # snippets.Expansion: where each line of the read text comes from
    # Derived once the kept facts are placed where they were written: every id of the built page, in document
    # order, with its position (anchors.page_anchors)
    anchors: list[Any] = field(default_factory=list)

    def forget(self) -> None:
        """Drop the facts only the page rules need (they hold the page's text)."""
        self.unreadable, self.front_matter, self.prose, self.tags = [], None, [], []
        self.unresolved, self.footnote_definitions, self.unclosed, self.block_errors = [], [], [], []
        self.expansion = None


@dataclass(slots=True)
class FrontMatterError:
    """YAML that MkDocs cannot use as front matter. `kind`: one of checks.FRONT_MATTER_SYNTAX's keys, or
    "bad-date" (a date YAML cannot read, which the schema rules report); `detail` and `extra` fill the message in."""

    kind: str
    line: int
    column: int
    detail: str = ""
    extra: str = ""


# Facts of the site ------------------------------------------------------------------
# Found in the main process, not on one page: where links and nav entries lead, how the files were gathered, the
# names file. The site rules (site_checks.py) judge them.

@dataclass(slots=True)
class Resolution:
    """Where a link, an image or a nav entry leads, as the build resolves it (links.LinkResolver).

    `kind` is one of LEADS; the other fields say more where the kind needs it. `write` is what to write instead,
    relative to the page (or, in the nav, to the docs directory), when there is a file the link surely means.
    """

    link: Link  # a nav entry is a Link too, with the entry's path as its url
    path: str  # the file the link is written in, as printed
    kind: str
    target: str = ""  # the file it leads to or names (src_uri), or the built site's path for raw HTML
    write: str | None = None
    detail: str = ""  # kind "invalid": the error; "external": the scheme; "excluded": "draft" or "excluded";
    # "missing" in raw HTML: the page's URL; "raw-source": the target page's URL; "no-anchor": the fragment
    unsafe: list[tuple[str, str]] = field(default_factory=list)  # kind "unsafe": safety.url_problems' findings
    ids: Sequence[str] = ()  # kind "no-anchor": the target page's ids, for a hint
    itself: bool = False  # kind "no-anchor": the link leads into its own page
    nav: bool = False  # a nav entry of mkdocs.yml, not a link on a page


LEADS = {
    "found": "what the build will have: a page, a file, a heading, or a URL outside the site",
    "empty": "nothing: the URL is empty",
    "unsafe": "a URL that runs code, embeds content or loads from another host (safety.url_problems)",
    "invalid": "no URL the build can read",
    "external": "another site: the URL has a scheme",
    "absolute": "a path from the server's root",
    "outside": "out of the docs directory (or, for raw HTML, of the built site)",
    "missing": "a file that is not there",
    "directory": "a directory of the docs directory",
    "case": "a file whose name differs only in letter case",
    "excluded": "a file the build leaves out (exclude_docs, draft_docs)",
    "raw-source": "raw HTML that names a page's Markdown source, which the built site does not have",
    "no-anchor": "a page without the #fragment's id",
}


@dataclass(slots=True)
class NotInNav:
    """A page the build publishes that the nav of `nav_file` does not list."""

    path: str  # the page, as printed
    nav_file: str


@dataclass(slots=True)
class Titled:
    """A published page's title, as MkDocs titles it."""

    path: str
    src_uri: str
    title: str | None
    position: tuple[int, int]
    given_by: str | None = None  # where the title comes from when not from the page itself ("the nav of mkdocs.yml")


@dataclass(slots=True)
class Titles:
    """The titles of every published page: the one fact the duplicate-title rule needs."""

    pages: list[Titled]


@dataclass(slots=True)
class BadSymlink:
    """A symlink in the docs directory the build must not follow. `why`: "outside" (to `target`), "loops" (back to
    a directory that contains it) or "dangling" (to `target`, which does not exist)."""

    path: str  # as printed
    why: str
    target: str = ""  # as printed
    directory: bool = False


@dataclass(slots=True)
class PluginFailure:
    """A plugin (or the nav) failed while the events were followed: at the plugin's line of the config file."""

    path: str  # the config file, as printed
    line: int
    column: int
    plugin: str
    event: str
    error: str
    # What the validator read instead: by default, the docs directory as it is (events.build_files' fallback).
    instead: str = "the validator read the docs directory as it is, without that plugin's changes to the pages the " \
                   "build publishes"


@dataclass(slots=True)
class NamesFileError:
    """What makes the names file unusable (unreadable, invalid YAML, not in its shape, ambiguous): why, where."""

    line: int
    column: int
    message: str


@dataclass(slots=True)
class Described:
    """A names-file entry's description, at its position, and whether the entry lists sources."""

    name: str
    text: str
    line: int
    column: int
    sources: bool


@dataclass
class NamesFile:
    """What reading the names file found (names.read_names). `index` is None when the file is missing or has
    errors; `root` (its YAML, a mapping) is there for the plain-text rules."""

    path: str  # as printed
    index: Any = None  # names.NameIndex
    root: Any = None
    errors: list[NamesFileError] = field(default_factory=list)
    descriptions: list[Described] = field(default_factory=list)
    prose: list[Prose] = field(default_factory=list)  # what readers read: descriptions, sides, sources' titles
