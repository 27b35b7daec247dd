"""pymdown-extensions' `///` blocks (`/// caption`, `/// details` …), read as the build reads them.

A block starts with a line `/// name | argument`, may go on with YAML option
lines indented by four spaces (`attrs: {id: photo}`), holds Markdown, and
ends with a line of as many slashes. markdown-it knows none of this: left
alone, it would read the fence lines as text of the paragraph around them,
and the options as prose. `BlockSyntax.read` blanks the fence and option
lines (keeping a block quote's `>`, and every line number and column) so
that the content is read as the separate blocks the build makes of it, and
records the ids the blocks' `attrs` give.

Which names are blocks, and which options and arguments each accepts, comes
from the project's own extensions: they are loaded into a Python-Markdown
instance and each block is validated by its own class, as the build does.
What the build does not read as a block it prints as text, and a block that
is never closed takes in the rest of the page: both are reported.

Blocks are found where pymdownx.blocks finds them: in the content of a list
item, a footnote, a definition, an admonition or a block quote too, at most
three spaces in from the content (`_Layout`), but not among the lines right
after a list item's marker, which are the item's text. Two quirks of the
build are reported, their lines read as the code the build makes of them: a
block in a definition that goes on past a blank line is given the rest of the
page unindented, and a footnote in a block at the page's level keeps only its
first paragraph. Not modelled: in a list item or an admonition, the
admonition extension takes a `/// note` block's paragraphs indented four
spaces more into the block, where the validator reads code.
"""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Any

import yaml

from .parser import _INDENTED_CONTAINERS

_QUOTE_PREFIX = re.compile(r"(?:[ ]{0,3}>[ ]?)*")
# pymdownx.blocks' RE_START and RE_END, for one line.
_START = re.compile(r"([ ]{0,3})(/{3,})[ ]*([\w-]+)[ ]*(?:\|[ ]*(.*?)[ ]*)?$")
_END = re.compile(r"[ ]{0,3}(/{3,})[ ]*$")
_CODE_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_ID_KEY = re.compile(r"(?<![\w-])id\s*:")


@dataclass
class BlockId:
    id: str
    line: int  # 1-based
    column: int


@dataclass
class BlockReading:
    text: str  # the page with fence and option lines blanked
    ids: list[BlockId] = field(default_factory=list)
    attributes: list[tuple[int, int, list[tuple[str, str | None]]]] = field(default_factory=list)
    problems: list[tuple[int, int, str]] = field(default_factory=list)  # (line, column, message): rule block-syntax


@dataclass
class _Open:
    name: str
    length: int
    line: int
    column: int
    base: int = 0  # the indentation of the container the block is in (0: the page's own level)
    # A block in a definition, once past a blank line: def_list's indented blocks come after pymdownx.blocks', so
    # the build gives the block what follows as the page's own text, unindented: indented lines are code there.
    in_definition: bool = False
    past_blank: bool = False
    # A footnote in a block at the page's level: the build hands a block's content to its readers one run of lines
    # at a time, so the footnote holds its first only, and the indented lines after a blank line are code in the
    # block. (In a container, admonition's reader takes them into the block instead: not modelled.)
    after_footnote: bool = False
    footnote_warned: bool = False
    warned: bool = False


@dataclass
class _Place:
    chunk_start: bool  # the line starts a run of non-blank lines (Python-Markdown's unit of block parsing)
    base: int  # the indentation of the container the line is read in
    start_at: int | None  # where on the line a block may start (None: nowhere)


_LIST_MARKER = re.compile(r"(?:[*+-]|\d+\.)(?:[ ]+|$)")
_OPENERS = {  # extension: (kind, opening line); after a footnote's or a definition's marker comes content
    "footnotes": ("footnote", re.compile(r"\[\^[^\]]+\]:[ ]*")),
    "def_list": ("dd", re.compile(r":[ ]+")),
}


class _Layout:
    """Which container (list item, footnote, definition, admonition …) each line is read in, as far as `///`
    blocks need it: pymdownx.blocks finds a block's start in a container's content, indented at most three
    spaces more than the content; never in a list item's first paragraph (the lines that follow its marker)."""

    def __init__(self, openers: list[tuple[str, re.Pattern[str]]]) -> None:
        self.openers = openers
        self.prefix: str | None = None
        self.containers: list[tuple[int, str]] = []  # (indentation of the content, kind) of the open containers
        self.in_chunk = False
        self.item_text_from: int | None = None  # in a list item's first paragraph: lines indented this far are its text

    def container_at(self, column: int) -> tuple[int, str]:
        """(indentation, kind) of the innermost container whose content starts at or before `column`."""
        return next((found for found in reversed(self.containers) if found[0] <= column), (0, "page"))

    def place(self, prefix: str, rest: str, indent: int) -> _Place:
        if prefix != self.prefix:  # into or out of a block quote: its own containers
            self.prefix, self.containers, self.in_chunk, self.item_text_from = prefix, [], False, None
        if not rest.strip():
            self.in_chunk, self.item_text_from = False, None
            return _Place(False, 0, None)
        chunk_start, self.in_chunk = not self.in_chunk, True
        if chunk_start:
            while self.containers and self.containers[-1][0] > indent:
                self.containers.pop()
        base = self.container_at(indent)[0]
        if indent - base > 3:  # code, or the text of a paragraph that goes on
            return _Place(chunk_start, base, None)
        if self.item_text_from is not None and indent >= self.item_text_from and not _LIST_MARKER.match(rest, indent):
            return _Place(chunk_start, base, None)
        if _LIST_MARKER.match(rest, indent):
            self._open(base, "li")
            self.item_text_from = base + 4
            return _Place(chunk_start, base, None)
        for kind, pattern in self.openers:
            match = pattern.match(rest, indent)
            if match:
                self._open(base, kind)
                return _Place(chunk_start, base, match.end() if kind in ("footnote", "dd") else None)
        return _Place(chunk_start, base, indent)

    def close_from(self, indentation: int) -> None:
        """Close the containers whose content is indented `indentation` or more."""
        while self.containers and self.containers[-1][0] >= indentation:
            self.containers.pop()

    def _open(self, base: int, kind: str) -> None:
        while self.containers and self.containers[-1][0] > base:
            self.containers.pop()
        self.containers.append((base + 4, kind))


class BlockSyntax:
    """The `///` blocks a project's Markdown extensions register."""

    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        self.manager = _block_manager(extensions, configs)
        names = {(e if isinstance(e, str) else type(e).__module__).removeprefix("markdown.extensions.")
                 for e in extensions}
        if "pymdownx.extra" in names:
            names |= {"footnotes", "def_list"}
        self.openers = [opener for name, opener in _OPENERS.items() if name in names]
        self.openers += [("container", pattern) for name, pattern in _INDENTED_CONTAINERS.items() if name in names]

    @property
    def names(self) -> list[str]:
        return sorted(self.manager.blocks) if self.manager is not None else []

    def read(self, text: str) -> BlockReading:
        lines = text.split("\n")
        reading = BlockReading(text)
        if self.manager is None or "///" not in text:
            return reading
        stack: list[_Open] = []
        code_fence: str | None = None
        layout = _Layout(self.openers)
        index = 0
        while index < len(lines):
            line = lines[index]
            prefix = _QUOTE_PREFIX.match(line).group(0)  # type: ignore[union-attr]
            rest = line[len(prefix):]
            indent = len(rest) - len(rest.lstrip(" "))
            if code_fence is not None:
                fence = _CODE_FENCE.match(rest, indent)
                if fence and fence.group(1)[0] == code_fence[0] and len(fence.group(1)) >= len(code_fence) \
                        and not rest[fence.end():].strip():
                    code_fence = None
                index += 1
                continue
            place = layout.place(prefix, rest, indent)
            if not rest.strip():
                self._blank_line(stack, layout)
                index += 1
                continue
            block = stack[-1] if stack else None
            if block is not None and place.chunk_start:
                if indent - place.base > 3 and (block.past_blank or block.after_footnote):
                    index = self._code_chunk(reading, lines, index, block)
                    continue
                block.after_footnote = False
            fence = _CODE_FENCE.match(rest, indent) if indent - place.base <= 3 else None
            if fence:
                code_fence = fence.group(1)
                index += 1
                continue
            end = _END.match(rest, indent) if block is not None and indent <= block.base + 3 else None
            if end and len(end.group(1)) == block.length:  # type: ignore[union-attr]
                stack.pop()
                lines[index] = prefix.rstrip()
                index += 1
                continue
            start = _START.match(rest, place.start_at) if place.start_at is not None else None
            if start is None:
                index += 1
                continue
            index = self._start(reading, lines, index, prefix, start, layout, stack)
        for block in stack:
            reading.problems.append((block.line, block.column,
                                     f"'/// {block.name}' is never closed: the build puts the rest of the page "
                                     f"inside it; end it with a line '{'/' * block.length}'"))
        reading.text = "\n".join(lines)
        return reading

    def _start(self, reading: BlockReading, lines: list[str], index: int, prefix: str, start: re.Match[str],
               layout: _Layout, stack: list[_Open]) -> int:
        """Read the block that starts at line `index`; the line to read next."""
        column = len(prefix) + start.start(2) + 1
        name = start.group(3).lower()
        if name not in self.manager.blocks:
            reading.problems.append((index + 1, column,
                                     f"'/// {start.group(3)}' is not a block this site's extensions know "
                                     f"({', '.join(self.names)}): the build prints the line as text; "
                                     "correct the name"))
            return index + 1
        base, kind = layout.container_at(start.start(2))
        # Options: the lines right after the header, indented by four spaces or more (from the block's container).
        option_end = index + 1
        while option_end < len(lines):
            option_line = lines[option_end][len(prefix):] if lines[option_end].startswith(prefix) else ""
            if not re.match(rf"[ ]{{{base + 4},}}\S", option_line):
                break
            option_end += 1
        option_lines = [lines[i][len(prefix):] for i in range(index + 1, option_end)]
        attrs = self._validate(start.group(3).lower(), len(start.group(2)), start.group(4), "\n".join(option_lines))
        if attrs is None:
            reading.problems.append((index + 1, column,
                                     f"the build cannot read '/// {start.group(3)}' as a block, and prints it as "
                                     "text: check its argument after '|' and its options (YAML lines indented "
                                     "by four spaces, e.g. 'attrs: {id: photo}')"))
            return index + 1
        self._record(reading, attrs, [(index, lines[index])] + [(i, lines[i]) for i in range(index + 1, option_end)],
                     column)
        # Blanked from where the block starts: a footnote's or a definition's marker before it stays.
        lines[index] = lines[index][:column - 1].rstrip()
        for blank in range(index + 1, option_end):
            lines[blank] = prefix.rstrip()
        stack.append(_Open(start.group(3), len(start.group(2)), index + 1, column, base, in_definition=kind == "dd"))
        return option_end

    @staticmethod
    def _blank_line(stack: list[_Open], layout: _Layout) -> None:
        """A blank line: it ends a footnote in a block, and a block in a definition then takes what follows as the
        page's, unindented (see _Open)."""
        if not stack:
            return
        block = stack[-1]
        innermost = layout.containers[-1] if layout.containers else (0, "page")
        if innermost[1] == "footnote" and innermost[0] > block.base and not block.base and not layout.prefix:
            layout.close_from(innermost[0])
            block.after_footnote, block.footnote_warned = True, False
        if block.in_definition and not block.past_blank:
            block.past_blank = True
            layout.close_from(block.base)
            block.base = 0

    @staticmethod
    def _code_chunk(reading: BlockReading, lines: list[str], index: int, block: _Open) -> int:
        """Lines the build reads as code in `block` (blanked: no links, headings or prose); the line after them."""
        line = lines[index]
        column = len(line) - len(line.lstrip()) + 1
        if block.after_footnote:
            if block.footnote_warned:
                return BlockSyntax._blank(lines, index)
            block.footnote_warned = True
            reading.problems.append((
                index + 1, column,
                f"a footnote in '/// {block.name}' (line {block.line}) holds one paragraph: the build shows these "
                "indented lines as code in the block; keep the footnote to one paragraph, or define it outside the "
                "block"))
        elif not block.warned:
            block.warned = True
            reading.problems.append((
                index + 1, column,
                f"'/// {block.name}' (line {block.line}) is in a definition and goes on past a blank line: the build "
                "reads the rest as the page's own text, so these indented lines show as code and an indented "
                f"'{'/' * block.length}' does not end the block; keep the block free of blank lines, or move it out "
                "of the definition"))
        return BlockSyntax._blank(lines, index)

    @staticmethod
    def _blank(lines: list[str], index: int) -> int:
        """Blank the run of non-blank lines from `index`; the line after it."""
        end = index
        while end < len(lines) and lines[end].strip():
            lines[end] = ""
            end += 1
        return end

    def _validate(self, name: str, length: int, argument: str | None, options: str) -> dict[str, Any] | None:
        """The block's attributes if the build accepts its argument and options, else None."""
        manager = self.manager
        try:
            # As pymdownx.blocks' get_frontmatter: YAML that is no mapping makes no block.
            parsed = yaml.safe_load(textwrap.dedent(options)) if options.strip() else {}
            parsed = {} if parsed is None else parsed
            if not isinstance(parsed, dict):
                return None
            block = manager.blocks[name](length, {}, manager, manager.config[name])
            valid = block._validate(etree.Element("div"), argument, **{str(k): v for k, v in parsed.items()})
        except Exception:  # noqa: BLE001 - YAML or a block class's own check: never crash on a page
            return None
        return dict(block.options.get("attrs") or {}) if valid else None

    @staticmethod
    def _record(reading: BlockReading, attrs: dict[str, Any], header: list[tuple[int, str]], column: int) -> None:
        values = [(str(key), " ".join(value) if isinstance(value, list) else str(value)) for key, value in attrs.items()]
        reading.attributes.append((header[0][0] + 1, column, [(k, v) for k, v in values if k not in ("id", "class")]))
        if attrs.get("id"):
            # Where the id is written: the option line that names it, or else the header (its argument).
            where = next(((i, m.start()) for i, text in header[1:] if (m := _ID_KEY.search(text))),
                         (header[0][0], column - 1))
            reading.ids.append(BlockId(str(attrs["id"]), where[0] + 1, where[1] + 1))


def _block_manager(extensions: list[Any], configs: dict[str, Any]) -> Any:
    """The Python-Markdown blocks processor of these extensions, or None when none registers blocks."""
    import markdown

    for chosen in (extensions, [e for e in extensions if isinstance(e, str) and e.startswith("pymdownx.blocks.")]):
        if not chosen:
            continue
        try:
            md = markdown.Markdown(extensions=chosen, extension_configs=configs)
        except Exception:  # noqa: BLE001 - an extension that will not load outside the build: try the blocks alone
            continue
        return md.parser.blockprocessors["blocks"] if "blocks" in md.parser.blockprocessors else None
    return None
