"""One validation run: read every page (the page rules judge it there), then the site rules judge the facts of the
whole site: each link as it arrives, then the nav and the titles."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.utils import dirname_to_title

from .blocks import BlockSyntax
from .cache import Item, page_cache
from .checks import PageReader
from .events import build_files, other_builds
from .facts import Link, Titled, Titles
from .front_matter import FrontMatterChecker, SchemaFileError, load_schema
from .links import LinkResolver
from .names import NameIndex, load_names
from .project import (Project, SetupError, discover_files, display_path, fresh_config, is_checked, is_published,
                      mkdocs_messages, project_from_config)
from .rendered import RenderedPages
from .rules import Problem
from .site_checks import judge, judge_link
from .structure import nav_facts

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


@dataclass(slots=True)
class PageFacts:
    """What the site-wide checks need of one page, and nothing else: made where the page is read (a worker
    process, say), sent back, and kept in the cache. Everything in it depends on the page alone (and on the
    settings in the cache's key), never on other pages."""
    src_uri: str
    path: str  # as printed
    readable: bool
    title: str | None
    title_position: tuple[int, int]
    problems: list[Problem]  # found in this page alone (the page rules), duplicate ids among them
    unconfirmed: list[Problem]  # findings the rendered page must confirm
    links: list[Link]  # those not checked yet: emptied as the run checks them
    ids: tuple[str, ...]  # the built page's ids, in document order (page_anchors)
    heading_ids: tuple[str, ...]


class FactsReader:
    """Reads a page into its `PageFacts`: the page's `Page` record lives only as long as this call."""

    def __init__(self, reader: PageReader) -> None:
        self.reader = reader

    def read(self, abs_path: str, src_uri: str, path: str) -> PageFacts:
        page = self.reader.read(abs_path, src_uri, path)
        anchors = page.anchors
        return PageFacts(page.src_uri, page.path, page.readable, page.title, page.title_position,
                         page.problems, page.unconfirmed, page.links,
                         tuple(anchor.id for anchor in anchors), tuple(anchor.id for anchor in anchors if anchor.heading))


class _NotYetRead(Exception):
    """A link leads into a page whose facts have not arrived yet: it is checked once every page has."""


class _Arriving(dict[str, PageFacts]):
    """The pages read so far, by src_uri; getting one still expected raises _NotYetRead (LinkResolver.ids)."""

    def __init__(self, expected: set[str]) -> None:
        super().__init__()
        self.expected = expected

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.expected and key not in self:
            raise _NotYetRead(key)
        return super().get(key, default)


_reader: FactsReader | None = None  # the reader that forked workers inherit


def _read(item: Item) -> PageFacts:
    assert _reader is not None
    return _reader.read(*item)


def _read_pages(reader: FactsReader, items: list[Item], jobs: int) -> Iterator[PageFacts]:
    """The facts of `items`, in order, each as soon as it is read: the caller keeps only what it needs."""
    global _reader
    if jobs <= 1 or len(items) < PARALLEL_MIN_PAGES or "fork" not in multiprocessing.get_all_start_methods():
        yield from (reader.read(*item) for item in items)
        return
    _reader = reader
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            _reader = None  # the workers have their copy
            yield from pool.imap(_read, items, chunksize=max(1, min(16, len(items) // (jobs * 8))))
    finally:
        _reader = None


def _build_files(project: Project) -> tuple[Files, list[Any]]:
    """The files of the build, gathered as `mkdocs build` gathers them (events.build_files), and the facts found
    on the way (symlinks not followed, a plugin that failed).

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
                      blocks=BlockSyntax(list(project.config["markdown_extensions"]), project.config["mdx_configs"]),
                      slugify=project.slugify, separator=project.separator)


def run(project: Project, only: Sequence[str] = (), jobs: int = 1, *, fresh: bool = False, cache: bool = False) -> Result:
    """Every problem of the project (of the files or directories in `only`, if given), sorted.

    With `cache`, pages unchanged since an earlier run are not read again (cache.py).

    With `fresh`, pages rendered to confirm findings use a configuration loaded
    afresh, so that the build that runs the validator keeps its plugins' state.

    The builds a plugin publishes after the main one (mkdocs-static-i18n's
    languages: events.other_builds) are checked too, each with its own files:
    a page two builds publish is checked in each, and a problem they share is
    reported once.
    """
    result = _run_build(project, *_build_files(project), only, jobs, fresh=fresh, cache=cache)
    failures: list[Any] = []
    for config in other_builds(project.config, fresh_config(project), project.config_file,
                               display_path(project.config_file), mkdocs_messages, failures):
        build = project_from_config(config)
        result = _merged(result, _run_build(build, *_build_files(build), only, jobs, fresh=fresh, cache=cache))
    failed = [p for p in judge(failures) if not only or _within(os.path.abspath(p.path), _wanted(only))]
    result.problems = sorted(set(result.problems) | set(failed))
    return result


def _merged(first: Result, second: Result) -> Result:
    """Two builds' results: pages counted as the builds render them (a page in two builds, twice)."""
    return Result(first.problems + second.problems, first.pages + second.pages,
                  list(dict.fromkeys(first.notes + second.notes)), first.rendered_pages + second.rendered_pages,
                  first.render_seconds + second.render_seconds)


def _run_build(project: Project, files: Files, gathered: list[Any], only: Sequence[str], jobs: int, *, fresh: bool,
               cache: bool) -> Result:
    """Every problem of one build of the project, whose files are `files`, and the facts found while gathering them
    (`gathered`); as `run`."""
    problems = judge(gathered)
    nav_titles = _nav_titles(files)
    for file in files:
        file.page = None  # the nav's pages, made by the events: not needed any more, and a site's worth of memory
    names, name_problems = load_names(project.names_file, display_path(project.names_file))
    problems.extend(name_problems)
    notes = []
    if not project.schema_file.is_file():
        notes.append(f"note: no {display_path(project.schema_file)}: front matter is not checked against a schema")
    front_matter = FrontMatterChecker(None)
    reader = FactsReader(page_reader(project, front_matter, names))

    def read_pages(todo: list[Item]) -> Iterator[PageFacts]:
        # The schema is loaded (and its engine imported) only when a page must be read:
        # the cached pages were checked against this very schema, whose bytes are part of their key.
        if todo and front_matter.schema is None:
            try:
                front_matter.use(load_schema(project.schema_file, display_path(project.schema_file)))
            except SchemaFileError as error:
                raise SetupError(str(error)) from error
        yield from _read_pages(reader, todo, jobs)

    checked = [file for file in files if is_checked(file) and _is_source(file, project)]
    items: list[Item] = [(str(file.abs_src_path), file.src_uri, display_path(str(file.abs_src_path))) for file in checked]
    kept = page_cache(project, PageFacts) if cache else None
    read = kept.read(items, read_pages) if kept else read_pages(items)

    # Each page's links are checked as its facts arrive, and dropped: only a link into another page's ids
    # waits for that page. So memory holds every page's ids and title, not every page's links.
    pages = _Arriving({file.src_uri for file in checked})
    ids: dict[str, tuple[str, ...]] = {}
    rendered = RenderedPages(project, files, lambda: {i for page in pages.values() for i in page.heading_ids},
                             load_config=fresh_config(project) if fresh else None)
    links = LinkResolver(project.docs_dir, files, pages, ids, rendered_has_id=rendered.has_id)
    waiting: list[tuple[PageFacts, File, Link]] = []
    for file, item, page in zip(checked, items, read, strict=True):
        page.src_uri, page.path = file.src_uri, item[2]  # the strings the run holds anyway, not copies
        pages[file.src_uri], ids[file.src_uri] = page, page.ids
        for link in page.links:
            try:
                problems.extend(judge_link(links.resolve(link, page.path, file)))
            except _NotYetRead:
                waiting.append((page, file, link))
        page.links = []
    pages.expected.clear()
    for page, file, link in waiting:
        problems.extend(judge_link(links.resolve(link, page.path, file)))
    for file in checked:  # after every page is in: confirming a reference may need the whole site's headings
        page = pages[file.src_uri]
        problems.extend(page.problems)
        problems.extend(rendered.confirmed(page.unconfirmed, file, page.path))
    problems.extend(judge(nav_facts(project.config["nav"], files, project.config_file, pages, links)))
    problems.extend(judge([_titles(checked, pages, nav_titles, display_path(project.config_file))]))

    notes.extend(rendered.notes)
    if only:
        wanted = _wanted(only)
        problems = [p for p in problems if _within(os.path.abspath(p.path), wanted)]
    return Result(sorted(set(problems)), len(checked), notes, rendered.rendered, rendered.seconds)


def _nav_titles(files: Files) -> dict[str, str]:
    """The titles the build's pages were given when made: by the nav (`- Agents: agents.md`) or a plugin's on_nav.

    Such a title is the page's title (mkdocs.structure.pages.Page.title: given, then the front matter's, the first
    H1, the file name's): MkDocs stores it on the Page itself, where the property would otherwise compute one.
    """
    return {file.src_uri: title for file in files
            if file.page is not None and isinstance(title := vars(file.page).get("title"), str)}


def _titles(checked: list[File], pages: dict[str, PageFacts], nav_titles: dict[str, str], config_file: str) -> Titles:
    """The title of each published page, as the build titles it."""
    titles = Titles([])
    for file in checked:
        if not is_published(file):
            continue
        page = pages[file.src_uri]
        if file.src_uri in nav_titles:
            titles.pages.append(Titled(page.path, page.src_uri, nav_titles[file.src_uri], (1, 1),
                                       f"the nav of {config_file}"))
        else:
            title = file_title(file) if page.title is None and page.readable else page.title
            titles.pages.append(Titled(page.path, page.src_uri, title, page.title_position))
    return titles


def file_title(file: File) -> str:
    """The title MkDocs gives a page with no title in its front matter and no H1 first (Page.title)."""
    if file.src_uri in ("index.md", "README.md"):
        return "Home"
    return dirname_to_title(file.name)  # MkDocs' own function: Page.title does the same to the file name


def _is_source(file: File, project: Project) -> bool:
    """Pages written by editors: in the docs directory, not generated by a plugin."""
    return file.generated_by is None and file.abs_src_path is not None and \
        Path(file.abs_src_path).is_relative_to(project.docs_dir)


def _wanted(only: Sequence[str]) -> list[str]:
    return [os.path.abspath(path) for path in only]


def _within(path: str, wanted: list[str]) -> bool:
    return any(path == w or path.startswith(w.rstrip(os.sep) + os.sep) for w in wanted)
