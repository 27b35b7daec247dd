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

Not read: blocks inside list items (indented), which the validator reads as
text as before.
"""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Any

import yaml

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


class BlockSyntax:
    """The `///` blocks a project's Markdown extensions register."""

    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        self.manager = _block_manager(extensions, configs)

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
        index = 0
        while index < len(lines):
            line = lines[index]
            prefix = _QUOTE_PREFIX.match(line).group(0)  # type: ignore[union-attr]
            rest = line[len(prefix):]
            fence = _CODE_FENCE.match(rest)
            if code_fence is not None:
                if fence and fence.group(1)[0] == code_fence[0] and len(fence.group(1)) >= len(code_fence) \
                        and not rest[fence.end():].strip():
                    code_fence = None
                index += 1
                continue
            if fence:
                code_fence = fence.group(1)
                index += 1
                continue
            end = _END.match(rest)
            if end and stack and len(end.group(1)) == stack[-1].length:
                stack.pop()
                lines[index] = prefix.rstrip()
                index += 1
                continue
            start = _START.match(rest)
            if start is None:
                index += 1
                continue
            column = len(prefix) + len(start.group(1)) + 1
            name = start.group(3).lower()
            if name not in self.manager.blocks:
                reading.problems.append((index + 1, column,
                                         f"'/// {start.group(3)}' is not a block this site's extensions know "
                                         f"({', '.join(self.names)}): the build prints the line as text; "
                                         "correct the name"))
                index += 1
                continue
            # Options: the lines right after the header, indented by four spaces or more.
            option_end = index + 1
            while option_end < len(lines):
                option_line = lines[option_end][len(prefix):] if lines[option_end].startswith(prefix) else ""
                if not re.match(r"[ ]{4,}\S", option_line):
                    break
                option_end += 1
            option_lines = [lines[i][len(prefix):] for i in range(index + 1, option_end)]
            attrs = self._validate(name, len(start.group(2)), start.group(4), "\n".join(option_lines))
            if attrs is None:
                reading.problems.append((index + 1, column,
                                         f"the build cannot read '/// {start.group(3)}' as a block, and prints it as "
                                         "text: check its argument after '|' and its options (YAML lines indented "
                                         "by four spaces, e.g. 'attrs: {id: photo}')"))
                index += 1
                continue
            self._record(reading, attrs, [(index, line)] + [(i, lines[i]) for i in range(index + 1, option_end)],
                         column)
            for blank in range(index, option_end):
                lines[blank] = prefix.rstrip()
            stack.append(_Open(start.group(3), len(start.group(2)), index + 1, column))
            index = option_end
        for block in stack:
            reading.problems.append((block.line, block.column,
                                     f"'/// {block.name}' is never closed: the build puts the rest of the page "
                                     f"inside it; end it with a line '{'/' * block.length}'"))
        reading.text = "\n".join(lines)
        return reading

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
