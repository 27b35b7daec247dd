"""The project as MkDocs sees it: its configuration, and which files the build includes.

The configuration is loaded by MkDocs itself (`mkdocs.config.load_config`,
so `!!python/name:` and `!ENV` tags work) and passed through the plugins'
`on_config` event, as `mkdocs build` does: the `offline` plugin, for one,
turns `use_directory_urls` off there. Which files are excluded, drafts or
not in the nav is decided by MkDocs' own `set_exclusions`.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown.extensions.toc import slugify as default_slugify
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, set_exclusions

from .facts import BadSymlink
from .front_matter import SCHEMA_FILE
from .names import NAMES_FILE
from .snippets import Snippets
from .snippets import from_config as snippets_from_config


class SetupError(Exception):
    """The run cannot start (exit status 2): bad arguments or an unusable mkdocs.yml."""


@dataclass
class Project:
    config: MkDocsConfig
    config_file: Path
    docs_dir: Path
    slugify: Callable[[str, str], str]
    separator: str
    extensions: frozenset[str]

    @property
    def schema_file(self) -> Path:
        return self.config_file.parent / SCHEMA_FILE

    @property
    def names_file(self) -> Path:
        return self.docs_dir / NAMES_FILE

    @property
    def attr_list(self) -> bool:
        return "attr_list" in self.extensions

    @property
    def md_in_html(self) -> bool:
        return "md_in_html" in self.extensions or "pymdownx.extra" in self.extensions

    @property
    def footnotes(self) -> bool:
        return "footnotes" in self.extensions or "pymdownx.extra" in self.extensions

    @property
    def snippets(self) -> Snippets | None:
        return snippets_from_config(self.config, str(self.config_file))

    @property
    def strikethrough(self) -> bool:
        return "pymdownx.tilde" in self.extensions


def display_path(path: str | os.PathLike[str]) -> str:
    """`path` as printed in problems: relative to the current directory."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive, on Windows
        return str(path)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def mkdocs_messages() -> Iterator[_Collect]:
    """Collect MkDocs' own warnings and errors instead of letting them print.

    The logger's handlers are swapped, not joined: inside a build (the hook),
    the build's own handlers, its strict-mode warning counter among them,
    must not see what MkDocs says while the validator works.
    """
    logger = logging.getLogger("mkdocs")
    handler, handlers, propagate = _Collect(), logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [handler], False
    try:
        yield handler
    finally:
        logger.handlers, logger.propagate = handlers, propagate


def load_project(config_file: str) -> Project:
    """Load `config_file` as `mkdocs build` would; SetupError if that fails."""
    from mkdocs import exceptions
    from mkdocs.config import load_config

    path = Path(config_file)
    if not path.is_file():
        raise SetupError(f"{config_file}: no such file (give the MkDocs configuration with -f)")
    with mkdocs_messages() as messages:
        try:
            config = load_config(str(path))
            config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` starts its plugins
            config = config.plugins.on_config(config) or config
        except (exceptions.MkDocsException, exceptions.Abort) as error:
            details = "; ".join(messages.messages) or str(error)
            details += local_module_hint(details, path)
            raise SetupError(f"{config_file}: MkDocs cannot load it: {details}") from error
        except Exception as error:  # noqa: BLE001 - a broken plugin or YAML: still no traceback
            raise SetupError(f"{config_file}: MkDocs cannot load it: {type(error).__name__}: {error}") from error
    return project_from_config(config)


_MISSING_MODULE = re.compile(r"No module named '([\w.]+)'")


def local_module_hint(details: str, config_path: Path) -> str:
    """Advice when the module MkDocs cannot import is a folder or file of the project itself.

    `python -m mkdocs build` puts the current directory on sys.path and finds
    it there; `mkdocs build` (the console script) fails as the validator does,
    so the run still cannot start, but the fix is one variable away.
    """
    match = _MISSING_MODULE.search(details)
    if match is None:
        return ""
    top = match.group(1).split(".")[0]
    for folder in dict.fromkeys((Path.cwd(), config_path.resolve().parent)):
        if (folder / top).is_dir() or (folder / f"{top}.py").is_file():
            where = display_path(folder)
            return (f" ('{top}' is the project's own code, in {'the current directory' if where == '.' else where}: "
                    f"`python -m mkdocs build` run there finds it, `mkdocs build` and the validator only with "
                    f"PYTHONPATH={where}, as in `PYTHONPATH={where} python scripts/validate.py`)")
    return ""


def fresh_config(project: Project) -> Callable[[], MkDocsConfig]:
    """Loads the project's configuration again, as `mkdocs build` does (plugins' on_config run)."""
    def load() -> MkDocsConfig:
        from mkdocs.config import load_config

        with mkdocs_messages():
            config = load_config(str(project.config_file))
            config.plugins.on_startup(command="build", dirty=False)
            return config.plugins.on_config(config) or config
    return load


def project_from_config(config: MkDocsConfig) -> Project:
    """The project of a configuration MkDocs has already loaded (as the hook gets it)."""
    names = []
    for extension in config["markdown_extensions"]:
        name = extension if isinstance(extension, str) else type(extension).__module__
        names.append(name.removeprefix("markdown.extensions."))
    toc: dict[str, Any] = {}
    for extension in config["markdown_extensions"]:
        # MkDocs always loads 'toc'; listed again (as 'markdown.extensions.toc', say), the last one listed is the
        # one Python-Markdown keeps, with its settings.
        if extension in ("toc", "markdown.extensions.toc"):
            toc = (config["mdx_configs"] or {}).get(extension, {})
    return Project(
        config=config,
        config_file=Path(config.config_file_path or "mkdocs.yml").resolve(),
        docs_dir=Path(config["docs_dir"]).resolve(),
        slugify=toc.get("slugify", default_slugify),
        separator=toc.get("separator", "-"),
        extensions=frozenset(names),
    )


def discover_files(project: Project) -> tuple[Files, list[BadSymlink]]:
    """The docs directory's files as `mkdocs.structure.files.get_files` finds them, and the symlinks not followed.

    Unlike get_files, symlinks that leave the docs directory (or loop) are not
    followed, and come back as facts for the site rules: the build would
    publish files from elsewhere.
    """
    config, docs = project.config, project.docs_dir
    symlinks: list[BadSymlink] = []
    files: list[File] = []
    conflicting: list[tuple[File, File]] = []

    def outside(target: str) -> bool:
        return os.path.commonpath([target, str(docs)]) != str(docs)

    for source_dir, dirnames, filenames in os.walk(docs, followlinks=True):
        relative_dir = os.path.relpath(source_dir, docs)
        real_dir = os.path.realpath(source_dir)
        for name in sorted(dirnames):
            full = os.path.join(source_dir, name)
            if not os.path.islink(full):
                continue
            target = os.path.realpath(full)
            looping = real_dir == target or real_dir.startswith(target + os.sep)
            if outside(target) or looping:
                why = "loops" if looping and not outside(target) else "outside"
                symlinks.append(BadSymlink(display_path(full), why, display_path(target), directory=True))
                dirnames.remove(name)
        dirnames.sort()
        by_dest: dict[str, File] = {}
        for filename in sorted(filenames, key=lambda f: (os.path.splitext(f)[0] not in ("index", "README"), f)):
            full = os.path.join(source_dir, filename)
            if os.path.islink(full):
                target = os.path.realpath(full)
                if not os.path.exists(target):
                    symlinks.append(BadSymlink(display_path(full), "dangling", display_path(target)))
                    continue
                if outside(target):
                    symlinks.append(BadSymlink(display_path(full), "outside", display_path(target)))
                    continue
            file = File(os.path.join(relative_dir, filename), str(docs), config["site_dir"], config["use_directory_urls"])
            previous = by_dest.setdefault(file.dest_uri, file)
            if previous is not file:
                conflicting.append((previous, file))
            files.append(file)
    set_exclusions(files, config)
    # As get_files does: README.md gives way to index.md in the same directory.
    for first, second in conflicting:
        loser = first if second.inclusion.is_included() else second
        if loser in files:
            files.remove(loser)
    return Files(files), symlinks


def is_checked(file: File) -> bool:
    """Pages the validator reads: everything the build or `mkdocs serve` renders."""
    return file.is_documentation_page() and file.inclusion.is_in_serve()


def is_published(file: File) -> bool:
    return file.inclusion.is_included()
