"""markdown-it-py, set up to read pages the way MkDocs' Python-Markdown does, keeping source positions.

markdown-it-py keeps line ranges (`token.map`) for blocks but not columns for
inline tokens, so the inline parser is given a state that records, on every
token it emits, the offset in the inline source where the token starts
(`token.meta["pos"]`). `Locator` turns such an offset into a line and column
of the page.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from types import SimpleNamespace
from typing import Any

from markdown import Markdown
from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor
from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference, unescapeAll
from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.parser_block import ParserBlock
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.fence import fence
from markdown_it.rules_block.heading import heading
from markdown_it.rules_block.html_block import html_block
from markdown_it.rules_block.list import list_block
from markdown_it.rules_block.reference import reference
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.fragments_join import fragments_join
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin


_TOKEN_FIELDS = ("type", "tag", "nesting", "attrs", "map", "level", "children", "content", "markup", "info", "meta",
                 "block", "hidden")
# Whether Token has exactly the fields `_token` sets (markdown-it-py 3 and 4): if not, tokens are made as
# markdown-it makes them.
_DIRECT_TOKENS = tuple(field.name for field in dataclasses.fields(Token)) == _TOKEN_FIELDS
_new_token = Token.__new__


def _token(kind: str, tag: str, nesting: Any, level: int, *, block: bool, content: str = "") -> Token:
    """Token(kind, tag, nesting) with `level`, `block` and `content`, its fields set directly: the dataclass's
    __init__, its default factories and __post_init__ cost twice as much, for the three hundred tokens of a page."""
    token = _new_token(Token)
    token.type, token.tag, token.nesting, token.attrs, token.map, token.level = kind, tag, nesting, {}, None, level
    token.children, token.content, token.markup, token.info, token.meta = None, content, "", "", {}
    token.block, token.hidden = block, False
    return token


class _PositionedState(StateInline):
    """Inline parser state that stamps each token with where it starts in `src`."""

    def push(self, ttype: str, tag: str, nesting: Any) -> Token:
        token = super().push(ttype, tag, nesting)
        # Note: the link rule pushes link_open with `pos` already past the '['
        # (autolinks: at the '<'); `link_start` corrects for that.
        token.meta["pos"] = self.pos
        return token

    def pushPending(self) -> Token:
        pending = self.pending
        if _DIRECT_TOKENS:  # StateInline.pushPending
            token = _token("text", "", 0, self.pendingLevel, block=False, content=pending)
            self.tokens.append(token)
            self.pending = ""
        else:
            token = super().pushPending()
        # Pending text is a slice of the source that ends at (or, when the
        # newline rule trimmed trailing spaces, just before) the current position.
        found = self.src.rfind(pending, 0, self.pos)
        token.meta["pos"] = found if found >= 0 else self.pos
        return token


class _BlockState(StateBlock):
    """markdown-it's block state, whose tokens are made by `_token` (if Token has the fields it sets)."""

    if _DIRECT_TOKENS:
        def push(self, ttype: str, tag: str, nesting: Any) -> Token:
            # StateBlock.push
            if nesting < 0:
                self.level -= 1  # closing tag
            token = _token(ttype, tag, nesting, self.level, block=True)
            if nesting > 0:
                self.level += 1  # opening tag
            self.tokens.append(token)
            return token


def _block_parse(self: ParserBlock, src: str, md: MarkdownIt, env: Any, tokens: list[Token]) -> list[Token] | None:
    # ParserBlock.parse, with the block state above.
    if not src:
        return None
    state = _BlockState(src, md, env, tokens)
    self.tokenize(state, state.line, state.lineMax)
    return state.tokens


def _fragments_join(state: StateInline) -> None:
    """markdown-it's `fragments_join`, keeping the start of the first of the text tokens it merges.

    It merges each text token into the next one, which would keep the last piece's position.
    """
    tokens = state.tokens
    for index in range(1, len(tokens)):
        if tokens[index].type == "text" and tokens[index - 1].type == "text" and "pos" in tokens[index - 1].meta:
            tokens[index].meta["pos"] = tokens[index - 1].meta["pos"]
    fragments_join(state)


def _positioned_parse(self: ParserInline, src: str, md: MarkdownIt, env: Any, tokens: list[Token]) -> list[Token]:
    # ParserInline.parse, with the positioned state.
    state = _PositionedState(src, md, env, tokens)
    self.tokenize(state)
    for rule in self.ruler2.getRules(""):
        rule(state)
    return state.tokens


# Inline syntax that can hold something the validator checks: links, images, code
# spans, raw HTML, escapes, entities, attribute lists, ~~struck~~ text. Inline
# content without any of it is plain text, and the inline parser (most of
# markdown-it's time) is skipped for it: `token.meta["plain"]` says so.
MAX_NESTING = 200  # markdown-it's levels: one per quote or container, two per list (the list and its item)
_CHECKED_SYNTAX = re.compile(r"[\[\]<`\\{&~]")


def _inline_when_needed(state: StateCore) -> None:
    """markdown-it's core `inline` rule, skipping plain paragraphs (headings are always parsed)."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        token.children = []
        if _CHECKED_SYNTAX.search(token.content) or (index and tokens[index - 1].type == "heading_open"):
            state.md.inline.parse(token.content, state.md, state.env, token.children)
        else:
            token.meta["plain"] = True


def _normalize(state: StateCore) -> None:
    """markdown-it's core `normalize` rule (line endings to '\\n', NUL to U+FFFD), which substitutes every line
    ending, '\\n' for '\\n': here only when the page has a '\\r' or a NUL (the reader has made line endings '\\n')."""
    src = state.src
    if "\r" in src:
        src = src.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    state.src = src


class _LinkReader(LinkInlineProcessor):
    """Python-Markdown's link reading, on the page's text as written (no stash of code spans and escapes)."""

    def unescape(self, text: str) -> str:
        return text


_PYTHON_MARKDOWN_LINK = _LinkReader(LINK_RE)
# A hostile page of '[a](' or '[a]("' stays fast: at most so many characters read for a link's URL, and for a page.
_MAX_PYTHON_MARKDOWN_URL = 500
_PYTHON_MARKDOWN_LINK_BUDGET = 100_000
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_LINK_SYNTAX = re.compile(r"[()'\"]")
_ESCAPE_BASE = 0xE000  # private-use characters, one per ASCII punctuation character escaped


def _closed_by(data: str) -> str | None:
    """`data` (from a '('), up to the ')' that closes it where no quote can make a title; None if none can."""
    depth = 0
    for match in _LINK_SYNTAX.finditer(data):
        char = match.group()
        if char in "'\"":
            return data  # a title, perhaps: Python-Markdown's own reading decides
        depth += 1 if char == "(" else -1
        if depth == 0:
            return data[:match.end()]
    return None


def _unescaped(text: str) -> str:
    return "".join(chr(ord(c) - _ESCAPE_BASE) if _ESCAPE_BASE <= ord(c) < _ESCAPE_BASE + 128 else c
                   for c in text.replace("\0", ""))


def python_markdown_link(state: StateInline, silent: bool) -> bool:
    """A link or image that CommonMark does not make and Python-Markdown does: `[a](b c.md)`, `[a]([b](c))`.

    Tried where markdown-it's link and image rules fail. The URL is read by
    Python-Markdown's own LinkInlineProcessor.getLink, which takes everything up
    to the matching ')', spaces and all (a quoted title aside), as the build does.
    """
    start = state.pos
    image = state.src.startswith("![", start)
    if not image and state.src[start] != "[":
        return False
    label_end = state.md.helpers.parseLinkLabel(state, start + image)
    if label_end < 0 or state.src[label_end + 1:label_end + 2] != "(":
        return False
    budget = state.env.get("python_markdown_link_budget", _PYTHON_MARKDOWN_LINK_BUDGET)
    if budget <= 0:
        return False
    # Escaped characters are no syntax (Python-Markdown stashes them): hidden, one for one, then given back unescaped.
    data = _ESCAPED.sub(lambda match: "\0" + chr(_ESCAPE_BASE + ord(match.group(1))),
                        state.src[label_end + 1:min(state.posMax, label_end + 1 + _MAX_PYTHON_MARKDOWN_URL)])
    state.env["python_markdown_link_budget"] = budget - len(data)
    data = _closed_by(data)
    if data is None:
        return False
    href, title, length, handled = _PYTHON_MARKDOWN_LINK.getLink(data, 0)
    if not handled:
        return False
    if length < 0:  # an unclosed title: getLink gives -1, which Python-Markdown's slicing reads as the last character
        length += len(data)
    href, title = _unescaped(href), title if title is None else _unescaped(title)
    if not silent:
        label_start = start + 1 + image
        if image:
            token = state.push("image", "img", 0)
            token.attrs = {"src": href, "alt": ""}
            token.children = []
            token.content = state.src[label_start:label_end]
            state.md.inline.parse(token.content, state.md, state.env, token.children)
        else:
            state.pos = label_start  # as markdown-it's link rule pushes link_open (see `link_start`)
            token = state.push("link_open", "a", 1)
            token.attrs = {"href": href}
            old_max, state.posMax = state.posMax, label_end
            state.linkLevel += 1
            state.md.inline.tokenize(state)
            state.linkLevel -= 1
            state.posMax = old_max
            state.push("link_close", "a", -1)
        if title:
            token.attrs["title"] = title
    state.pos = label_end + 1 + length
    return True


# Python-Markdown's reference link allows one space or line break between its parts (ReferenceInlineProcessor's
# RE_LINK, '\s?['; tabs are spaces by then, and one space only): `[text] [label]`, `![alt] [label]`. Its label is
# up to the first ']'.
_SPACED_LABEL = re.compile(r"[ \n]\[([^\]]*)\]")


def _may_have_spaced_references(state: StateInline) -> bool:
    """Whether the inline text has '] [' or ']\\n[' at all: looked for once per text, not at each '['."""
    seen = state.env.get("spaced_references_in")
    if seen is None or seen[0] is not state.src:
        seen = state.env["spaced_references_in"] = (state.src, "] [" in state.src or "]\n[" in state.src)
    return seen[1]


def python_markdown_spaced_reference(state: StateInline, silent: bool) -> bool:
    """`[text] [label]` with `label` defined: one link (or image), as Python-Markdown makes it, where CommonMark
    reads `[text]` and `[label]` apart. Tried before markdown-it's link and image rules; with `label` undefined,
    Python-Markdown too reads the two apart (the shortcut reference `[text]`, say), and so does markdown-it."""
    start = state.pos
    image = state.src.startswith("![", start)
    if not image and state.src[start] != "[" or state.src.startswith("^", start + 1 + image):  # a footnote's
        return False
    if not _may_have_spaced_references(state):
        return False
    label_end = state.md.helpers.parseLinkLabel(state, start + image)
    spaced = _SPACED_LABEL.match(state.src, label_end + 1, state.posMax) if label_end >= 0 else None
    if spaced is None:
        return False
    label_start = start + 1 + image
    reference = state.env.get("references", {}).get(normalizeReference(spaced.group(1) or
                                                                       state.src[label_start:label_end]))
    if reference is None:
        return False
    if not silent:
        if image:
            token = state.push("image", "img", 0)
            token.attrs = {"src": reference["href"], "alt": ""}
            token.children = []
            token.content = state.src[label_start:label_end]
            state.md.inline.parse(token.content, state.md, state.env, token.children)
        else:
            state.pos, old_max, state.posMax = label_start, state.posMax, label_end  # as markdown-it's link rule
            token = state.push("link_open", "a", 1)
            token.attrs = {"href": reference["href"]}
            state.linkLevel += 1
            state.md.inline.tokenize(state)
            state.linkLevel -= 1
            state.posMax = old_max
            state.push("link_close", "a", -1)
        if reference["title"]:
            token.attrs["title"] = reference["title"]
    state.pos = spaced.end()
    return True


_HEADING_WITHOUT_SPACE = re.compile(r"(#{1,6})(?=[^#\s])(.*?)#*[ \t]*$")


def _python_markdown_heading(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's ATX heading rule, plus Python-Markdown's '#Title' (no space after the #s)."""
    if heading(state, start_line, end_line, silent):
        return True
    if state.is_code_block(start_line) or state.sCount[start_line] != state.blkIndent:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    match = _HEADING_WITHOUT_SPACE.match(state.src[begin:state.eMarks[start_line]])
    if match is None:
        return False
    if silent:
        return True
    tag = f"h{len(match.group(1))}"
    state.line = start_line + 1
    for kind, nesting in (("heading_open", 1), ("inline", 0), ("heading_close", -1)):
        token = state.push(kind, tag if kind != "inline" else "", nesting)
        token.map = [start_line, state.line] if kind != "heading_close" else None
        if kind == "inline":
            token.content = match.group(2).strip()
            token.children = []
    return True


# Python-Markdown's indented containers: the opening line, then a body indented four more spaces.
_INDENTED_CONTAINERS = {
    "admonition": re.compile(r"!!! ?[\w\-]+(?: +[\w\-]+)*(?: +\"(.*?)\")? *$"),
    "pymdownx.details": re.compile(r"\?{3}\+? ?(?:(?:[\w\-]+(?: +[\w\-]+)*?)?(?: +\"(.*?)\")|[\w\-]+(?: +[\w\-]+)*?) *$"),
    "pymdownx.tabbed": re.compile(r"={3}(?:\+|\+!|!\+|!)? +\"(.*?)\" *$"),
}
def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]


def _nest(state: StateBlock, kind: str, start_line: int, body_start: int, body_end: int, next_line: int,
          indent: int, *, title: tuple[str, int] | None = None) -> None:
    """Push `kind`_open, its title (text, offset) as inline Markdown, the blocks of lines [body_start, body_end)
    read at `indent`, and `kind`_close."""
    old_parent, old_line_max, old_indent = state.parentType, state.lineMax, state.blkIndent
    token = state.push(f"{kind}_open", "div", 1)
    token.map = [start_line, next_line]
    token.block = True
    if title is not None:  # readers see it: Python-Markdown reads it as inline Markdown
        state.push(f"{kind}_title_open", "p", 1).map = [start_line, start_line + 1]
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = title[0], [start_line, start_line + 1], []
        state.push(f"{kind}_title_close", "p", -1)
    state.parentType = kind  # type: ignore[assignment]
    state.lineMax = body_end
    state.blkIndent = indent
    if body_start < body_end:
        bodies = state.env.setdefault("bodies", [])
        bodies.append("container")
        try:
            state.md.block.tokenize(state, body_start, body_end)
        finally:
            bodies.pop()
    state.parentType, state.lineMax, state.blkIndent = old_parent, old_line_max, old_indent
    state.push(f"{kind}_close", "div", -1).block = True
    state.line = next_line


def indented_container(patterns: list[re.Pattern[str]]):  # noqa: ANN201 - a markdown-it block rule
    """Admonitions (`!!!`), details (`???`) and content tabs (`===`), as Python-Markdown nests them.

    The body is every following line indented four spaces more than the
    opening line, or blank; Python-Markdown reads it as Markdown of its own.
    """

    def rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if state.is_code_block(start_line):
            return False
        text = _line(state, start_line)
        if not text or text[0] not in "!?=":
            return False
        match = next((found for pattern in patterns if (found := pattern.match(text))), None)
        if match is None:
            return False
        if silent:
            return True
        indent = state.sCount[start_line] + 4
        next_line = start_line + 1
        body_end = next_line
        while next_line < end_line:
            if state.isEmpty(next_line):
                next_line += 1
                continue
            if state.sCount[next_line] < indent:
                break
            next_line += 1
            body_end = next_line
        title = match.group(1)
        _nest(state, "container", start_line, start_line + 1, body_end, body_end, indent,
              title=(title, state.bMarks[start_line] + state.tShift[start_line] + match.start(1)) if title else None)
        return True

    return rule


_FENCE_START = re.compile(r"(`{3,}|~{3,})")


_FENCE_LINE = re.compile(r"^[ \t>]*(`{3,}|~{3,})[ \t]*$", re.M)


def _fence_lines(state: StateBlock) -> list[tuple[int, str]]:
    """(line, fence) of each line of the source that is a bare fence, which may close one; once per source."""
    cached = state.env.get("fence_lines")
    if cached is None or cached[0] is not state.src:
        line_starts = state.bMarks[:len(state.bMarks)]
        found = []
        for match in _FENCE_LINE.finditer(state.src):
            found.append((bisect.bisect_right(line_starts, match.start()) - 1, match.group(1)))
        cached = state.env["fence_lines"] = (state.src, found)
    return cached[1]


def _comment_ends(state: StateBlock) -> list[int]:
    """Offsets of every '-->' in the source; once per source."""
    cached = state.env.get("comment_ends")
    if cached is None or cached[0] is not state.src:
        cached = state.env["comment_ends"] = (state.src, [m.start() for m in re.finditer("-->", state.src)])
    return cached[1]


def _unclosed(state: StateBlock, kind: str, line: int) -> None:
    state.env.setdefault("unclosed", {}).setdefault(line, (kind, state.sCount[line] + 1))


def python_markdown_fence(nested: bool):  # noqa: ANN201 - a markdown-it block rule
    """markdown-it's fence rule, except that a fence never closed is text, as Python-Markdown leaves it.

    Python-Markdown's fenced_code finds fences in the page's raw text, at the
    start of a line only: a fence indented in a list, an admonition or a
    block quote is text. pymdownx.superfences (`nested`) finds them there too.
    """

    def at_line_start(state: StateBlock, line: int) -> bool:
        start = state.bMarks[line] + state.tShift[line]
        return start == 0 or state.src[start - 1] == "\n"

    def rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if state.is_code_block(start_line) or not (nested or at_line_start(state, start_line)):
            return False
        text = _line(state, start_line)
        match = _FENCE_START.match(text)
        if match is None or (match.group(1)[0] == "`" and "`" in text[match.end():]):
            return False
        marker = match.group(1)
        # Only lines that can close a fence are looked at (a page of open fences stays linear), and, in a
        # list item, the lines up to where it ends.
        candidates = _fence_lines(state)
        first = bisect.bisect_right(candidates, (start_line, "\uffff"))
        limit = end_line
        if state.blkIndent:
            limit = next((line for line in range(start_line + 1, end_line)
                          if not state.isEmpty(line) and state.sCount[line] < state.blkIndent), end_line)
        for line, fence_marker in candidates[first:]:
            if line >= limit:
                break
            if fence_marker[0] == marker[0] and len(fence_marker) >= len(marker) and \
                    state.sCount[line] - state.blkIndent < 4 and (nested or at_line_start(state, line)):
                return fence(state, start_line, end_line, silent)
        _unclosed(state, "fence", start_line)
        return False

    return rule


# What Python-Markdown sets on each instance: its block-level elements (less the void one), and the characters a
# backslash escapes. One instance, made once.
_PYTHON_MARKDOWN = Markdown()
_BLOCK_TAGS = frozenset(_PYTHON_MARKDOWN.block_level_elements) - {"hr"}
ESCAPED_CHARS = "".join(_PYTHON_MARKDOWN.ESCAPED_CHARS)
_BLOCK_TAG_START = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")


def _python_markdown_html_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's html_block rule, read as Python-Markdown reads raw HTML.

    A comment never closed is text. A block-level element at the start of a
    line of the page is raw HTML up to its matching end tag, blank lines and
    all (or to the end of the page, if it has none); CommonMark ends it at the
    first blank line and reads what follows as Markdown.
    """
    if not state.is_code_block(start_line) and _line(state, start_line).startswith("<!--"):
        start = state.bMarks[start_line] + state.tShift[start_line]
        ends = _comment_ends(state)
        after = bisect.bisect_left(ends, start + 4)
        if after == len(ends) or ends[after] + 3 > state.eMarks[end_line - 1]:
            _unclosed(state, "comment", start_line)
            return False
    if not _at_page_line_start(state, start_line):
        # Python-Markdown takes raw HTML out of the page's text before reading blocks, from the start of a line only:
        # in a list item, an admonition or a block quote, HTML is inline HTML in a paragraph.
        return False
    if silent or not html_block(state, start_line, end_line, silent):
        return silent and html_block(state, start_line, end_line, silent)
    token = state.tokens[-1]
    tag = _BLOCK_TAG_START.match(_line(state, start_line))
    start = state.bMarks[start_line] + state.tShift[start_line]
    if tag is None or tag.group(1).lower() not in _BLOCK_TAGS:
        return True
    depth, last = 0, end_line
    for match in _tag_pattern(tag.group(1).lower()).finditer(state.src, start):
        depth += -1 if match.group(1) else (0 if match.group(0).endswith("/>") else 1)
        if depth <= 0:
            last = _line_of(state, match.end() - 1) + 1
            break
    last = min(last, end_line)
    if last > state.line:
        token.map = [start_line, last]
        token.content = state.getLines(start_line, last, state.blkIndent, True)
        state.line = last
    return True


# md_in_html's kinds of elements (markdown.extensions.md_in_html.HTMLExtractorExtra): Markdown in a block-level
# element is read as blocks, in these as inline text, never in these.
_SPAN_TAGS = frozenset({"address", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "legend", "li", "p", "summary",
                        "td", "th"})
_RAW_TAGS = frozenset({"canvas", "math", "option", "pre", "script", "style", "textarea"})
_MARKDOWN_BLOCK_TAGS = _BLOCK_TAGS - _SPAN_TAGS - _RAW_TAGS
# A start tag alone on its line (what follows it on the next lines is the element's content).
MARKDOWN_ATTRIBUTE = re.compile(r"""\smarkdown(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?(?=[\s/>])""")
_START_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s>])[^<>]*>")
_MAX_SAME_LINE_DEPTH = 50


def _markdown_in_html(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """md_in_html's `<div markdown>`: its start tag and its end tag are raw HTML, what lies between is Markdown.

    The content is read in place, as the page's own blocks, so elements nested
    at any depth cost no more than the lines they hold: Python-Markdown reads
    Markdown in them at every depth (until Python's recursion limit stops the
    build). Content on the start tag's own line is read from the end of the tag.
    """
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if state.src[begin:begin + 1] != "<" or state.is_code_block(start_line):
        return False
    ends = state.env.get("markdown_html_end_lines")
    if ends is None or ends[0] is not state.src:
        ends = state.env["markdown_html_end_lines"] = (state.src, set())
    if start_line in ends[1]:  # the end tag of an element whose content was read as Markdown
        if not silent:
            _raw_html_line(state, start_line)
        return True
    if not _at_page_line_start(state, start_line):
        return False
    text = _line(state, start_line)
    match = _START_TAG.match(text)
    if match is None or "markdown" not in match.group(0) or match.group(1).lower() not in _BLOCK_TAGS:
        return False
    attribute = MARKDOWN_ATTRIBUTE.search(text, match.end(1), match.end())
    reading = markdown_state(match.group(1).lower(), None if attribute is None else attribute.group(1))
    rest = text[match.end():]
    if attribute is None or reading == "off" or (reading == "span" and not rest.strip()):
        return False  # a span element alone on its line: the html_block rule, and the reader's own reading
    if silent:
        return True
    end = _matching_ends(state, match.group(1)).get(begin)
    last = state.lineMax
    if end is not None:
        last = _line_of(state, end)
        if not state.src[state.bMarks[last]:end].strip():
            ends[1].add(last)  # an end tag alone on its line: read as raw HTML when reached
        else:
            last += 1  # the end tag after content: inline HTML in it
    if not rest.strip():
        _raw_html_line(state, start_line)
        return True
    depth = state.env.get("markdown_html_depth", 0)
    if depth >= _MAX_SAME_LINE_DEPTH:  # elements opened on one line, each after the other: read as raw HTML
        return False
    token = state.push("html_block", "", 0)
    token.map = [start_line, start_line + 1]
    token.content = text[:match.end()] + "\n"
    # The tag's line from after the tag, read as the first line of the content.
    old_mark, old_shift, old_count = state.bMarks[start_line], state.tShift[start_line], state.sCount[start_line]
    content_start = begin + match.end()
    state.bMarks[start_line] = content_start
    state.tShift[start_line] = len(rest) - len(rest.lstrip(" \t"))
    state.sCount[start_line] = state.blkIndent
    state.env["markdown_html_depth"] = depth + 1
    try:
        state.md.block.tokenize(state, start_line, max(min(last, end_line), start_line + 1))
    finally:
        state.env["markdown_html_depth"] = depth
        state.bMarks[start_line], state.tShift[start_line], state.sCount[start_line] = old_mark, old_shift, old_count
    state.line = max(state.line, start_line + 1)
    return True


def markdown_state(name: str, value: str | None) -> str:
    """How md_in_html reads an element's content, given its `markdown` attribute: 'block', 'span' or 'off'.

    As md_in_html's HTMLExtractorExtra.get_state; a bare `markdown` is markdown="1".
    """
    value = "1" if value is None else value.strip("\"'")
    value = "1" if value == "markdown" else value
    if (value == "1" and name in _MARKDOWN_BLOCK_TAGS) or (value == "block" and name in _MARKDOWN_BLOCK_TAGS | _SPAN_TAGS):
        return "block"
    if (value == "1" and name in _SPAN_TAGS) or (value == "span" and name in _MARKDOWN_BLOCK_TAGS | _SPAN_TAGS):
        return "span"
    return "off"


def _raw_html_line(state: StateBlock, line: int) -> None:
    token = state.push("html_block", "", 0)
    token.map = [line, line + 1]
    token.content = state.getLines(line, line + 1, state.blkIndent, True)
    state.line = line + 1


def _matching_ends(state: StateBlock, name: str) -> dict[int, int]:
    """Offset of each start tag of element `name` in the source: offset of its end tag; one pass per source and name."""
    cached = state.env.get("matching_ends")
    if cached is None or cached[0] is not state.src:
        cached = state.env["matching_ends"] = (state.src, {})
    name = name.lower()
    if name not in cached[1]:
        open_starts: list[int] = []
        pairs = cached[1][name] = {}
        for match in _tag_pattern(name).finditer(state.src):
            if match.group(1):
                if open_starts:
                    pairs[open_starts.pop()] = match.start()
            elif not match.group(0).endswith("/>"):
                open_starts.append(match.start())
    return cached[1][name]


def _at_page_line_start(state: StateBlock, line: int) -> bool:
    """Whether `line` is read at the page's own indentation: not in a list item, a container or a block quote."""
    return not state.blkIndent and state.src.rfind("\n", 0, state.bMarks[line]) + 1 == state.bMarks[line]


@functools.lru_cache(maxsize=None)
def _tag_pattern(name: str) -> re.Pattern[str]:
    """Start and end tags of element `name` (group 1: '/' for an end tag)."""
    return re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.IGNORECASE)


def _line_of(state: StateBlock, offset: int) -> int:
    """The line (0-based) of `offset` in the source."""
    return bisect.bisect_right(state.bMarks, offset) - 1


def _last_definition_wins(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's reference rule, except that a label defined again replaces the first definition."""
    if silent:
        return reference(state, start_line, end_line, silent)
    references = state.env.setdefault("references", {})
    state.env["references"] = {}
    try:
        found = reference(state, start_line, end_line, silent)
    finally:
        references.update(state.env["references"])
        state.env["references"] = references
    return found


# Python-Markdown's ReferenceProcessor.RE, for one line (the URL may be on the next): a definition on any line.
_REFERENCE_LINE = re.compile(r"""\[[^\[\]]*\]:[ ]*(?:[^\s]+[ ]*(?:(["']).*\1[ ]*|\(.*\)[ ]*)?)?$""")


def _reference_ends_paragraph(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A paragraph ends at a line that is a reference definition, as Python-Markdown reads it.

    Its ReferenceProcessor finds definitions on any line of a block, and reads
    the lines before and after as blocks of their own; CommonMark cannot
    interrupt a paragraph with one. Only a terminator (silent): the reference
    rule then reads the definition.
    """
    begin = state.bMarks[start_line] + state.tShift[start_line]
    return silent and state.src.startswith("[", begin) and not state.is_code_block(start_line) and \
        _REFERENCE_LINE.match(_line(state, start_line)) is not None


def _definition_may_follow(state: StateBlock, start_line: int) -> bool:
    """Whether the line after `start_line` (or after the blank line there) starts with ':' or '~', which a
    definition list (mdit-py-plugins' deflist) needs: tried at every line of text, it otherwise fails."""
    line = start_line + 1
    if line < len(state.bMarks) and state.isEmpty(line):
        line += 1
    if line >= len(state.bMarks):
        return False
    start = state.bMarks[line] + state.tShift[line]
    return state.src[start:start + 1] in (":", "~")


def _python_markdown_body(rule, kind: str, one_block_in: frozenset[str] = frozenset(),  # noqa: ANN001, ANN201
                          may_start: Any = None):
    """`rule` (list items, definitions, footnotes), its bodies indented as Python-Markdown indents them.

    Python-Markdown reads the blocks of a list item, a definition or a footnote
    four spaces in from the construct's container, whatever the marker ("- ",
    "1. ", ":   ", "[^1]: "), and the text after the marker is a paragraph
    however many spaces precede it. CommonMark indents them to the text after
    the marker, so that "- item", a blank line, then six spaces is code there
    and a paragraph in Python-Markdown, and a line indented two spaces leaves the item.

    In a body of a kind in `one_block_in` ("list", "deflist", "footnote",
    "container"), the body ends at its first blank line: Python-Markdown hands
    such a body's blocks one at a time to a footnote in it (a definition, in a
    list item), and what follows the blank line, however indented, is the
    enclosing body's. `state.env["bodies"]` holds the kinds of the bodies being read.

    `may_start(state, line)`, if given, is a quick condition without which `rule` cannot match at `line`.
    """

    def wrapped(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if silent:
            return rule(state, start_line, end_line, silent)
        if may_start is not None and not may_start(state, start_line):  # no body to set up for
            return False
        bodies = state.env.setdefault("bodies", [])
        if bodies and bodies[-1] in one_block_in:
            end_line = next((line for line in range(start_line + 1, end_line) if state.isEmpty(line)), end_line)
        block = state.md.block
        tokenize = block.tokenize
        indent = state.blkIndent + 4

        def body(state: StateBlock, line: int, end: int) -> None:
            block.tokenize = tokenize  # type: ignore[method-assign] # constructs nested in the body install their own
            old_indent, old_count = state.blkIndent, state.sCount[line]
            state.blkIndent, state.sCount[line] = indent, indent
            bodies.append(kind)
            try:
                tokenize(state, line, end)
            finally:
                bodies.pop()
                state.blkIndent, state.sCount[line] = old_indent, old_count
                block.tokenize = body  # type: ignore[method-assign] # the construct's next body

        block.tokenize = body  # type: ignore[method-assign]
        try:
            return rule(state, start_line, end_line, silent)
        finally:
            block.tokenize = tokenize  # type: ignore[method-assign]

    return wrapped


_DEFINITION_MARKER = re.compile(r":[ ]{1,3}\S")  # after the line's indentation, at most three spaces


def definition_after_block(deflist):  # noqa: ANN001, ANN201 - a markdown-it block rule
    """A definition (`:   text`) after a block that is not a one-line term: an HTML comment, a heading, a list.

    def_list's DefListProcessor makes a definition of any block starting with
    `:` that has a block before it in its container: a paragraph gives the terms
    (raw HTML is one: a placeholder paragraph), anything else none. markdown-it's
    rule needs a term line right above. `deflist` (the rule as registered) reads
    the body from a term line that is dropped: here the line above the marker.
    """

    def rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        begin = state.bMarks[start_line] + state.tShift[start_line]
        if silent or start_line == 0 or not state.src.startswith(":", begin) or state.is_code_block(start_line):
            return False
        if not _DEFINITION_MARKER.match(_line(state, start_line)):
            return False
        previous = state.tokens[-1] if state.tokens else None
        if previous is None or previous.level != state.level or previous.nesting == 1:
            return False  # the first block of its container: a paragraph starting with a colon
        first, above = len(state.tokens), start_line - 1
        old_count = state.sCount[above]
        state.sCount[above] = state.blkIndent  # the dropped term line may be indented: the end of a comment, say
        try:
            found = deflist(state, above, end_line, silent)
        finally:
            state.sCount[above] = old_count
        if not found:
            return False
        del state.tokens[first + 1:first + 4]  # the term: dt_open, inline, dt_close
        state.tokens[first].map[0] = start_line
        return True

    return rule


def _wrap_block_rule(md: MarkdownIt, name: str, wrapper) -> None:  # noqa: ANN001
    """Replace block rule `name` (a plugin's, which only its ruler holds) by `wrapper(rule)`, keeping its place."""
    rule = next(rule for rule in md.block.ruler.__rules__ if rule.name == name)
    md.block.ruler.at(name, wrapper(rule.fn), {"alt": list(rule.alt)})


# Block rules that match only a line whose first character (after its indentation) is one of these: for any other
# line, they are not even tried. Every other rule (table, code, lheading, deflist, paragraph) can match any line.
_FIRST_CHARACTERS = {
    "fence": "`~", "blockquote": ">", "hr": "*-_", "list": "*-+0123456789", "footnote_def": "[", "reference": "[",
    "html_block": "<", "markdown_in_html": "<", "heading": "#", "indented_container": "!?=",
    "definition_after_block": ":", "reference_in_paragraph": "[",
}


def _by_first_character(rules: list[Any]) -> tuple[dict[str, list[Any]], list[Any]]:
    """The functions of `rules` (markdown-it's Rule records, in order) that can match a line starting with each
    character of _FIRST_CHARACTERS, and those for a line starting with any other character."""
    return ({char: [rule.fn for rule in rules if char in _FIRST_CHARACTERS.get(rule.name, char)]
             for chars in _FIRST_CHARACTERS.values() for char in chars},
            [rule.fn for rule in rules if rule.name not in _FIRST_CHARACTERS])


def _first_character_terminators(ruler: Any) -> None:
    """The ruler's terminator chains ("paragraph", "blockquote", "list", "reference") as one rule each, which tries
    at a line only the chain's rules that can match its first character, in the chain's order.

    A paragraph, a list or a quote asks every rule of its chain, at each of its lines, whether it ends there (some
    ten rules a line of prose, twice for a paragraph: the setext-heading rule asks too). Same answers.
    """
    get_rules = ruler.getRules
    made: dict[str, tuple[list[Any], list[Any]]] = {}

    def terminator(rules: list[Any]) -> Any:
        by_character, others = _by_first_character(rules)

        def terminates(state: StateBlock, line: int, end_line: int, silent: bool) -> bool:
            start = state.bMarks[line] + state.tShift[line]
            for rule in by_character.get(state.src[start:start + 1], others):
                if rule(state, line, end_line, silent):
                    return True
            return False

        return terminates

    def getRules(chain_name: str = "") -> list[Any]:  # noqa: N802 - markdown-it's name
        rules = get_rules(chain_name)
        if not chain_name or not rules:
            return rules
        if chain_name not in made or made[chain_name][0] is not rules:  # (re)made when the rules change
            chain = [rule for rule in ruler.__rules__ if rule.enabled and chain_name in rule.alt]
            if [rule.fn for rule in chain] != rules:
                return rules
            made[chain_name] = (rules, [terminator(chain)])
        return made[chain_name][1]

    ruler.getRules = getRules


def _first_character_dispatch(block: ParserBlock):  # noqa: ANN202 - ParserBlock.tokenize's replacement
    """markdown-it's block tokenizer, trying at each line only the rules that can match its first character.

    The same rules in the same order, so the same tokens: most lines are text, and markdown-it would try a
    dozen rules on each before the paragraph rule (some 15% of reading a page).
    """
    chains: list[Any] = [None, {}, []]  # the enabled rules they were made from, rules by character, the others

    def rules_by_character() -> tuple[dict[str, list[Any]], list[Any]]:
        enabled = block.ruler.getRules("")
        if chains[0] is not enabled:  # (re)made when the rules change: the ruler then makes a new list
            chains[:] = [enabled, *_by_first_character([rule for rule in block.ruler.__rules__ if rule.enabled])]
        return chains[1], chains[2]

    def tokenize(state: StateBlock, start_line: int, end_line: int) -> None:
        # ParserBlock.tokenize (markdown-it-py 4), but for the rules tried.
        by_character, others = rules_by_character()
        line = start_line
        max_nesting = state.md.options.maxNesting
        has_empty_lines = False
        while line < end_line:
            state.line = line = state.skipEmptyLines(line)
            if line >= end_line or state.sCount[line] < state.blkIndent:
                break
            if state.level >= max_nesting:
                state.line = end_line
                break
            ok = False
            for rule in by_character.get(state.src[state.bMarks[line] + state.tShift[line]], others):
                ok = rule(state, line, end_line, False)
                if ok:
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            if not ok:
                raise RuntimeError("none of the block rules matched")
            state.tight = not has_empty_lines
            line = state.line
            if (line - 1) < end_line and state.isEmpty(line - 1):
                has_empty_lines = True
            if line < end_line and state.isEmpty(line):
                has_empty_lines = True
                line += 1
                state.line = line

    return tokenize


# Inline rules that match only at one of these characters; the others (text, and any rule not listed) are tried at
# every position.
_INLINE_FIRST_CHARACTERS = {
    "linkify": ":", "newline": "\n", "escape": "\\", "backticks": "`", "strikethrough": "~", "emphasis": "*_",
    "link": "[", "image": "!", "python_markdown_link": "[!", "footnote_ref": "[", "autolink": "<", "html_inline": "<",
    "entity": "&",
}


def _inline_first_character_dispatch(inline: ParserInline) -> None:
    """markdown-it's inline tokenizer and skipToken, trying at each position only the rules that can match its
    character: the same rules in the same order, so the same tokens.

    At each character that may start markup ('[', '`', ':', '-' ...) markdown-it tries a dozen rules, most of which
    look at the character and give up.
    """
    chains: list[Any] = [None, None]  # the enabled rules they were made from, rules by character

    class RulesByCharacter(dict[str, list[Any]]):
        def __missing__(self, character: str) -> list[Any]:
            rules = self[character] = [rule.fn for rule in inline.ruler.__rules__ if rule.enabled and
                                       character in _INLINE_FIRST_CHARACTERS.get(rule.name, character)]
            return rules

    def rules_by_character() -> dict[str, list[Any]]:
        enabled = inline.ruler.getRules("")
        if chains[0] is not enabled:  # (re)made when the rules change: the ruler then makes a new list
            chains[:] = [enabled, RulesByCharacter()]
        return chains[1]

    def tokenize(state: StateInline) -> None:
        # ParserInline.tokenize (markdown-it-py 4), but for the rules tried.
        end = state.posMax
        max_nesting = state.md.options["maxNesting"]
        src = state.src
        append_pending = getattr(state, "append_pending", None)  # markdown-it-py 4: `pending +=` is quadratic there
        rules_for = rules_by_character()
        while state.pos < end:
            pos = state.pos
            ok = False
            if state.level < max_nesting:
                for rule in rules_for[src[pos]]:
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
            if ok:
                if state.pos >= end:
                    break
                continue
            if append_pending is not None:
                append_pending(src[pos])
            else:
                state.pending += src[pos]
            state.pos += 1
        if state.pending:
            state.pushPending()

    def skip_token(state: StateInline) -> None:
        # ParserInline.skipToken (markdown-it-py 4), but for the rules tried.
        ok = False
        pos = state.pos
        cache = state.cache
        if pos in cache:
            state.pos = cache[pos]
            return
        if state.level < state.md.options["maxNesting"]:
            for rule in rules_by_character()[state.src[pos]]:
                state.level += 1
                ok = rule(state, True)
                state.level -= 1
                if ok:
                    if state.pos <= pos:
                        raise RuntimeError("inline rule didn't increment state.pos")
                    break
        else:
            state.pos = state.posMax
        if not ok:
            state.pos += 1
        cache[pos] = state.pos

    inline.tokenize = tokenize  # type: ignore[method-assign]
    inline.skipToken = skip_token  # type: ignore[method-assign]


def make_parser(extensions: frozenset[str] = frozenset({"def_list", "footnotes"})) -> MarkdownIt:
    """CommonMark plus what MkDocs always enables (tables, fenced code) and the enabled extensions' syntax.

    `extensions` are the project's Markdown extensions (as in mkdocs.yml);
    pymdownx.blocks' `///` blocks are read before, by `blocks.BlockSyntax`.
    """
    md = MarkdownIt("commonmark", {"store_labels": True})
    md.enable("table")
    # Python-Markdown reads lists, quotes and containers nested far deeper than CommonMark's preset (20 levels, below
    # which markdown-it drops the content silently): lists 100 deep, admonitions 200, within Python's recursion limit.
    md.options["maxNesting"] = MAX_NESTING
    # Keep escapes and entities as their own tokens, so every text token is a verbatim slice of the source.
    md.disable("text_join")
    extra = "pymdownx.extra" in extensions
    # Python-Markdown's footnotes have no inline form: ^[text] is a caret and a link (pymdownx.caret).
    md.use(footnote_plugin, inline=False)
    # A footnote in a list item, a definition or a container: one block.
    _wrap_block_rule(md, "footnote_def", lambda rule: _python_markdown_body(
        rule, "footnote", frozenset({"list", "deflist", "footnote", "container"})))
    if not (extra or "footnotes" in extensions):
        md.disable(["footnote_def", "footnote_ref"])
    if extra or "def_list" in extensions:
        md.use(deflist_plugin)
        # A definition in a list item: one block.
        _wrap_block_rule(md, "deflist", lambda rule: _python_markdown_body(rule, "deflist", frozenset({"list"}),
                                                                           _definition_may_follow))
        deflist = next(rule.fn for rule in md.block.ruler.__rules__ if rule.name == "deflist")
        md.block.ruler.before("paragraph", "definition_after_block", definition_after_block(deflist))
    terminates = {"alt": ["paragraph", "reference", "blockquote", "list"]}
    patterns = [pattern for name, pattern in _INDENTED_CONTAINERS.items() if name in extensions]
    if patterns:
        md.block.ruler.before("fence", "indented_container", indented_container(patterns), terminates)
    nested_fences = "pymdownx.superfences" in extensions
    md.block.ruler.at("fence", python_markdown_fence(nested_fences), {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.at("html_block", _python_markdown_html_block, {"alt": ["paragraph", "reference", "blockquote"]})
    if extra or "md_in_html" in extensions:
        md.block.ruler.before("html_block", "markdown_in_html", _markdown_in_html,
                              {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.at("reference", _last_definition_wins)
    md.block.ruler.before("paragraph", "reference_in_paragraph", _reference_ends_paragraph, {"alt": ["paragraph"]})
    md.block.ruler.at("list", _python_markdown_body(list_block, "list"), {"alt": ["paragraph", "reference", "blockquote"]})
    # Leave footnote definitions where they are written (with their lines), even unreferenced ones,
    # which Python-Markdown renders too.
    md.disable("footnote_tail")
    md.inline.ruler.after("image", "python_markdown_link", python_markdown_link)
    md.inline.ruler.before("link", "python_markdown_spaced_reference", python_markdown_spaced_reference)
    md.inline.parse = _positioned_parse.__get__(md.inline)  # type: ignore[method-assign]
    md.block.parse = _block_parse.__get__(md.block)  # type: ignore[method-assign]
    md.block.tokenize = _first_character_dispatch(md.block)  # type: ignore[method-assign]
    _first_character_terminators(md.block.ruler)
    _inline_first_character_dispatch(md.inline)
    # This parser's own helpers (markdown-it's are a module every parser shares), with the fast destinations.
    md.helpers = SimpleNamespace(  # type: ignore[assignment]
        parseLinkDestination=_parse_link_destination, parseLinkLabel=_link_label_parser(md),
        parseLinkTitle=parseLinkTitle)
    if "pymdownx.saneheaders" not in extensions:  # which, as CommonMark, wants a space after the #s
        md.block.ruler.at("heading", _python_markdown_heading, {"alt": ["paragraph", "reference", "blockquote"]})
    md.core.ruler.at("normalize", _normalize)
    md.core.ruler.at("inline", _inline_when_needed)
    md.inline.ruler2.at("fragments_join", _fragments_join)
    # Python-Markdown neither drops javascript: links nor percent-encodes URLs:
    # keep every destination exactly as written, so that it can be judged.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.normalizeLinkText = lambda text: text  # type: ignore[method-assign]
    return md


# A link destination with none of '<', '\\' and '(' (nearly all): the characters up to the first space, control
# character or ')', which is where markdown-it's parseLinkDestination stops on it, character by character.
_PLAIN_DESTINATION = re.compile(r"[^\x00-\x20\x7f\\()]*")


class _Destination:
    # As markdown-it's result: whether there is one, where it ends, the URL, and (markdown-it-py before 4, which
    # the reference rule reads) how many line breaks it holds: none in a plain destination.
    __slots__ = ("ok", "pos", "str", "lines")

    def __init__(self, ok: bool, pos: int, url: str) -> None:
        self.ok, self.pos, self.str, self.lines = ok, pos, url, 0


def _parse_link_destination(string: str, pos: int, maximum: int) -> Any:
    """markdown-it's parseLinkDestination, with the same result in one regular-expression match when the
    destination is plain (some 10% of reading a page of links went to its loop)."""
    if pos < maximum and string[pos] != "<":
        end = _PLAIN_DESTINATION.match(string, pos, maximum).end()  # type: ignore[union-attr]
        if end > pos and (end == maximum or string[end] not in "\\("):
            return _Destination(True, end, unescapeAll(string[pos:end]))
    return parseLinkDestination(string, pos, maximum)


# The inline rules whose tokens parseLinkLabel may skip, and what may start one that holds a ']' (a code span, raw
# HTML or an autolink, an escape, a nested bracket): before the first ']', with none of these, the label ends there.
_LABEL_RULES = frozenset({"text", "newline", "escape", "backticks", "strikethrough", "emphasis", "link", "image",
                          "python_markdown_link", "footnote_ref", "autolink", "html_inline", "entity"})
_LABEL_SYNTAX = re.compile(r"[\[\]`<\\]")


def _link_label_parser(md: MarkdownIt):  # noqa: ANN202 - markdown-it's parseLinkLabel
    """markdown-it's parseLinkLabel, in one search when no token can hide a ']' before the first one.

    It skips the label token by token (each skip tries the inline rules at that position); a label of plain text,
    emphasis or entities ends at its first ']'. Only while nothing is memoised in the state's cache (filled by
    skips) and the nesting allows skips, where markdown-it's own walk could end elsewhere.
    """
    checked: list[Any] = [None, False]  # the enabled inline rules, whether all are known

    def parse_link_label(state: StateInline, start: int, disableNested: bool = False) -> int:  # noqa: N803
        enabled = md.inline.ruler.getRules("")
        if checked[0] is not enabled:
            checked[:] = [enabled, all(rule.name in _LABEL_RULES for rule in md.inline.ruler.__rules__ if rule.enabled)]
        if checked[1] and not state.cache and state.level < state.md.options["maxNesting"]:
            match = _LABEL_SYNTAX.search(state.src, start + 1, state.posMax)
            if match is None:
                return -1
            if match.group() == "]":
                return match.start()
        return parseLinkLabel(state, start, disableNested)

    return parse_link_label


def link_start(token: Token) -> int:
    """Offset of the '[' (or an autolink's '<') that starts a link_open token."""
    return token.meta["pos"] - (token.markup != "autolink")


_NEWLINE = re.compile("\n")


class Locator:
    """Maps offsets in a token's content (an inline or an HTML block) to 1-based page line and column.

    markdown-it builds the content of a block from its source lines, minus
    their indentation, block-quote and list markers: each content line is a
    suffix of its source line (trailing spaces aside). Table cells and
    definition terms are found in their line instead.
    """

    def __init__(self, content: str, first_line: int, lines: list[str]) -> None:
        self.content = content
        self.first_line = first_line  # 0-based index into `lines`
        self.lines = lines
        self._bases: dict[int, int] = {}
        self._starts: list[int] | None = None

    def _base(self, index: int) -> int:
        """Column (0-based) where content line `index` starts in its source line."""
        if index not in self._bases:
            start = self._line_starts()[index]
            end = self.content.find("\n", start)
            part = self.content[start:] if end < 0 else self.content[start:end]
            number = self.first_line + index
            source = self.lines[number] if 0 <= number < len(self.lines) else ""
            stripped_part, stripped_source = part.rstrip(), source.rstrip()
            if stripped_source.endswith(stripped_part):
                base = len(stripped_source) - len(stripped_part)
            else:
                found = source.find(part.strip())
                base = found - (len(part) - len(part.lstrip())) if found >= 0 else 0
            self._bases[index] = max(base, 0)
        return self._bases[index]

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.content)))
        starts = self._line_starts()
        index = bisect.bisect_right(starts, offset) - 1
        return self.first_line + index + 1, self._base(index) + offset - starts[index] + 1

    def _line_starts(self) -> list[int]:
        """Offsets where the content's lines start; computed once, since a long block has many positions."""
        if self._starts is None:
            self._starts = [0] + [match.end() for match in _NEWLINE.finditer(self.content)] \
                if "\n" in self.content else [0]
        return self._starts

    def line_column(self, line_index: int, column: int) -> tuple[int, int]:
        """Position of (0-based content line, 0-based column in that content line)."""
        return self.first_line + line_index + 1, self._base(line_index) + column + 1
