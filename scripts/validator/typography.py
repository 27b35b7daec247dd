"""Quotation marks in prose: readers see “ ” ‘ ’, never the typewriter's " and '.

The callers pass prose only (code, URLs, HTML tags and attribute lists
masked out), so every straight quote found here is one a reader would see.
"""

from __future__ import annotations

import re

_STRAIGHT = re.compile(r"[\"']")
_WORD = re.compile(r"[^\s\0]*")


def straight_quotes(text: str) -> list[tuple[int, str]]:
    """(offset, message) for each straight quotation mark or apostrophe in `text`."""
    found = []
    for match in _STRAIGHT.finditer(text):
        offset, mark = match.start(), match.group()
        before = text[offset - 1] if offset else " "
        after = text[offset + 1] if offset + 1 < len(text) else " "
        opening = not (before.isalnum() or before in ".,;:!?)]}’”…") and not after.isspace()
        if mark == '"':
            kind, typographic = "quotation mark", "“" if opening else "”"
        elif before.isalnum() and after.isalnum():
            kind, typographic = "apostrophe", "’"
        else:
            kind, typographic = "quotation mark", "‘" if opening else "’"
        start = max(text.rfind(space, 0, offset) for space in " \t\n\0") + 1
        word = _WORD.match(text, start).group()  # type: ignore[union-attr]
        fixed = word[:offset - start] + typographic + word[offset - start + 1:]
        found.append((offset, f"straight {kind} in {word}: write {fixed}"))
    return found
