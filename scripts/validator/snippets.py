"""pymdownx.snippets includes, resolved as the build resolves them, with the page line each line comes from.

The build's `SnippetPreprocessor` (pymdownx's own class, with the project's
settings from mkdocs.yml) expands every include; the validator then reads
the expanded page, so included headings are anchors of the page and
`auto_append` reference definitions count on every page. Downloads are
never made (`url_download` is forced off): a URL include is left out, as the
build does without that setting.

To keep positions, the page is cut where pymdownx's own `get_syntax_mask`
says the snippet notation is, and each piece of notation is expanded on its
own: every line of the expansion maps to the include line of the page (or,
for `auto_append`, to the appended file). A missing include (or one nested
in an included file) is reported at the include line, whatever
`check_paths` says: without it the build drops the text silently.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from markdown import Markdown

from .facts import MissingInclude, included_note
from .rules import Problem

# Where a line of included text really is: (the included file as printed, its 1-based line, how many columns the
# line moved right by in the expanded page).
Source = tuple[str, int, int]
# A line of the expanded page comes from: (path as printed, or None for the page; 1-based line; the column every
# position on it moves to, or 0 for a line of the page itself, whose positions stay; for included text, its Source).
Origin = tuple[str | None, int, int, Source | None]
# An include that reads more files than this (nested includes) is located at its include line only.
_MAX_SOURCES = 50


@dataclass
class Expansion:
    text: str
    origins: list[Origin]  # one per line of `text`
    missing: list[MissingInclude]  # includes that are not there (at the page's lines, or mkdocs.yml's)

    @property
    def changed(self) -> bool:
        return any(path is not None or number != index + 1 or column
                   for index, (path, number, column, _) in enumerate(self.origins))

    @property
    def located(self) -> bool:
        """Whether reading the expanded text needs `relocate` to give positions in the page."""
        return self.changed or bool(self.missing)


class Snippets:
    """The project's pymdownx.snippets settings, applied to pages."""

    def __init__(self, configs: dict[str, Any], display: Callable[[str], str], config_file: str = "mkdocs.yml") -> None:
        # Imported here: only a project that uses the extension pays for it (urllib.request, ssl: ~15 ms).
        from pymdownx.snippets import SnippetExtension, SnippetMissingError, SnippetPreprocessor

        self._missing_error = SnippetMissingError
        settings = dict(configs or {})
        settings["url_download"] = False  # never fetch at read time
        extension = SnippetExtension(**settings)
        self.preprocessor = SnippetPreprocessor(extension.getConfigs(), Markdown())
        self.auto_append: list[str] = list(extension.getConfigs().get("auto_append") or [])
        self.stops_build = bool(extension.getConfigs().get("check_paths"))
        self.display = display
        self.config_file = config_file
        self._auto_appended: tuple[list[str], list[Origin], list[MissingInclude]] | None = None
        self._reads: list[tuple[str, list[str]]] = []  # the files the last expansion read, in order, with their lines
        if hasattr(self.preprocessor, "read_lines"):  # pymdownx 10.17 and later read every file through it
            read_lines = self.preprocessor.read_lines

            def recording(path: str) -> list[str]:
                lines = read_lines(path)
                self._reads.append((path, lines))
                return lines

            self.preprocessor.read_lines = recording

    def _reset(self) -> None:
        preprocessor = self.preprocessor
        preprocessor.seen, preprocessor.bases, preprocessor.failed = set(), None, set()

    def _expand(self, lines: list[str]) -> tuple[list[str], str | None]:
        """pymdownx's expansion of `lines`, and why an include in them is missing (None: none is)."""
        preprocessor = self.preprocessor
        missing = None
        preprocessor.check_paths = True
        self._reset()
        self._reads = []
        try:
            return preprocessor.parse_snippets(lines), None
        except self._missing_error as error:
            missing = str(error)
        except (OSError, UnicodeError, ValueError, RecursionError) as error:
            missing = f"cannot read an included file: {type(error).__name__}: {error}"
        preprocessor.check_paths = False
        self._reset()
        self._reads = []
        try:
            return preprocessor.parse_snippets(lines), missing
        except (self._missing_error, OSError, UnicodeError, ValueError, RecursionError):
            return [], missing

    def expand(self, body: str, path: str) -> Expansion:
        """`body` (a page's Markdown, front matter blanked) with its includes expanded; `path`: the page as printed."""
        if "8<-" not in body and not self.auto_append:
            return Expansion(body, [(None, number + 1, 0, None) for number in range(body.count("\n") + 1)], [])
        lines = body.split("\n")
        mask = _syntax_mask(self.preprocessor, lines)
        out: list[str] = []
        origins: list[Origin] = []
        missing_includes: list[MissingInclude] = []
        index = 0
        while index < len(lines):
            if not mask[index] and "8<-" not in lines[index]:
                out.append(lines[index])
                origins.append((None, index + 1, 0, None))
                index += 1
                continue
            end = index + 1
            opening = self.preprocessor.RE_ALL_SNIPPETS.match(lines[index]) if mask[index] else None
            if opening is not None and not opening.group("inline_marker"):
                while end < len(lines) and mask[end]:  # a block: up to its closing marker
                    closing = self.preprocessor.RE_ALL_SNIPPETS.match(lines[end])
                    end += 1
                    if closing and not closing.group("inline_marker") and not closing.group("escape"):
                        break
            expanded, missing = self._expand(lines[index:end])
            column = len(lines[index]) - len(lines[index].lstrip()) + 1
            if missing is not None:
                missing_includes.append(MissingInclude(path, index + 1, column, _quote(missing), self.stops_build))
            out.extend(expanded)
            origins.extend((None, index + 1, column, source) for source in self._sources(expanded))
            index = end
        appended, appended_origins, appended_missing = self._appended()
        out.extend(appended)
        origins.extend(appended_origins)
        missing_includes.extend(appended_missing)
        return Expansion("\n".join(out), origins, missing_includes)

    def _appended(self) -> tuple[list[str], list[Origin], list[MissingInclude]]:
        """The auto_append files' lines, the same for every page: expanded once."""
        if self._auto_appended is not None:
            return self._auto_appended
        out: list[str] = []
        origins: list[Origin] = []
        missing_includes: list[MissingInclude] = []
        for name in self.auto_append:
            expanded, missing = self._expand(["-8<-", name, "-8<-"])
            where = self._find(name)
            shown = self.display(where) if where else name
            if missing is not None:
                line, column = _mention(self.config_file, name)
                missing_includes.append(MissingInclude(self.display(self.config_file), line, column, _quote(missing),
                                                       self.stops_build, auto_append=True))
            out.extend(["", ""])  # as SnippetPreprocessor.run appends: after a blank line
            origins.extend([(shown, 1, 1, None)] * 2)
            one_to_one = where is not None and _line_count(where) == len(expanded)
            origins.extend((shown, number + 1, 0, None) if one_to_one else (shown, 1, 1, None)
                           for number in range(len(expanded)))
            out.extend(expanded)
        self._auto_appended = (out, origins, missing_includes)
        return self._auto_appended

    def _sources(self, expanded: list[str]) -> list[Source | None]:
        """Where each line of `expanded` (the last expansion) is in the files it read: each line is matched with
        the nearest line ahead, in one of those files, that has the same text (indentation aside). Blank lines
        and lines found nowhere have no source."""
        if not self._reads or len(self._reads) > _MAX_SOURCES:
            return [None] * len(expanded)
        reads = [(self.display(path), lines) for path, lines in self._reads]
        where: list[dict[str, list[int]]] = []  # per file: text -> the indexes of its lines with that text
        for _, lines in reads:
            index: dict[str, list[int]] = {}
            for number, text in enumerate(lines):
                index.setdefault(text.strip(), []).append(number)
            where.append(index)
        ahead = [0] * len(reads)
        sources: list[Source | None] = []
        for line in expanded:
            text = line.strip()
            best: tuple[int, int, int] | None = None  # (distance, file, line index)
            for which, index in enumerate(where) if text else ():
                numbers = index.get(text)
                found = bisect.bisect_left(numbers, ahead[which]) if numbers else 0
                if numbers and found < len(numbers) and (best is None or numbers[found] - ahead[which] < best[0]):
                    best = (numbers[found] - ahead[which], which, numbers[found])
            if best is None:
                sources.append(None)
                continue
            _, which, number = best
            ahead[which] = number + 1
            sources.append((reads[which][0], number + 1, len(line.rstrip()) - len(reads[which][1][number].rstrip())))
        return sources

    def _find(self, name: str) -> str | None:
        self._reset()
        try:
            return self.preprocessor.get_snippet_path(name)
        except (OSError, ValueError):
            return None


def _quote(message: str) -> str:
    """pymdownx's message, with the path it names quoted as the house style quotes values."""
    return message.replace("Snippet at path ", "include ").replace("Snippet section ", "include section ")


def _mention(config_file: str, name: str) -> tuple[int, int]:
    """Where mkdocs.yml names the auto_append file `name` (its first line if nowhere)."""
    try:
        with open(config_file, encoding="utf-8") as stream:
            for number, line in enumerate(stream, 1):
                if name in line and not line.lstrip().startswith("#"):
                    return number, line.index(name) + 1
    except (OSError, UnicodeError):
        pass
    return 1, 1


def _line_count(path: str) -> int:
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except (OSError, UnicodeError):
        return -1
    return len(text.split("\n")) if text else 0


def relocate(page: Any, expansion: Expansion, *found: list[Problem]) -> tuple[list[Problem], ...]:
    """Move every position of `page`'s kept facts and of the problems in `found` (each a list, read from the
    expanded text) back to where it was written.

    A position in included text goes to the include line, and says where it really is: the kept facts in their
    `included`, the problems at the end of their message (facts.included_note).
    """
    origins = expansion.origins

    def origin(line: int, column: int) -> tuple[str | None, int, int, str | None]:
        if 1 <= line <= len(origins):
            path, number, base, source = origins[line - 1]
            included = f"{source[0]}:{source[1]}:{max(column - source[2], 1)}" if source is not None else None
            return path, number, column if base == 0 else base, included
        return None, line, column, None

    for records in (page.links, page.headings, page.element_ids, page.html_ids):
        for record in records:
            _, record.line, record.column, record.included = origin(record.line, record.column)
    title_line, title_column = page.title_position
    page.title_position = origin(title_line, title_column)[1:3]
    moved_lists = []
    for problems in found:
        moved = []
        for problem in problems:
            path, line, column, included = origin(problem.line, problem.column)
            moved.append(replace(problem, path=path or problem.path, line=line, column=column,
                                 message=problem.message + included_note(included)))
        moved_lists.append(moved)
    return tuple(moved_lists)


def from_config(config: Any, config_file: str) -> Snippets | None:
    """The project's snippets settings, or None if it does not use pymdownx.snippets."""
    names = [extension if isinstance(extension, str) else type(extension).__module__
             for extension in config["markdown_extensions"]]
    if "pymdownx.snippets" not in names:
        return None
    configs = (config["mdx_configs"] or {}).get("pymdownx.snippets", {})
    return Snippets(configs, lambda path: os.path.relpath(path) if os.path.isabs(path) else path, config_file)


def _syntax_mask(preprocessor: Any, lines: list[str]) -> list[bool]:
    """Which lines are snippet notation: pymdownx's own `get_syntax_mask` where the installed version has it
    (13.0 and later); before that, the same reading from the regular expressions every version has."""
    if hasattr(preprocessor, "get_syntax_mask"):
        return preprocessor.get_syntax_mask(lines)
    section = getattr(preprocessor, "RE_SNIPPET_SECTION", None)
    mask: list[bool] = []
    block = False
    for line in lines:
        match = preprocessor.RE_ALL_SNIPPETS.match(line)
        if match:
            if not match.group("escape") and not match.group("inline_marker"):
                block = not block
            mask.append(not match.group("escape"))
        elif block:
            mask.append(True)
        else:
            marker = section.match(line) if section is not None else None
            mask.append(marker is not None and not marker.group("escape"))
    return mask
