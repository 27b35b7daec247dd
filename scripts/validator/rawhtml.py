"""Raw HTML in pages: the tags it contains, with their positions, and its reader-visible text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_MARKUP_RE = re.compile(r"<!--.*?(?:-->|$)|<[^>]*>?", re.DOTALL)


@dataclass(frozen=True)
class Tag:
    name: str
    attrs: list[tuple[str, str | None]]
    line: int  # 0-based line within the fragment
    column: int  # 0-based column within that line


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        self.tags.append(Tag(tag, attrs, line - 1, column))


def scan_tags(fragment: str) -> list[Tag]:
    """Start tags in `fragment`, attribute values unescaped (as the browser reads them)."""
    collector = _TagCollector()
    try:
        collector.feed(fragment)
        collector.close()
    except Exception:  # noqa: BLE001 - HTMLParser can choke on hostile input; keep what it found
        pass
    return collector.tags


def visible_text(fragment: str) -> str:
    """`fragment` with tags and comments blanked out (same length, newlines kept)."""
    return _MARKUP_RE.sub(lambda m: re.sub(r"[^\n]", "\0", m.group(0)), fragment)
