"""Reading one page into facts (facts.py): its text, its front matter, and what its Markdown contains, with positions.

Reading judges nothing: the rules (checks.py) do. Everything here depends on
the page alone, so pages can be read in parallel.
"""

from __future__ import annotations

import os
import re
import stat
from typing import Any

import yaml
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token
from mkdocs.utils import meta
from mkdocs.utils.meta import YAML_RE

from .blocks import BlockSyntax
from .compat import get_attrs_and_remainder
from .facts import (BlockError, FootnoteDefinition, FrontMatterError, Heading, IdDecl, Link, Page, Prose, Tag,
                    Unclosed, Unreadable, Unresolved)
from .front_matter import FrontMatter, FrontMatterChecker
from .nesting import MAX_MARKDOWN_HTML_DEPTH, footnote_defined_in_footnote, too_deep_markdown_html
from .parser import ESCAPED_CHARS, Locator, link_start, make_parser, markdown_state
from .rawhtml import scan_tags, visible_text
from .snippets import Snippets

__all__ = ["MAX_PAGE_BYTES", "DocumentReader", "Heading", "IdDecl", "Link", "Page"]

MAX_PAGE_BYTES = 1_000_000
MAX_HTML_NESTING = 20  # <div markdown> within <div markdown>: deeper ones are read as raw HTML
VERBATIM_MARKER = re.compile(r"<!--\s*verbatim\s*-->", re.IGNORECASE)
# `[text][label]` and `[label][]` that markdown-it left as text: the label is undefined. The text may hold syntax
# (masked: NULs), `[`Path`][path]`, `[*Path*][]`; its brackets and the label are text.
UNDEFINED_REFERENCE_RE = re.compile(r"\[([^\[\]]+)\]\[([^\[\]\0^]*)\]")
UNDEFINED_FOOTNOTE_RE = re.compile(r"\[\^([^\[\]\s\0]+)\]")
# Without the footnotes extension, '^1' is a label like any other ('[^1]: x' defines it), and '[^1]' plain text.
UNDEFINED_REFERENCE_ANY_LABEL_RE = re.compile(r"\[([^\[\]]+)\]\[([^\[\]\0]*)\]")
_NON_SPACE = re.compile(r"\S")
_SPACE = re.compile(r"\s")
# pymdownx.emoji's `:shortcode:` (its RE_EMOJI; every name in its indexes has a letter, so '10:30:00' is not one),
# and an attribute list right after it (attr_list, on the icon).
EMOJI_SHORTCODE = re.compile(r":[+\-\w]*[A-Za-z][+\-\w]*:(?:\{[^}\n]*\})?")
# The block tokens `_walk` reads: most of a page's (paragraph_open, table cells ...) are only structure.
_WALKED = frozenset({"inline", "html_block", "blockquote_open", "blockquote_close", "footnote_reference_open"})
_CLOSING = {"link_close", "em_close", "strong_close", "code_inline", "image", "s_close"}


class DocumentReader:
    """Reads pages into `Page` facts, as the project's Markdown extensions make the build read them."""

    def __init__(self, *, attr_list: bool, footnotes: bool, md_in_html: bool = False, strikethrough: bool = False,
                 extensions: frozenset[str] | None = None, snippets: Snippets | None = None,
                 blocks: BlockSyntax | None = None) -> None:
        if extensions is None:
            extensions = frozenset({"def_list", "footnotes"} if footnotes else {"def_list"})
        self.md = make_parser(extensions)
        self.blocks = blocks
        if strikethrough:  # pymdownx.tilde's ~~struck~~ text
            self.md.enable("strikethrough")
        self.attr_list = attr_list
        self.footnotes = footnotes
        self.md_in_html = md_in_html
        self.snippets = snippets
        # A backslash escape in an attribute list's value ('{: #\.x }'), which the build's id drops: of Python-
        # Markdown's escapable characters, or of any character with pymdownx.escapeall.
        escapable = "." if "pymdownx.escapeall" in extensions else f"[{re.escape(ESCAPED_CHARS)}]"
        self._attribute_escape = re.compile(rf"\\({escapable})")
        self.emoji = "pymdownx.emoji" in extensions

    def read(self, abs_path: str, src_uri: str, path: str) -> Page:
        """The facts of the page at `abs_path`."""
        page = Page(src_uri, path)
        text = self._text(abs_path, page)
        if text is None:
            page.readable = False
            return page
        return self.read_text(text, page)

    def read_text(self, text: str, page: Page) -> Page:
        """The facts of `text`, the content of `page`."""
        raw_match = YAML_RE.match(text)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        match = YAML_RE.match(text)
        body = text
        front_text = None
        if match:
            front_text = match.group(1)
            # Blank the front matter out rather than cut it, so that Markdown keeps the page's line numbers.
            body = "\n" * text.count("\n", 0, match.end()) + text[match.end():]
        front = page.front_matter = FrontMatterChecker.parse(front_text, 2)
        if match and not raw_match:
            front.errors.append(FrontMatterError("crlf", 1, 1))
        if match and not isinstance(front.data, dict) and not meta.get_data(text)[1]:
            body = text  # MkDocs reads front matter it cannot load as the page's first lines of Markdown
        if isinstance(front.data, dict):
            if isinstance(front.data.get("title"), str):
                page.title = front.data["title"]
                page.title_position = front.place(["title"])
            if front_text is not None:
                self._front_matter_prose(page, front, front_text.split("\n"))
        # Includes expanded as the build expands them (snippets.relocate moves positions back afterwards).
        expansion = self.snippets.expand(body, page.path) if self.snippets is not None else None
        self._markdown(page, body if expansion is None else expansion.text)
        if expansion is not None and expansion.located:
            page.expansion = expansion
        return page

    def _text(self, abs_path: str, page: Page) -> str | None:
        def unreadable(reason: str, detail: str = "", line: int = 1, column: int = 1) -> None:
            page.unreadable.append(Unreadable(reason, detail, line, column))

        try:
            if not stat.S_ISREG(os.stat(abs_path).st_mode):  # a FIFO would block the reader forever
                return unreadable("not-regular")
            with open(abs_path, "rb") as stream:
                data = stream.read(MAX_PAGE_BYTES + 1)
        except OSError as error:
            return unreadable("os-error", str(error.strerror or error))
        if len(data) > MAX_PAGE_BYTES:
            return unreadable("too-large", str(MAX_PAGE_BYTES // 1_000_000))
        if not data.strip():
            return unreadable("empty")
        if b"\0" in data:
            return unreadable("binary", "", data.count(b"\n", 0, data.index(b"\0")) + 1)
        try:
            return data.decode("utf-8-sig")  # as MkDocs reads pages
        except UnicodeDecodeError as error:
            line_start = data.rfind(b"\n", 0, error.start) + 1
            line = data.count(b"\n", 0, error.start) + 1
            column = len(data[line_start:error.start].decode("utf-8", "replace")) + 1
            return unreadable("not-utf-8", f"{data[error.start]:02x}", line, column)

    def _front_matter_prose(self, page: Page, front: FrontMatter, front_lines: list[str]) -> None:
        """The title and description, which readers see, as prose."""
        for key in ("title", "description"):
            node = front.node([key])
            if not isinstance(node, yaml.ScalarNode):  # absent (the front matter's mapping) or not text
                continue
            start, end = node.start_mark, node.end_mark
            segment = front_lines[start.line:end.line + 1]
            if not segment:
                continue
            # Keep only the value's own characters, at their columns.
            if start.line == end.line:
                segment[0] = " " * start.column + segment[0][start.column:end.column]
            else:
                segment[0] = " " * start.column + segment[0][start.column:]
                segment[-1] = segment[-1][:end.column]
            if node.style in ("'", '"'):  # YAML's own quotes around the value are syntax, not prose
                segment[0] = segment[0][:start.column] + " " + segment[0][start.column + 1:]
                segment[-1] = segment[-1][:-1] + " "
            raw = "\n".join(segment)
            page.prose.append(Prose(raw, _TextLocator(raw, 2 + start.line), markdown=False))

    # Markdown -----------------------------------------------------------------

    def _markdown(self, page: Page, body: str) -> None:
        self._footnote_counts: dict[str, int] = {}  # label: how many references so far
        if self.blocks is not None:
            # `///` fence and option lines are syntax: blanked, so their content reads as the build's blocks.
            reading = self.blocks.read(body)
            body = reading.text
            page.element_ids.extend(IdDecl(found.id, found.line, found.column) for found in reading.ids)
            page.tags.extend(Tag("", attrs, line, column) for line, column, attrs in reading.attributes)
            page.block_errors.extend(BlockError(message, line, column) for line, column, message in reading.problems)
        if self.md_in_html and (too_deep := too_deep_markdown_html(body)):  # the build fails on the page
            page.unreadable.append(Unreadable("html-too-deep", str(MAX_MARKDOWN_HTML_DEPTH), *too_deep))
        dropped_line = None  # a footnote defined in the last footnote's text: the build leaves it out
        if self.footnotes and (nested := footnote_defined_in_footnote(body)):
            line, column, followed = nested
            if followed:  # the build fails on the page
                page.unreadable.append(Unreadable("footnote-in-footnote", "", line, column))
            else:
                dropped_line = line, column
        env: dict[str, Any] = {}
        lines = body.split("\n")
        definitions: list[tuple[str, int]] = []
        try:
            self._walk(page, self.md.parse(body, env), lines, env, definitions, verbatim=False)
        except RecursionError:
            page.unreadable.append(Unreadable("too-deep"))
            return
        for index, (kind, _) in sorted(env.get("unclosed", {}).items()):
            marker = "<!--" if kind == "comment" else lines[index].lstrip(" \t>")[:3]
            page.unclosed.append(Unclosed(marker, index + 1, max(lines[index].find(marker), 0) + 1))
        if self.footnotes:
            for label, line in definitions:
                if dropped_line is not None and line == dropped_line[0]:
                    page.unresolved.append(Unresolved(True, label, *dropped_line, dropped=True))
                    continue
                page.element_ids.append(IdDecl(f"fn:{label}", line, 1))
                page.footnote_definitions.append(FootnoteDefinition(label, line))

    def _walk(self, page: Page, tokens: list[Token], lines: list[str], env: dict[str, Any],
              definitions: list[tuple[str, int]], *, verbatim: bool, depth: int = 0) -> None:
        references = env.get("references", {})
        footnotes = {key.lstrip(":") for key in env.get("footnotes", {}).get("refs", {})}
        verbatim_level: int | None = None
        for index, token in enumerate(tokens):
            kind = token.type
            if kind not in _WALKED:
                continue
            quoted = verbatim or verbatim_level is not None
            if kind == "inline" and token.map is not None:
                parent = tokens[index - 1] if index else token
                self._inline(page, token, lines, parent, quoted, references, footnotes, first_block=index == 1)
            elif kind == "html_block" and token.map is not None:
                # Each nested <div markdown> is read again: a hostile page nesting thousands must stay fast.
                inner = self._markdown_in_html(token, lines) if depth < MAX_HTML_NESTING else None
                self._html_block(page, token, lines, quoted, whole=inner is None)
                if inner is not None:
                    self._walk(page, self._parse_at(inner, token.map[0] + 1, env), lines, env, definitions,  # type: ignore[index]
                               verbatim=quoted, depth=depth + 1)
            elif kind == "blockquote_open":
                previous = tokens[index - 1] if index else None
                if verbatim_level is None and previous is not None and previous.type == "html_block" \
                        and VERBATIM_MARKER.fullmatch(previous.content.strip()):
                    verbatim_level = token.level
            elif kind == "blockquote_close" and token.level == verbatim_level:
                verbatim_level = None
            elif kind == "footnote_reference_open" and token.map is not None:
                definitions.append((token.meta.get("label", ""), token.map[0] + 1))

    def _parse_at(self, text: str, first_line: int, env: dict[str, Any]) -> list[Token]:
        """Tokens of `text`, a part of the page that starts at line `first_line` (0-based), with the page's lines."""
        outer = env.pop("unclosed", {})
        tokens = self.md.parse(text, env)
        for token in tokens:
            if token.map is not None:
                token.map = [line + first_line for line in token.map]
        outer.update({line + first_line: found for line, found in env.pop("unclosed", {}).items()})
        env["unclosed"] = outer
        return tokens

    def _markdown_in_html(self, token: Token, lines: list[str]) -> str | None:
        """With md_in_html, the Markdown inside `<div markdown>`: the block's lines after the opening tag.

        markdown-it ends an HTML block at a blank line, so this is only what
        follows the tag up to there; what comes after is parsed as Markdown anyway.
        """
        if not self.md_in_html or token.map is None:
            start, end = 0, 0
        else:
            start, end = token.map
        if end - start < 2:
            return None
        tags = scan_tags(lines[start])
        if not tags or tags[0].line != 0 or not any(key == "markdown" for key, _ in tags[0].attrs) or \
                markdown_state(tags[0].name, dict(tags[0].attrs)["markdown"]) == "off":  # markdown="0": raw HTML
            return None
        inner = lines[start + 1:end]
        if inner and re.fullmatch(r"\s*</[^>]+>\s*", inner[-1]):
            inner = inner[:-1]
        return "\n".join(inner)

    def _inline(self, page: Page, token: Token, lines: list[str], parent_token: Token, verbatim: bool,
                references: dict[str, Any], footnotes: set[str], *, first_block: bool) -> None:
        content, parent = token.content, parent_token.type
        locate = Locator(content, token.map[0], lines)  # type: ignore[index]
        children = token.children or []
        prose: list[tuple[int, str]] = []  # (offset, text) of what readers read as text
        syntax: list[tuple[int, int]] = []  # (start, end) of attribute lists within the prose
        if token.meta.get("plain"):
            prose.append((0, content))
        previous_kind = ""
        struck = 0  # inside ~~ ~~: the source's words as the source wrote them, shown struck through
        url_text = False
        for child in children:
            kind, start = child.type, child.meta.get("pos", 0)
            if kind == "text":
                if not struck:
                    prose.append((start, child.content))
                if url_text:  # an autolink's text, <https://...>, is its URL
                    syntax.append((start, start + len(child.content)))
                if self.attr_list and previous_kind in _CLOSING:
                    match = AttrListTreeprocessor.INLINE_RE.match(child.content)
                    if match:
                        self._attr_list(page, match.group(1), *locate.position(start))
                        syntax.append((start, start + match.end()))
            elif kind == "link_open":
                url_text = child.markup == "autolink"
                offset = link_start(child)
                line, column = locate.position(offset)
                page.links.append(Link(str(child.attrGet("href") or ""), line, column, label=child.meta.get("label")))
            elif kind == "image":
                line, column = locate.position(start)
                alt = "".join(c.content for c in child.children or [] if c.type in ("text", "text_special", "code_inline"))
                page.links.append(Link(str(child.attrGet("src") or ""), line, column, image=True, alt=alt,
                                       label=child.meta.get("label")))
                prose.append((start + 2, child.content))
            elif kind in ("s_open", "s_close"):
                struck += 1 if kind == "s_open" else -1
            elif kind == "html_inline":
                for tag in scan_tags(child.content):
                    line_start = _line_offset(child.content, tag.line)
                    self._tag(page, tag.name, tag.attrs, *locate.position(start + line_start + tag.column))
            elif kind == "footnote_ref" and self.footnotes:
                # Python-Markdown numbers the references to one footnote: fnref:x, fnref2:x, fnref3:x ...
                label = child.meta.get("label", "")
                count = self._footnote_counts[label] = self._footnote_counts.get(label, 0) + 1
                prefix = "fnref" if count == 1 else f"fnref{count}"
                page.element_ids.append(IdDecl(f"{prefix}:{label}", *locate.position(start)))
            previous_kind = kind
            url_text = url_text and kind == "link_open"

        if parent == "heading_open":
            cut = self._heading(page, token, int(parent_token.tag[1]), locate, first_block)
            syntax.append((cut, len(content)))
        elif self.attr_list and parent in ("paragraph_open", "dt_open", "th_open", "td_open"):
            regex = AttrListTreeprocessor.BLOCK_RE if parent == "paragraph_open" else AttrListTreeprocessor.HEADER_RE
            match = regex.search(content)
            if match:
                self._attr_list(page, match.group(1), *locate.position(match.start(1)))
                syntax.append(match.span())

        text = _assemble(content, prose)
        page.prose.append(Prose(text, locate, verbatim, tuple(syntax)))
        if "[" in text:
            pattern = UNDEFINED_REFERENCE_RE if self.footnotes else UNDEFINED_REFERENCE_ANY_LABEL_RE
            for match in pattern.finditer(text):
                label = match.group(2) or content[match.start(1):match.end(1)]  # as written, code and all
                if normalizeReference(label) not in references:
                    page.unresolved.append(Unresolved(False, label, *locate.position(match.start())))
            for match in UNDEFINED_FOOTNOTE_RE.finditer(text) if self.footnotes else ():
                if match.group(1) not in footnotes:
                    page.unresolved.append(Unresolved(True, match.group(1), *locate.position(match.start())))

    def _heading(self, page: Page, token: Token, level: int, locate: Locator, first_block: bool) -> int:
        """Record a heading with the text Python-Markdown's toc extension would slugify; where its attribute list starts."""
        content = token.content
        cut, explicit_id = len(content), None
        if self.attr_list:
            match = AttrListTreeprocessor.HEADER_RE.search(content)
            if match:
                attrs, remainder = get_attrs_and_remainder(match.group(1))
                if not remainder:
                    cut = match.start()
                    explicit_id = next((self._unescaped(value) for key, value in reversed(attrs) if key == "id"), None)
                    self._attr_list(page, match.group(1), *locate.position(match.start(1)), heading=True)
        parts = []
        for child in token.children or []:
            start = child.meta.get("pos", 0)
            if start >= cut:
                break
            if child.type == "text":
                parts.append(child.content[:cut - start])
            elif child.type in ("text_special", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        text = "".join(parts)
        if self.emoji and ":" in text:  # an icon, with its own attribute list: no text of the heading's id
            text = EMOJI_SHORTCODE.sub(" ", text)
        text = " ".join(text.split())
        if cut < len(content):
            text = text.rstrip("#").rstrip()
        line, column = locate.position(0)
        page.headings.append(Heading(level, text, explicit_id, line, column))
        if first_block and level == 1 and page.title is None:
            page.title = text
            page.title_position = (line, column)
        return cut

    def _attr_list(self, page: Page, attributes: str, line: int, column: int, *, heading: bool = False) -> None:
        attrs, remainder = get_attrs_and_remainder(attributes)
        for key, value in attrs:
            if key == "id" and value:
                page.element_ids.append(IdDecl(self._unescaped(value), line, column, heading))
        page.tags.append(Tag("", [(k, v) for k, v in attrs if k not in (".", "id")], line, column))

    def _unescaped(self, value: str) -> str:
        return self._attribute_escape.sub(r"\1", value) if "\\" in value else value

    def _html_block(self, page: Page, token: Token, lines: list[str], verbatim: bool, *, whole: bool) -> None:
        """Tags and text of raw HTML; with whole=False, only its first line (Markdown follows, read as such)."""
        content = token.content if whole else token.content.split("\n", 1)[0]
        locate = Locator(content, token.map[0], lines)  # type: ignore[index]
        for tag in scan_tags(content):
            self._tag(page, tag.name, tag.attrs, *locate.line_column(tag.line, tag.column))
        page.prose.append(Prose(visible_text(content), locate, verbatim, markdown=False))

    def _tag(self, page: Page, name: str, attrs: list[tuple[str, str | None]], line: int, column: int) -> None:
        page.tags.append(Tag(name, attrs, line, column))
        values = {key: value for key, value in attrs}
        if values.get("id"):
            page.html_ids.append(IdDecl(str(values["id"]), line, column))
        if name == "a":
            if values.get("name"):
                page.html_ids.append(IdDecl(str(values["name"]), line, column))
            if values.get("href") is not None:
                page.links.append(Link(str(values["href"]), line, column, raw_html=True))
        elif name == "img":
            page.links.append(Link(str(values.get("src") or ""), line, column, image=True,
                                   alt=values.get("alt") if "alt" in values else None, raw_html=True))


def _line_offset(text: str, line: int) -> int:
    offset = 0
    for _ in range(line):
        offset = text.index("\n", offset) + 1
    return offset


def _assemble(content: str, spans: list[tuple[int, str]]) -> str:
    """`content` with everything but `spans` masked (NULs; whitespace kept), offsets unchanged."""
    if len(spans) == 1 and spans[0][0] == 0 and len(spans[0][1]) == len(content):
        return spans[0][1]  # a plain paragraph: all prose
    pieces, cursor = [], 0
    for start, text in sorted(spans):
        if start < cursor or start + len(text) > len(content):
            continue
        pieces.append(_masked(content[cursor:start]))
        pieces.append(text)
        cursor = start + len(text)
    pieces.append(_masked(content[cursor:]))
    return "".join(pieces)


def _masked(gap: str) -> str:
    """`gap` with every character but whitespace a NUL; only the gaps are masked, not the whole content."""
    return _NON_SPACE.sub("\0", gap) if _SPACE.search(gap) else "\0" * len(gap)


class _TextLocator:
    """Offsets in `text`, whose first line is the page's line `first_line`, as (line, column)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text, self.first_line = text, first_line

    def position(self, offset: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, offset)
        return self.first_line + line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1
