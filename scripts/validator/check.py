"""One validation run: read every page, then check what needs the whole site."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import File, Files
from mkdocs.utils import dirname_to_title

from .anchors import page_anchors
from .blocks import BlockSyntax
from .cache import Item, page_cache
from .events import build_files
from .checks import PageReader
from .facts import Page
from .front_matter import FrontMatterChecker, SchemaFileError, load_schema
from .links import LinkChecker
from .names import NameIndex, load_names
from .project import (Project, SetupError, discover_files, display_path, fresh_config, is_checked, is_published,
                      mkdocs_messages)
from .rendered import RenderedPages
from .rules import Problem
from .structure import check_duplicate_ids, check_duplicate_titles, check_nav

# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_MIN_PAGES = 300


@dataclass
class Result:
    problems: list[Problem]
    pages: int
    notes: list[str] = field(default_factory=list)
    rendered_pages: int = 0  # pages rendered to confirm findings, and their CPU time: for the benchmark
    render_seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)


_reader: PageReader | None = None  # the reader that forked workers inherit


def _read(item: Item) -> Page:
    assert _reader is not None
    return _reader.read(*item)


def _read_pages(reader: PageReader, items: list[Item], jobs: int) -> list[Page]:
    global _reader
    if jobs <= 1 or len(items) < PARALLEL_MIN_PAGES or "fork" not in multiprocessing.get_all_start_methods():
        return [reader.read(*item) for item in items]
    _reader = reader
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return pool.map(_read, items, chunksize=max(1, len(items) // (jobs * 4)))
    finally:
        _reader = None


def _build_files(project: Project) -> tuple[Files, list[Problem]]:
    """The files of the build, gathered as `mkdocs build` gathers them (events.build_files).

    Theme files and the files plugins generate in `on_files` (a page built
    from others, say) are link targets like any other.
    """
    try:
        return build_files(lambda: discover_files(project), project.config, project.config_file,
                           display_path(project.config_file), mkdocs_messages)
    except Exception as error:  # noqa: BLE001 - the theme's files cannot be listed: the build stops too
        raise SetupError(f"MkDocs could not gather the files: {type(error).__name__}: {error}") from error


def page_reader(project: Project, front_matter: FrontMatterChecker, names: NameIndex | None) -> PageReader:
    """A reader of the project's pages, with its Markdown extensions."""
    return PageReader(front_matter=front_matter, names=names, attr_list=project.attr_list,
                      footnotes=project.footnotes, md_in_html=project.md_in_html, strikethrough=project.strikethrough,
                      extensions=project.extensions, snippets=project.snippets,
                      blocks=BlockSyntax(list(project.config["markdown_extensions"]), project.config["mdx_configs"]))


def run(project: Project, only: Sequence[str] = (), jobs: int = 1, *, fresh: bool = False, cache: bool = False) -> Result:
    """Every problem of the project (of the files or directories in `only`, if given), sorted.

    With `cache`, pages unchanged since an earlier run are not read again (cache.py).

    With `fresh`, pages rendered to confirm findings use a configuration loaded
    afresh, so that the build that runs the validator keeps its plugins' state.
    """
    files, problems = _build_files(project)
    names, name_problems = load_names(project.names_file, display_path(project.names_file))
    problems.extend(name_problems)
    notes = []
    try:
        schema = load_schema(project.schema_file, display_path(project.schema_file))
    except SchemaFileError as error:
        raise SetupError(str(error)) from error
    if schema is None:
        notes.append(f"note: no {display_path(project.schema_file)}: front matter is not checked against a schema")
    reader = page_reader(project, FrontMatterChecker(schema), names)
    checked = [file for file in files if is_checked(file) and _is_source(file, project)]
    items: list[Item] = [(str(file.abs_src_path), file.src_uri, display_path(str(file.abs_src_path))) for file in checked]
    kept = page_cache(project) if cache else None
    read = kept.read(items, lambda todo: _read_pages(reader, todo, jobs)) if kept else _read_pages(reader, items, jobs)
    pages = {page.src_uri: page for page in read}

    anchors = {uri: page_anchors(page, project.slugify, project.separator) for uri, page in pages.items()}
    rendered = RenderedPages(project, files, lambda: {a.id for found in anchors.values() for a in found if a.heading},
                             load_config=fresh_config(project) if fresh else None)
    links = LinkChecker(project, files, pages, anchors, rendered_has_id=rendered.has_id)
    for file in checked:
        page = pages[file.src_uri]
        problems.extend(page.problems)
        problems.extend(rendered.confirmed(page.unconfirmed, file, page.path))
        problems.extend(links.check(page, file))
        problems.extend(check_duplicate_ids(page, anchors[file.src_uri]))
    problems.extend(check_nav(project.config["nav"], files, project.config_file, pages))
    published = [file for file in checked if is_published(file)]
    for file in published:
        page = pages[file.src_uri]
        if page.title is None and page.readable:
            page.title = file_title(file)
    problems.extend(check_duplicate_titles([pages[f.src_uri] for f in published]))

    notes.extend(rendered.notes)
    if only:
        wanted = [os.path.abspath(path) for path in only]
        problems = [p for p in problems if _within(os.path.abspath(p.path), wanted)]
    return Result(sorted(set(problems)), len(checked), notes, rendered.rendered, rendered.seconds)


def file_title(file: File) -> str:
    """The title MkDocs gives a page with no title in its front matter and no H1 first (Page.title)."""
    if file.src_uri in ("index.md", "README.md"):
        return "Home"
    return dirname_to_title(file.name)  # MkDocs' own function: Page.title does the same to the file name


def _is_source(file: File, project: Project) -> bool:
    """Pages written by editors: in the docs directory, not generated by a plugin."""
    return file.generated_by is None and file.abs_src_path is not None and \
        Path(file.abs_src_path).is_relative_to(project.docs_dir)


def _within(path: str, wanted: list[str]) -> bool:
    return any(path == w or path.startswith(w.rstrip(os.sep) + os.sep) for w in wanted)
