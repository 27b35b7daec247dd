"""Front matter is plain text: each string is escaped once, where MkDocs reads it, so the theme prints it as text.

MkDocs treats a page's title as HTML (a title taken from the first heading is
rendered Markdown), and Material prints `page.title` and `page.meta.title`
unescaped: in <title>, the header, the navigation, the previous/next footer,
and its search results. So every string of the front matter becomes
`markupsafe.Markup` of its escaped text: printed as is, it shows exactly as
written, `&` and quotes included; Jinja's `| e` leaves Markup alone, so
nothing is escaped twice. The validator's markup-in-plain-text rule rejects
markup in these fields; this is the defence behind it, for a file that never
went through the validator.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


def _escaped(value: Any) -> Any:
    if isinstance(value, Markup):  # already escaped: never twice
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


# First, before any other hook reads page.meta.
@event_priority(100)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    page.meta = _escaped(page.meta)
    return markdown
