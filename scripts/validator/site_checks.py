"""The site rules: each a small function over one fact of the site (facts.py), yielding its problems.

The page rules (checks.py) judge one page's facts where the page is read, in
a worker process, and their problems are cached with the page's facts.
These judge what a page alone cannot tell: where each link, image and nav
entry leads (facts.Resolution, from links.py), the nav and the titles
across pages (structure.py), and what gathering the files and reading the
names file found (project.py, events.py, names.py). They run in the main
process, as the facts arrive, and are never cached: so they are in one
module of their own, beside checks.py, with the same mechanism.

In the style of CPython's check-peps.py: a rule is a generator registered
with `@link_rule` (over a link's resolution, for the kinds of resolution
it judges) or `@site_rule` (over one type of fact); it reads facts and
yields `Problem`s, and no other code names its rule id. Only the ids of a
URL that runs code or loads from elsewhere come from safety.url_problems,
which judges attributes and plain-text fields too.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .checks import markup_in_plain_text, straight_quote, unreadable_file, unsafe_field_url
from .facts import (LEADS, BadSymlink, NamesFile, NotInNav, Page, PluginFailure, Resolution, Titles,
                    Unreadable)
from .front_matter import FrontMatter
from .names import REPORT_WORDS
from .rules import Problem

LinkRule = Callable[[Resolution], Iterator[Problem]]
SiteRule = Callable[[Any], Iterator[Problem]]
LINK_RULES: dict[str, list[LinkRule]] = {kind: [] for kind in LEADS}  # by the kind of resolution each judges
SITE_RULES: dict[type, list[SiteRule]] = defaultdict(list)  # by the type of fact each judges


def link_rule(*kinds: str) -> Callable[[LinkRule], LinkRule]:
    """Register a rule over the resolutions of `kinds` (of every kind, if none): a link only meets the rules of
    its kind, so that the many links that lead somewhere fine cost one call or two."""
    def register(check: LinkRule) -> LinkRule:
        for kind in kinds or LEADS:
            LINK_RULES[kind].append(check)
        return check
    return register


def site_rule(kind: type) -> Callable[[SiteRule], SiteRule]:
    def register(check: SiteRule) -> SiteRule:
        SITE_RULES[kind].append(check)
        return check
    return register


def judge_link(to: Resolution) -> list[Problem]:
    return [problem for check in LINK_RULES[to.kind] for problem in check(to)]


def judge(facts: Iterable[Any]) -> list[Problem]:
    """What the site rules find in `facts` (resolutions and other facts of the site, in any mix)."""
    found: list[Problem] = []
    for fact in facts:
        found.extend(judge_link(fact) if type(fact) is Resolution else
                     (problem for check in SITE_RULES[type(fact)] for problem in check(fact)))
    return found


# Links, images and nav entries ------------------------------------------------------

@link_rule()
def image_alt(to: Resolution) -> Iterator[Problem]:
    link = to.link
    if link.image and (link.alt is None or not link.alt.strip()):
        how = 'add alt="what it shows" to the <img>' if link.raw_html else \
            f"describe what it shows in the brackets: ![what it shows]({link.url})"
        yield Problem(to.path, link.line, link.column, "image-alt",
                      f"image '{link.url}' has no alt text: {how}" + link.note)


@link_rule("unsafe")
def unsafe_url(to: Resolution) -> Iterator[Problem]:
    """A URL that runs code or loads from another host: safety.url_problems' rules and messages."""
    for rule, message in to.unsafe:
        yield Problem(to.path, to.link.line, to.link.column, rule, message + to.link.note)


def _not_there(to: Resolution) -> str:
    """The message of a link or image whose file is not there ("missing")."""
    shown = f"'{to.link.url}'"
    if to.link.raw_html:
        return (f"{shown} — the built site has no {to.target} "
                f"(raw HTML URLs are relative to the page's URL, {to.detail})")
    hint = f" (did you mean '{to.write}'?)" if to.write else ""
    noun = "image file" if to.link.image else "file"
    return f"{shown} — there is no {noun} {to.target} in the docs directory{hint}"


def _directory(to: Resolution) -> str:
    """The message of a link or image that leads to a directory."""
    hint = f": link to the page itself, '{to.write}'" if to.write else ": link to a page file (.md) inside it"
    return f"'{to.link.url}' — points to a directory{hint}"


@link_rule("invalid", "missing", "raw-source")
def broken_link(to: Resolution) -> Iterator[Problem]:
    link, shown = to.link, f"'{to.link.url}'"
    if to.kind == "invalid":
        message = f"{shown} — not a valid URL ({to.detail})"
    elif to.kind == "raw-source":
        tag = "<img src>" if link.image else "<a href>"
        message = (f"{shown} — MkDocs does not rewrite URLs in raw HTML ({tag}), and the built site has {to.detail}, "
                   f"not {to.target}: write a Markdown link [text]({to.write}) instead")
    elif link.image or to.nav:
        return
    else:
        message = _not_there(to)
    yield Problem(to.path, link.line, link.column, "broken-link", message + link.note)


@link_rule("empty", "missing", "directory")
def missing_image(to: Resolution) -> Iterator[Problem]:
    link = to.link
    if not link.image:
        return
    if to.kind == "empty":
        message = "the image has no source: give the path of the image file"
    else:
        message = _directory(to) if to.kind == "directory" else _not_there(to)
    yield Problem(to.path, link.line, link.column, "missing-image", message + link.note)


@link_rule("directory")
def directory_link(to: Resolution) -> Iterator[Problem]:
    if not to.link.image:
        yield Problem(to.path, to.link.line, to.link.column, "directory-link", _directory(to) + to.link.note)


@link_rule("case")
def case_mismatch(to: Resolution) -> Iterator[Problem]:
    link = to.link
    if to.nav:
        message = f"nav entry '{link.url}' — the file is {to.target}: write it with that letter case"
    else:
        message = (f"'{link.url}' — the file is {to.target}: write '{to.write}' with that letter case; "
                   "a case-insensitive laptop finds it, the server does not")
    yield Problem(to.path, link.line, link.column, "case-mismatch", message + link.note)


@link_rule("excluded")
def excluded_target(to: Resolution) -> Iterator[Problem]:
    link = to.link
    if to.nav:
        message = (f"nav entry '{link.url}' — the file is excluded from the built site: "
                   "remove the entry, or publish the file")
    else:
        why = "is a draft (draft_docs)" if to.detail == "draft" else "is excluded (exclude_docs)"
        message = (f"'{link.url}' — {to.target} {why}, so the built site will not have it: "
                   "link to a published page, or publish the target")
    yield Problem(to.path, link.line, link.column, "excluded-target", message + link.note)


@link_rule("outside")
def escapes_docs(to: Resolution) -> Iterator[Problem]:
    link = to.link
    if link.raw_html:
        message = (f"'{link.url}' — leads out of the built site: "
                   "link to a page of the site, or give the full https:// URL")
    else:
        message = (f"'{link.url}' — leads out of the docs directory, so the built site will not have it: "
                   "link to a file inside the docs directory, or give the full https:// URL")
    yield Problem(to.path, link.line, link.column, "escapes-docs", message + link.note)


@link_rule("absolute")
def absolute_link(to: Resolution) -> Iterator[Problem]:
    link = to.link
    if to.nav:
        message = f"nav entry '{link.url}' is an absolute path: give the page's path relative to the docs directory"
    else:
        hint = f": write '{to.write}'" if to.write else ": write the path relative to the page, to the .md file"
        message = f"'{link.url}' — an absolute link depends on where the site is served and breaks from file://{hint}"
    yield Problem(to.path, link.line, link.column, "absolute-link", message + link.note)


@link_rule("no-anchor")
def broken_anchor(to: Resolution) -> Iterator[Problem]:
    fragment = to.detail
    # Footnote ids are links' targets too, but never what an editor meant to type.
    candidates = [i for i in to.ids if not i.startswith(("fn:", "fnref"))]
    close = difflib.get_close_matches(fragment, candidates, n=1, cutoff=0.5) or \
        [i for i in candidates if fragment.lower() in i.lower() or (len(i) > 3 and i in fragment)][:1]
    listed = f"{', '.join(candidates[:8])}{' …' if len(candidates) > 8 else ''}"
    hint = f" (did you mean '#{close[0]}'?)" if close else (f"; its ids are: {listed}" if candidates else "")
    where = "this page" if to.itself else to.target
    yield Problem(to.path, to.link.line, to.link.column, "broken-anchor",
                  f"'{to.link.url}' — {where} has no heading with id '{fragment}'{hint}" + to.link.note)


@link_rule("external")
def insecure_link(to: Resolution) -> Iterator[Problem]:
    url = to.link.url
    if to.detail == "http":  # urlsplit lowercases the scheme: HTTP:// too
        yield Problem(to.path, to.link.line, to.link.column, "insecure-link",
                      f"'{url}' — http:// is not encrypted and browsers may block it: "
                      f"use 'https://{url.split('://', 1)[-1]}' if the site supports it" + to.link.note)


@link_rule("missing")
def nav_missing_file(to: Resolution) -> Iterator[Problem]:
    if to.nav:
        hint = f" (did you mean '{to.write}'?)" if to.write else ""
        yield Problem(to.path, to.link.line, to.link.column, "nav-missing-file",
                      f"nav entry '{to.link.url}' — there is no such file in the docs directory{hint}")


# The nav and the titles -------------------------------------------------------------

@site_rule(NotInNav)
def not_in_nav(fact: NotInNav) -> Iterator[Problem]:
    yield Problem(fact.path, 1, 1, "not-in-nav",
                  f"the page is not in the nav of {fact.nav_file}: add it under nav:, or list it under "
                  "not_in_nav if readers reach it only through links")


@site_rule(Titles)
def duplicate_title(fact: Titles) -> Iterator[Problem]:
    by_title = defaultdict(list)
    for page in fact.pages:
        if page.title and page.title.strip():
            by_title[" ".join(page.title.split()).casefold()].append(page)
    for same in by_title.values():
        if len(same) < 2:
            continue
        for page in same:
            others = ", ".join(sorted(other.src_uri for other in same if other is not page))
            given = f", given by {page.given_by}," if page.given_by else ""
            yield Problem(page.path, *page.position, "duplicate-title",
                          f"the title '{page.title}'{given} is also the title of {others}: give each page a distinct "
                          "title")


# Gathering the files ----------------------------------------------------------------

@site_rule(BadSymlink)
def escaping_symlink(fact: BadSymlink) -> Iterator[Problem]:
    if fact.why == "dangling":
        return
    if not fact.directory:
        message = (f"this symlink points outside the docs directory, to {fact.target}: "
                   "copy the file into the docs directory, or delete the symlink")
    else:
        why = "loops back to a directory that contains it" if fact.why == "loops" else \
            f"points outside the docs directory, to {fact.target}"
        message = f"this symlink {why}: copy what it should publish into the docs directory, or delete it"
    yield Problem(fact.path, 1, 1, "escaping-symlink", message)


@site_rule(BadSymlink)
def dangling_symlink(fact: BadSymlink) -> Iterator[Problem]:
    """A symlink to nothing is a page that cannot be read: the page rule says so."""
    if fact.why == "dangling":
        yield from unreadable_file(Page(fact.path, fact.path, unreadable=[Unreadable("dangling-symlink", fact.target)]))


@site_rule(PluginFailure)
def plugin_failed(fact: PluginFailure) -> Iterator[Problem]:
    yield Problem(fact.path, fact.line, fact.column, "plugin-failed",
                  f"plugin '{fact.plugin}' failed in {fact.event} ({fact.error}): {fact.instead}")


# The names file ---------------------------------------------------------------------

@site_rule(NamesFile)
def invalid_names_file(fact: NamesFile) -> Iterator[Problem]:
    for error in fact.errors:
        yield Problem(fact.path, error.line, error.column, "invalid-names-file", error.message)


@site_rule(NamesFile)
def names_file_plain_text(fact: NamesFile) -> Iterator[Problem]:
    """Every string of the names file is plain text: the page rules on front matter's strings judge them (the file
    is YAML from its first line)."""
    as_front_matter = Page("", fact.path, front_matter=FrontMatter(None, fact.root, [], first_line=1))
    yield from markup_in_plain_text(as_front_matter)
    yield from unsafe_field_url(as_front_matter)


@site_rule(NamesFile)
def unsourced_description(fact: NamesFile) -> Iterator[Problem]:
    if fact.errors:
        return
    for entry in fact.descriptions:
        if not entry.sources and not REPORT_WORDS.search(entry.text):
            yield Problem(fact.path, entry.line, entry.column, "unsourced-description",
                          f"the description of '{entry.name}' names no source: add 'sources:' (each '- title: ...' "
                          "with 'url: https://...'), or, if it is only the report's words, end it with ', as the "
                          "report describes him' (her, it, them)")


@site_rule(NamesFile)
def names_file_quotes(fact: NamesFile) -> Iterator[Problem]:
    """Descriptions, sides and sources' titles are prose: the page rule on straight quotes judges them."""
    if not fact.errors:
        yield from straight_quote(Page("", fact.path, prose=fact.prose), None)
