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

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from markdown.extensions.toc import slugify as toc_slugify

from .anchors import page_anchors
from .blocks import BlockSyntax
from .document import DocumentReader
from .facts import Page, Tag, included_note
from .front_matter import FrontMatter, FrontMatterChecker, SchemaVerdict
from .names import CATEGORIES, NameIndex
from .rules import Problem
from .safety import (TEXT_TAG, UNSAFE_TAGS, URL_FIELDS, attribute_urls, markup_in_text, scalar_nodes,
                     url_problems)
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


# Front matter ------------------------------------------------------------------------
# Over the front-matter fact (front_matter.FrontMatter) and, for those of the schema, the schema's verdicts on it
# (FrontMatterChecker.judge: jsonschema-rs's errors, judged once per page).

FRONT_MATTER_SYNTAX = {
    "quoting": "invalid YAML in the front matter: {detail}; quote values that contain ': ' or start with a "
               "special character",
    "yaml": "invalid YAML in the front matter: {detail}",
    "alias": "YAML aliases (*name) are not allowed in front matter: write each value out",
    "duplicate-key": "'{detail}' is set twice (also at line {extra}); YAML keeps only the last: remove one",
    "too-deep": "the front matter is nested too deeply",
    "crlf": "MkDocs does not see this front matter: the file has Windows (CRLF) line endings; save it with LF",
}


def _verdicts(page: Page, context: Context, *keywords: str) -> Iterator[tuple[FrontMatter, SchemaVerdict]]:
    """The schema's verdicts on the page's front matter that break one of `keywords`."""
    front = page.front_matter
    if front is not None:
        for verdict in context.front_matter.judge(front):
            if verdict.keyword in keywords:
                yield front, verdict


@page_rule
def front_matter_syntax(page: Page, context: Context) -> Iterator[Problem]:
    """YAML that MkDocs cannot use as front matter, or nested more deeply than the schema can be checked."""
    front = page.front_matter
    if front is None:
        return
    context.front_matter.judge(front)  # first: judging is what finds YAML nested too deeply
    for error in front.errors:
        if error.kind in FRONT_MATTER_SYNTAX:
            yield Problem(page.path, error.line, error.column, "front-matter-syntax",
                          FRONT_MATTER_SYNTAX[error.kind].format(detail=error.detail, extra=error.extra))


@page_rule
def missing_field(page: Page, context: Context) -> Iterator[Problem]:
    """No front matter at all, or without a field the schema requires."""
    if page.front_matter is not None and not page.front_matter.present and context.front_matter.schema is not None:
        fields = ", ".join(context.front_matter.required) or "the schema's fields"
        yield Problem(page.path, 1, 1, "missing-field",
                      f"the page has no front matter: start it with a '---' line, {fields}, and a '---' line")
    for front, verdict in _verdicts(page, context, "required"):
        for name in verdict.expected:
            if not isinstance(verdict.value, dict) or name not in verdict.value:
                yield Problem(page.path, *front.place(verdict.where or None), "missing-field",
                              f"the front matter has no '{name}': add '{name}: ...' between the --- lines")


@page_rule
def unknown_field(page: Page, context: Context) -> Iterator[Problem]:
    """A field the schema does not define, at its key, with the likeliest one it meant."""
    for front, verdict in _verdicts(page, context, "additionalProperties"):
        known = verdict.properties
        for name in verdict.value:
            if name in known:
                continue
            close = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"the fields are: {', '.join(known)}"
            yield Problem(page.path, *front.place([*verdict.where, name], key=True), "unknown-field",
                          f"unknown field '{name}' ({hint})")


_EXPECTED = {"string": "text", "array": "a list", "object": "a mapping of fields", "integer": "a whole number",
             "number": "a number", "boolean": "true or false", "null": "empty"}


def _type_message(verdict: SchemaVerdict) -> str:
    """What a value of the wrong type should be, and how to write it so."""
    expected, value, where = verdict.expected, verdict.value, verdict.where
    wanted = " or ".join(_EXPECTED.get(t, t) for t in (expected if isinstance(expected, list) else [expected]))
    hint = ""
    if expected == "array" and isinstance(value, str):
        hint = f": write '{where[-1] if where else verdict.field_name}: [{value}]'"
    elif expected == "string" and value is not None:
        hint = ": put it in quotes"
    elif expected == "object" and not where:
        hint = ": write 'field: value' lines between the --- lines"
    subject = f"'{verdict.field_name}'" if where else "the front matter"
    return f"{subject} must be {wanted}, not {_describe(value)}{hint}"


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__)


@page_rule
def wrong_type(page: Page, context: Context) -> Iterator[Problem]:
    """A value of another type or format than the schema's, or a date YAML cannot read (whatever the schema)."""
    front = page.front_matter
    for error in front.errors if front is not None else ():
        if error.kind == "bad-date":
            yield Problem(page.path, error.line, error.column, "wrong-type",
                          f"'{error.detail}' is not a valid date ({error.extra}): write it as YYYY-MM-DD, "
                          "e.g. 2022-11-08")
    for front, verdict in _verdicts(page, context, "type", "format"):
        if verdict.keyword == "type":
            message = _type_message(verdict)
        else:
            wanted = {"date": "an ISO date (YYYY-MM-DD), e.g. 2022-11-08"}.get(verdict.expected,
                                                                                f"a valid {verdict.expected}")
            message = f"'{verdict.field_name}' must be {wanted}, not '{verdict.value}'"
        yield Problem(page.path, *front.place(verdict.where), "wrong-type", message)


@page_rule
def too_long(page: Page, context: Context) -> Iterator[Problem]:
    for front, verdict in _verdicts(page, context, "maxLength"):
        length, limit = len(verdict.value), verdict.expected
        yield Problem(page.path, *front.place(verdict.where), "too-long",
                      f"'{verdict.field_name}' is {length} characters; the limit is {limit}: "
                      f"shorten it by {length - limit}")


@page_rule
def unknown_tag(page: Page, context: Context) -> Iterator[Problem]:
    for front, verdict in _verdicts(page, context, "enum"):
        choices = [str(choice) for choice in verdict.expected]
        close = difflib.get_close_matches(str(verdict.value), choices, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        yield Problem(page.path, *front.place(verdict.where), "unknown-tag",
                      f"tag '{verdict.value}' is not in the vocabulary ({hint}the tags are: {', '.join(choices)})")


@page_rule
def front_matter_schema(page: Page, context: Context) -> Iterator[Problem]:
    """Whatever else the schema asks (non-empty, unique items ...), in jsonschema-rs's words."""
    for front, verdict in _verdicts(page, context, ""):
        subject = repr(verdict.field_name) if verdict.where else "the front matter"
        yield Problem(page.path, *front.place(verdict.where), "front-matter-schema", f"{subject}: {verdict.message}")


def _front_matter_strings(page: Page) -> Iterator[tuple[FrontMatter, str, yaml.ScalarNode]]:
    """(front matter, field, node) for each string of front matter that could be loaded: plain text, all of it."""
    front = page.front_matter
    if front is not None and not front.unloadable:
        for field, node in scalar_nodes(front.root, TEXT_TAG):
            yield front, field, node


@page_rule
def markup_in_plain_text(page: Page, context: Context | None = None) -> Iterator[Problem]:
    """HTML, or a character reference, in a string of the front matter (or of the names file: site_checks.py)."""
    for front, field, node in _front_matter_strings(page):
        if message := markup_in_text(field, node.value):
            yield Problem(page.path, *front.at(node), "markup-in-plain-text", message)


@page_rule
def unsafe_field_url(page: Page, context: Context | None = None) -> Iterator[Problem]:
    """A URL field (url:, href:, link:) whose URL runs code (safety.url_problems); its markup, if any, comes first."""
    for front, field, node in _front_matter_strings(page):
        if field in URL_FIELDS and markup_in_text(field, node.value) is None:
            for rule, message in url_problems(node.value, "field", field):
                yield Problem(page.path, *front.at(node), rule, message)


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
                yield Problem(page.path, *front.place([category, index]), "unknown-name", f"{category}: {message}")


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

def _where(tag: Tag) -> str:
    return f"on <{tag.name}>" if tag.name else "in an attribute list"


@page_rule
def unsafe_html(page: Page, context: Context | None = None) -> Iterator[Problem]:
    """Tags that run code, embed or restyle (safety.UNSAFE_TAGS), and event handlers and styles on any tag, in an
    attribute list or a block's attributes."""
    for tag in page.tags:
        if tag.name in UNSAFE_TAGS:
            yield Problem(page.path, tag.line, tag.column, "unsafe-html",
                          f"<{tag.name}> is not allowed in pages: it {UNSAFE_TAGS[tag.name]}")
        for name, _ in tag.attrs:
            name = name.lower()
            if name.startswith("on"):
                yield Problem(page.path, tag.line, tag.column, "unsafe-html",
                              f"event handler '{name}' {_where(tag)} runs code in readers' browsers: remove it")
            elif name == "style":
                yield Problem(page.path, tag.line, tag.column, "unsafe-html",
                              f"style attribute {_where(tag)}: give it a class and style that in the site's stylesheet")


@page_rule
def unsafe_attribute_url(page: Page, context: Context | None = None) -> Iterator[Problem]:
    """A URL in an attribute that runs code, embeds, or loads from another host (safety.url_problems); what an
    unsafe tag would load goes with the tag: one problem to fix, not two."""
    for tag in page.tags:
        for name, url, loads in attribute_urls(tag.name, tag.attrs):
            for rule, message in url_problems(url, "attribute", f"{name}=\"{url[:60]}\" {_where(tag)}", image=loads,
                                              loads=loads and tag.name not in UNSAFE_TAGS):
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
