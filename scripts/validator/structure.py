"""Site structure: the nav against the files, duplicate ids on a page, duplicate titles across pages."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from mkdocs.structure.files import Files, InclusionLevel

from .anchors import Anchor
from .facts import Page, included_note
from .links import target_rule
from .project import display_path, is_published
from .rules import Problem


def _nav_paths(nav: Any) -> Iterator[str]:
    """The paths of `nav`, in order, walked as mkdocs.structure.nav._data_to_navigation walks it."""
    if isinstance(nav, dict):
        for value in nav.values():
            yield from [value] if isinstance(value, str) else _nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_paths(item)
    elif isinstance(nav, str):
        yield nav


def _nav_positions(config_file: Path) -> dict[str, list[tuple[int, int]]]:
    """1-based positions of the string values under `nav:` in the configuration file."""
    try:
        loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
        root = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    nav = None
    if isinstance(root, yaml.MappingNode):
        nav = next((value for key, value in root.value if key.value == "nav"), None)
    positions: dict[str, list[tuple[int, int]]] = defaultdict(list)
    stack = [nav] if nav is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            positions[node.value].append((node.start_mark.line + 1, node.start_mark.column + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(reversed([value for _, value in node.value]))
    for found in positions.values():
        found.reverse()  # pop() gives them in file order
    return positions


def check_nav(nav: Any, files: Files, config_file: Path, pages: dict[str, Page]) -> list[Problem]:
    """nav entries whose file is missing or excluded; pages the nav leaves out."""
    if nav is None:
        return []
    shown = display_path(config_file)
    positions = _nav_positions(config_file)
    by_lower = {uri.lower(): uri for uri in files.src_uris}
    problems, listed = [], set()
    for path in _nav_paths(nav):
        line, column = positions[path].pop() if positions.get(path) else (1, 1)

        def report(rule: str, message: str) -> None:
            problems.append(Problem(shown, line, column, rule, message))

        parts = urlsplit(path) if "\\" not in path else None
        if parts is not None and (parts.scheme or parts.netloc):
            continue
        if path.startswith("/"):
            report(target_rule("absolute"), f"nav entry '{path}' is an absolute path: give the page's path relative to the docs directory")
            continue
        file = files.get_file_from_path(path)
        if file is None:
            if (actual := by_lower.get(path.lower())) is not None:
                report(target_rule("case"), f"nav entry '{path}' — the file is {actual}: write it with that letter case")
                continue
            close = difflib.get_close_matches(path, [f.src_uri for f in files.documentation_pages()], n=1, cutoff=0.8)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            report("nav-missing-file", f"nav entry '{path}' — there is no such file in the docs directory{hint}")
        elif not is_published(file):
            report(target_rule("excluded"), f"nav entry '{path}' — the file is excluded from the built site: remove the entry, or publish the file")
        else:
            listed.add(file.src_uri)
    for file in files.documentation_pages(inclusion=InclusionLevel.is_in_nav):
        if file.src_uri not in listed and file.src_uri in pages:
            problems.append(Problem(pages[file.src_uri].path, 1, 1, "not-in-nav",
                                    f"the page is not in the nav of {shown}: add it under nav:, or list it under "
                                    "not_in_nav if readers reach it only through links"))
    return problems


def check_duplicate_ids(page: Page, anchors: list[Anchor]) -> list[Problem]:
    """Ids of `page` (its `page_anchors`) used twice."""
    first: dict[str, tuple[int, int]] = {}
    problems = []
    for anchor in anchors:
        if anchor.id in first:
            line, column = first[anchor.id]
            problems.append(Problem(page.path, anchor.line, anchor.column, "duplicate-id",
                                    f"id '{anchor.id}' is already used at line {line}, column {column}: links to "
                                    f"'#{anchor.id}' reach only the first; give this one another id"
                                    + included_note(anchor.included)))
        else:
            first[anchor.id] = (anchor.line, anchor.column)
    return problems


def check_duplicate_titles(pages: list[Page]) -> list[Problem]:
    by_title: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        if page.title and page.title.strip():
            by_title[" ".join(page.title.split()).casefold()].append(page)
    problems = []
    for same in by_title.values():
        if len(same) < 2:
            continue
        for page in same:
            others = ", ".join(sorted(other.src_uri for other in same if other is not page))
            problems.append(Problem(page.path, *page.title_position, "duplicate-title",
                                    f"the title '{page.title}' is also the title of {others}: give each page a distinct title"))
    return problems
