"""Site structure as facts: where the nav's entries lead (resolved as links are, links.py), and which pages it
leaves out. The site rules (site_checks.py) judge them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from mkdocs.structure.files import Files, InclusionLevel

from .facts import Link, NotInNav
from .links import LinkResolver
from .project import display_path


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


def nav_facts(nav: Any, files: Files, config_file: Path, pages: Mapping[str, Any], links: LinkResolver) -> list[Any]:
    """Each nav entry resolved as get_navigation looks it up (facts.Resolution), then each page of `pages` (those
    read) that the build publishes in the nav and the nav does not list (facts.NotInNav)."""
    if nav is None:
        return []
    shown = display_path(config_file)
    positions = _nav_positions(config_file)
    facts: list[Any] = []
    listed = set()
    for path in _nav_paths(nav):
        line, column = positions[path].pop() if positions.get(path) else (1, 1)
        entry = links.nav_entry(Link(path, line, column), shown)
        if entry.kind == "found" and entry.target:
            listed.add(entry.target)
        facts.append(entry)
    for file in files.documentation_pages(inclusion=InclusionLevel.is_in_nav):
        if file.src_uri not in listed and file.src_uri in pages:
            facts.append(NotInNav(pages[file.src_uri].path, shown))
    return facts
