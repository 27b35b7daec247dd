"""The page rules: each a small function over one page's facts (facts.py), yielding its problems.

In the style of CPython's check-peps.py: a rule is a generator registered
with `@page_rule`; it reads facts and yields `Problem`s, and no other code
names its rule id (tests/test_validate_cli.py checks that every rule id of
rules.py is emitted by exactly one function, and that only registered rules
make problems). Rules that need the whole site (links, anchors, the nav,
titles) or facts from elsewhere (the names file, gathering the files) are in
site_checks.py, with the same mechanism.

`PageReader.read` is one page's whole reading: facts (document.py), then the
page rules, then positions moved back from included text (snippets.py) and
the page's ids computed as the build's toc gives them (anchors.py), then the
rules registered with `@placed_rule` (over those ids, or at the include lines:
their positions need no moving), then the facts only the page rules need
dropped. `facts_of` and `problems_of` run the same on a string, for unit
tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from markdown.extensions.toc import slugify as toc_slugify

from .anchors import page_anchors
from .blocks import BlockSyntax
from .document import DocumentReader
from .facts import Page, included_note
from .front_matter import FrontMatterChecker
from .names import CATEGORIES, NameIndex
from .rules import Problem
from .safety import unsafe_tag
from .snippets import Snippets, relocate
from .typography import straight_quotes

_NON_SPACE = re.compile(r"\S")


@dataclass(frozen=True)
class Context:
    """What the page rules know besides the page: the project's front-matter schema and names file."""

    front_matter: FrontMatterChecker
    names: NameIndex | None = None
    slugify: Callable[[str, str], str] = toc_slugify  # toc's, which makes the page's ids
    separator: str = "-"


PageRule = Callable[[Page, Context], Iterator[Problem]]
PAGE_RULES: list[PageRule] = []
# Findings that the page as the project's own Markdown pipeline renders it must confirm (rendered.py).
CONFIRMED_BY_RENDERING: list[PageRule] = []
# Rules over the page once its kept facts are placed back where they were written, and its ids computed.
PLACED_RULES: list[PageRule] = []


def page_rule(check: PageRule) -> PageRule:
    PAGE_RULES.append(check)
    return check


def confirmed_by_rendering(check: PageRule) -> PageRule:
    CONFIRMED_BY_RENDERING.append(check)
    return check


def placed_rule(check: PageRule) -> PageRule:
    PLACED_RULES.append(check)
    return check


# Reading ------------------------------------------------------------------------

UNREADABLE = {
    "not-regular": "not a regular file: replace it with a Markdown file",
    "os-error": "cannot read the page: {detail}",
    "too-large": "the page is over {detail} MB: split it into several pages",
    "binary": "the file is binary (it contains NUL bytes), not a Markdown page",
    "not-utf-8": "the page is not UTF-8 (byte 0x{detail}): save it as UTF-8",
    "too-deep": "the page nests lists or quotes too deeply to read",
    "html-too-deep": "elements with Markdown inside (md_in_html's 'markdown' attribute) nest more than {detail} deep "
                     "here: md_in_html reads each level by recursion, and the build fails on the page at about this "
                     "depth ('maximum recursion depth exceeded'); nest fewer of them",
    "footnote-in-footnote": "a footnote is defined inside another footnote's text, and more are defined after it: "
                            "the build fails on the page ('OrderedDict mutated during iteration'); define it at the "
                            "start of a line, outside the other footnote",
    "dangling-symlink": "this symlink points to {detail}, which does not exist: fix it or delete it",
}


@page_rule
def unreadable_file(page: Page, context: Context | None = None) -> Iterator[Problem]:
    for fact in page.unreadable:
        if fact.reason in UNREADABLE:
            yield Problem(page.path, fact.line, fact.column, "unreadable-file",
                          UNREADABLE[fact.reason].format(detail=fact.detail))


@page_rule
def empty_page(page: Page, context: Context) -> Iterator[Problem]:
    for fact in page.unreadable:
        if fact.reason == "empty":
            yield Problem(page.path, fact.line, fact.column, "empty-page",
                          "the page is empty: write its front matter and text, or delete it")


@page_rule
def front_matter(page: Page, context: Context) -> Iterator[Problem]:
    """Every front-matter rule (front_matter.py): syntax, the schema, plain text, names."""
    if page.front_matter is not None:
        yield from context.front_matter.check(page.front_matter, 2, page.path, present=page.front_matter.present)


# Prose ----------------------------------------------------------------------------

def _blank(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """`text` with `spans` masked (NULs; whitespace kept), offsets unchanged."""
    for start, end in spans:
        text = text[:start] + _NON_SPACE.sub("\0", text[start:end]) + text[end:]
    return text


@page_rule
def straight_quote(page: Page, context: Context | None = None) -> Iterator[Problem]:
    for prose in page.prose:
        if not prose.verbatim:
            for offset, message in straight_quotes(_blank(prose.text, prose.syntax)):
                yield Problem(page.path, *prose.locate.position(offset), "straight-quote", message)


@page_rule
def name_variant(page: Page, context: Context) -> Iterator[Problem]:
    if context.names is None:
        return
    for prose in page.prose:
        if not prose.verbatim:
            for offset, written, canonical in context.names.variants_in(prose.text):
                yield Problem(page.path, *prose.locate.position(offset), "name-variant",
                              f"'{written}' is a variant spelling: write '{canonical}'")


@page_rule
def unknown_name(page: Page, context: Context) -> Iterator[Problem]:
    """people: and places: entries of the front matter that are not names of the names file."""
    front = page.front_matter
    if context.names is None or front is None or front.unloadable or not isinstance(front.data, dict):
        return
    for category in CATEGORIES:
        entries = front.data.get(category)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            message = context.names.check_entry(category, entry) if isinstance(entry, str) else None
            if message:
                where = front.position([category, index])
                line, column = (2 + where[0], where[1] + 1) if where else (1, 1)
                yield Problem(page.path, line, column, "unknown-name", f"{category}: {message}")


# References and footnotes ---------------------------------------------------------

@confirmed_by_rendering
def undefined_reference(page: Page, context: Context) -> Iterator[Problem]:
    for fact in page.unresolved:
        if not fact.footnote:
            yield Problem(page.path, fact.line, fact.column, "undefined-reference",
                          f"reference '[{fact.label}]' is not defined on this page: add a line "
                          f"'[{fact.label}]: target.md', or write an inline link [text](target.md)")


@page_rule
def undefined_footnote(page: Page, context: Context) -> Iterator[Problem]:
    for fact in page.unresolved:
        if fact.footnote and fact.dropped:
            yield Problem(page.path, fact.line, fact.column, "undefined-footnote",
                          f"footnote '[^{fact.label}]' is defined inside the text of the page's last footnote: the "
                          f"build leaves it out, and every [^{fact.label}] leads nowhere; start the definition at "
                          "the beginning of a line")
        elif fact.footnote:
            yield Problem(page.path, fact.line, fact.column, "undefined-footnote",
                          f"footnote '[^{fact.label}]' has no definition: add a line '[^{fact.label}]: text'")


@page_rule
def unused_footnote(page: Page, context: Context) -> Iterator[Problem]:
    referenced = {decl.id for decl in page.element_ids}
    for definition in page.footnote_definitions:
        label = definition.label
        if f"fnref:{label}" not in referenced:
            yield Problem(page.path, definition.line, 1, "unused-footnote",
                          f"footnote '[^{label}]' is never referenced, so its back-link '#fnref:{label}' leads "
                          f"nowhere: reference it in the text with [^{label}], or delete the definition")


# Constructs the build prints as text ------------------------------------------------

@page_rule
def unclosed_fence(page: Page, context: Context) -> Iterator[Problem]:
    for fact in page.unclosed:
        if fact.marker != "<!--":
            yield Problem(page.path, fact.line, fact.column, "unclosed-fence",
                          f"the code block opened with '{fact.marker}' is never closed: the built page shows the "
                          "fence as text and reads the lines after it as Markdown; "
                          f"close it with a '{fact.marker}' line")


@page_rule
def unclosed_comment(page: Page, context: Context) -> Iterator[Problem]:
    for fact in page.unclosed:
        if fact.marker == "<!--":
            yield Problem(page.path, fact.line, fact.column, "unclosed-comment",
                          "the HTML comment '<!--' is never closed: the built page shows '<!--' and everything after "
                          "it as text; close it with '-->', or remove it")


@page_rule
def block_syntax(page: Page, context: Context) -> Iterator[Problem]:
    for fact in page.block_errors:
        yield Problem(page.path, fact.line, fact.column, "block-syntax", fact.message)


# Includes ---------------------------------------------------------------------------

@placed_rule
def missing_include(page: Page, context: Context | None = None) -> Iterator[Problem]:
    """Includes that are not there (facts of the expansion itself, at the lines that name them)."""
    for fact in page.expansion.missing if page.expansion is not None else ():
        if fact.auto_append:
            what = f"auto_append {fact.reason}: no page gets it"
        else:
            effect = "stops the build (check_paths)" if fact.stops_build else "leaves this include out silently"
            what = f"{fact.reason}: the build {effect}"
        yield Problem(fact.path, fact.line, fact.column, "missing-include",
                      f"{what}; correct the path (relative to the snippets base_path in mkdocs.yml) or add the file")


# Raw HTML and attributes ------------------------------------------------------------

@page_rule
def unsafe_markup(page: Page, context: Context) -> Iterator[Problem]:
    """Tags, attribute lists and block attributes that run code, restyle or load from elsewhere (safety.py)."""
    for tag in page.tags:
        for rule, message in unsafe_tag(tag.name, tag.attrs):
            yield Problem(page.path, tag.line, tag.column, rule, message)


# Ids --------------------------------------------------------------------------------

@placed_rule
def duplicate_id(page: Page, context: Context | None = None) -> Iterator[Problem]:
    """Ids of the built page (page.anchors) used twice."""
    first: dict[str, tuple[int, int]] = {}
    for anchor in page.anchors:
        if anchor.id in first:
            line, column = first[anchor.id]
            yield Problem(page.path, anchor.line, anchor.column, "duplicate-id",
                          f"id '{anchor.id}' is already used at line {line}, column {column}: links to "
                          f"'#{anchor.id}' reach only the first; give this one another id"
                          + included_note(anchor.included))
        else:
            first[anchor.id] = (anchor.line, anchor.column)


# One page's reading -----------------------------------------------------------------

def page_problems(page: Page, context: Context) -> tuple[list[Problem], list[Problem]]:
    """What the page rules find in `page`: (problems, findings the rendered page must confirm)."""
    found = [problem for check in PAGE_RULES for problem in check(page, context)]
    unconfirmed = [problem for check in CONFIRMED_BY_RENDERING for problem in check(page, context)]
    return found, unconfirmed


def placed_problems(page: Page, context: Context) -> list[Problem]:
    """What the placed rules find in `page`, its ids computed first (page.anchors)."""
    page.anchors = page_anchors(page, context.slugify, context.separator)
    return [problem for check in PLACED_RULES for problem in check(page, context)]


class PageReader:
    """Reads a page into its facts and applies the page rules to them; keeps the facts the site rules need."""

    def __init__(self, *, front_matter: FrontMatterChecker, names: NameIndex | None,
                 attr_list: bool, footnotes: bool, md_in_html: bool = False, strikethrough: bool = False,
                 extensions: frozenset[str] | None = None, snippets: Snippets | None = None,
                 blocks: BlockSyntax | None = None, slugify: Callable[[str, str], str] = toc_slugify,
                 separator: str = "-") -> None:
        self.reader = DocumentReader(attr_list=attr_list, footnotes=footnotes, md_in_html=md_in_html,
                                     strikethrough=strikethrough, extensions=extensions, snippets=snippets,
                                     blocks=blocks)
        self.context = Context(front_matter, names, slugify, separator)

    def read(self, abs_path: str, src_uri: str, path: str) -> Page:
        return self.checked(self.reader.read(abs_path, src_uri, path))

    def read_text(self, text: str, src_uri: str = "index.md", path: str = "docs/index.md") -> Page:
        return self.checked(self.reader.read_text(text, Page(src_uri, path)))

    def checked(self, page: Page) -> Page:
        problems, unconfirmed = page_problems(page, self.context)
        if page.expansion is not None:
            problems, unconfirmed = relocate(page, page.expansion, problems, unconfirmed)
        page.problems, page.unconfirmed = problems + placed_problems(page, self.context), unconfirmed
        page.forget()
        return page


def facts_of(text: str, *, extensions: frozenset[str] = frozenset({"attr_list", "def_list", "footnotes"}),
             path: str = "docs/index.md", **settings: Any) -> Page:
    """The facts of a page whose content is `text` (for tests): every fact, none dropped.

    `settings` are DocumentReader's (attr_list, footnotes, md_in_html, strikethrough ...); by default those of
    `extensions`.
    """
    settings.setdefault("attr_list", "attr_list" in extensions)
    settings.setdefault("footnotes", "footnotes" in extensions)
    settings.setdefault("md_in_html", "md_in_html" in extensions)
    return DocumentReader(extensions=extensions, **settings).read_text(text, Page(path.removeprefix("docs/"), path))


def problems_of(text: str, *, schema: Any = None, names: NameIndex | None = None, **settings: Any) -> list[Problem]:
    """Every page-rule problem of `text` (for tests), sorted: confirmed or not."""
    page = facts_of(text, **settings)
    context = Context(FrontMatterChecker(schema), names)
    found, unconfirmed = page_problems(page, context)
    return sorted(found + unconfirmed + placed_problems(page, context))
