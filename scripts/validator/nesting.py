"""Nesting the build cannot read: md_in_html's elements past a depth, a footnote defined in a footnote.

Both make `mkdocs build` stop with "Error reading page" and a traceback;
the validator's reader takes them in its stride, so they are looked for apart.

md_in_html reads the Markdown in a `<div markdown>` by recursion, three
Python calls a level, and nothing stops it near Python's recursion limit (as
pymdownx.blocks and Python-Markdown's block quotes stop): the build of a page
nesting too many such elements fails with "Error reading page 'index.md':
maximum recursion depth exceeded" and a traceback, and builds nothing. How
many it reads depends a little on the calls below it: with Python's default
limit (1000 calls), MkDocs 1.6 and Markdown 3.11, `mkdocs build` reads 327
levels (the mkdocs theme, or Material with search), `python -m mkdocs build`
326, and both fail at 328 (tests/test_validate_markdown.py builds 326 and
328). The validator reads any depth, so this is checked apart: past 326
levels, with one pass over the tags of pages that have enough `markdown`
attributes to matter.
"""

from __future__ import annotations

import re

from .parser import MARKDOWN_ATTRIBUTE, markdown_state

MAX_MARKDOWN_HTML_DEPTH = 326
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^<>]*)>")


def too_deep_markdown_html(text: str) -> tuple[int, int] | None:
    """(line, column), 1-based, of the first start tag of an element with Markdown nested past what the build reads."""
    if text.count("markdown") <= MAX_MARKDOWN_HTML_DEPTH:
        return None
    open_elements: list[str] = []  # names of the elements with Markdown inside, innermost last
    for match in _TAG.finditer(text):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if open_elements and open_elements[-1] == name:
                open_elements.pop()
            continue
        attribute = MARKDOWN_ATTRIBUTE.search(text, match.end(2), match.end())
        if attribute is None or attributes.rstrip().endswith("/") or \
                markdown_state(name, attribute.group(1)) == "off":
            continue
        open_elements.append(name)
        if len(open_elements) > MAX_MARKDOWN_HTML_DEPTH:
            line_start = text.rfind("\n", 0, match.start()) + 1
            return text.count("\n", 0, match.start()) + 1, match.start() - line_start + 1
    return None


# A footnote definition at the page's level (Python-Markdown's FootnoteBlockProcessor.RE), and one indented as
# the text of another footnote: four to seven spaces in, which that RE does not match where it looks.
_FOOTNOTE_DEFINITION = re.compile(r"[ ]{0,3}\[\^[^\]]*\]:")
_NESTED_DEFINITION = re.compile(r"[ ]{4,7}\[\^[^\]]*\]:")
_FENCE = re.compile(r"[ ]*(`{3,}|~{3,})")


def footnote_defined_in_footnote(text: str) -> tuple[int, int, bool] | None:
    """(line, column, followed) of a footnote defined in another footnote's text (1-based; the first such).

    The footnotes extension stores each footnote's text while it reads the
    page's blocks and reads the texts only when it writes the footnotes, looping
    over them: a definition in a text is stored during that loop. If a footnote
    is defined after (`followed`), the next turn fails ("OrderedDict mutated
    during iteration") and `mkdocs build` stops with "Error reading page";
    defined in the last footnote, it is dropped, and its references lead nowhere.
    """
    if "    [^" not in text:
        return None
    nested: tuple[int, int] | None = None
    in_footnote = previous_blank = False
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), 1):
        opening = _FENCE.match(line)
        if fence is not None or opening:  # code: no definitions in it
            if fence is None:
                fence = opening.group(1)  # type: ignore[union-attr]
            elif opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if not line.strip():
            previous_blank = True
            continue
        if _FOOTNOTE_DEFINITION.match(line):
            if nested is not None:
                return (*nested, True)
            in_footnote = True
        elif in_footnote and _NESTED_DEFINITION.match(line):
            nested = (number, len(line) - len(line.lstrip()) + 1)
        elif in_footnote and previous_blank and not line.startswith("    "):
            in_footnote = False  # a paragraph of the page's own: the footnote's text is over
        previous_blank = False
    return None if nested is None else (*nested, False)
