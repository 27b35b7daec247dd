"""The ids a built page will have, computed as Python-Markdown's toc extension assigns them.

toc first collects the ids already in the document (attribute lists,
footnotes), then gives each heading without an explicit id the configured
`slugify` of its text, made unique with toc's own `unique()` (`_1`, `_2`
suffixes). Raw HTML ids are added by MkDocs' anchor validation; toc does
not see them, so a heading can collide with one: that is a duplicate id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .compat import unique_id
from .facts import Page


@dataclass(frozen=True)
class Anchor:
    id: str
    line: int
    column: int
    heading: bool
    included: str | None = None  # where it really is, when an include brought it in (facts.included_note)


def page_anchors(page: Page, slugify: Callable[[str, str], str], separator: str) -> list[Anchor]:
    """Every id of the built page, in document order, with where each comes from."""
    used = {decl.id for decl in page.element_ids}
    counters: dict[str, int] = {}
    anchors = [Anchor(decl.id, decl.line, decl.column, decl.heading, decl.included) for decl in page.element_ids]
    for heading in page.headings:
        if heading.explicit_id is not None:  # already among the element ids: toc keeps it
            continue
        try:
            # heading.text is already unescaped, as toc's html.unescape(strip_tags(...)) gives it.
            slug = slugify(heading.text, separator)
        except Exception:  # noqa: BLE001 - a configured slugify is project code: never crash on it
            slug = heading.text
        anchors.append(Anchor(unique_id(str(slug), used, counters), heading.line, heading.column, True, heading.included))
    anchors.extend(Anchor(decl.id, decl.line, decl.column, False, decl.included) for decl in page.html_ids)
    return sorted(anchors, key=lambda a: (a.line, a.column))
