"""A cache of per-page facts, so that unchanged pages are not read again (as ruff, mypy and pytest keep theirs).

It lives in `.cache/validate/` beside mkdocs.yml: ignored by git (its own
`.gitignore`, as pytest writes one), tagged with CACHEDIR.TAG so that backups
skip it, and safe to delete at any time. An entry is the pickled facts that
reading a page gives (check.PageFacts: what the site-wide checks need of it),
filed under a hash of everything that reading
depends on: the page's bytes, its path (as given and as printed, and the
current directory that printing depends on), the validator's own source, the
Markdown extensions and their settings, the names file, the front-matter schema,
the auto_append files, and the versions of Python and of the libraries that read
pages. Nothing else can change the facts, so an entry is never stale; where a
key cannot be made with certainty (a page that includes other files, a setting
that is an object with no stable name), the page is simply read every time.

Pruning keeps it bounded: an entry's time is set to now when a run uses it
(if it is over a day old: no write per entry per run), and, at most once a
day, entries no run has used for 30 days are deleted. So switching between
branches, or back to last week's version of a page, reads nothing again,
while the entries of pages and settings long gone do not pile up: the cache
holds at most what the last 30 days of runs used.

Only files this module wrote are loaded, from a directory it made; an entry
that cannot be loaded (corrupt, truncated, from another Python) is read again
and rewritten, never a traceback.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import inspect
import itertools
import json
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .document import MAX_PAGE_BYTES

CACHE_DIR = Path(".cache") / "validate"  # relative to mkdocs.yml's directory
# The libraries whose behaviour the facts depend on.
LIBRARIES = ("markdown", "markdown-it-py", "mdit-py-plugins", "mkdocs", "pymdown-extensions", "PyYAML", "jsonschema")
DAY = 24 * 60 * 60
# An entry no run has used for this long is deleted: a branch not checked out for a month is read afresh.
UNUSED_DAYS = 30
PRUNE_EVERY_SECONDS = DAY  # pruning lists every entry: once a day is enough
TOUCH_AFTER_SECONDS = DAY  # a used entry's time is set to now if older: no write per entry per run
PRUNED = "pruned"  # its time: the last pruning
CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by scripts/validate.py.\n"
                "# For information about cache directory tags, see https://bford.info/cachedir/\n")


class Unkeyable(Exception):
    """A setting whose value cannot be written down stably: nothing is cached."""


def _stable(value: Any) -> Any:
    """`value` as JSON that is the same in every run for the same setting; Unkeyable if there is no such JSON."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_stable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _stable(item) for key, item in sorted(value.items(), key=lambda pair: str(pair[0]))}
    if callable(value) and getattr(value, "__module__", None) and getattr(value, "__qualname__", None) \
            and "<" not in value.__qualname__:  # a named function (say a slugify); not a lambda or a closure
        return f"{value.__module__}.{value.__qualname__}"
    raise Unkeyable(type(value).__name__)


def _extension(extension: Any) -> Any:
    """A Markdown extension as mkdocs.yml names it, or an instance (a hook adds one): its class, the class's
    source file and its settings. The reader sees an instance only through the `///` blocks it may register."""
    if isinstance(extension, str):
        return extension
    kind = type(extension)
    try:
        source = inspect.getsourcefile(kind)
        settings = extension.getConfigs()
    except (TypeError, AttributeError) as error:
        raise Unkeyable(kind.__name__) from error
    if source is None:
        raise Unkeyable(kind.__name__)
    return [f"{kind.__module__}.{kind.__qualname__}", _file_digest(Path(source)), _stable(settings)]


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "absent"
    except OSError as error:
        raise Unkeyable(str(error)) from error


def _versions() -> dict[str, str]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def settings_key(project: Any) -> str | None:
    """A hash of everything but the page that reading a page depends on; None if it cannot be made."""
    config = project.config
    try:
        snippets = project.snippets
        appended = snippets._appended() if snippets is not None else None  # what every page gets appended
        source = {path.name: _file_digest(path) for path in sorted(Path(__file__).parent.glob("*.py"))}
        settings = {
            "validator": source,
            "extensions": [_extension(extension) for extension in config["markdown_extensions"]],
            "mdx_configs": _stable(dict(config["mdx_configs"] or {})),
            "docs_dir": str(project.docs_dir),
            "config_file": str(project.config_file),
            "cwd": os.getcwd(),  # paths in problems are printed relative to it
            "names": _file_digest(project.names_file),
            "schema": _file_digest(project.schema_file),
            "auto_append": repr(appended),
            "versions": _versions(),
            "python": sys.version,  # its regular expressions, Unicode tables and HTML parser read pages too
        }
    except Exception:  # noqa: BLE001 - whatever cannot be written down is not cached
        return None
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


def cache_directory(project: Any) -> Path | None:
    """Where the cache goes, or None if that would be inside the docs or site directory (never write there)."""
    directory = project.config_file.parent / CACHE_DIR
    for inside in (project.docs_dir, Path(project.config["site_dir"]).resolve()):
        if directory.resolve().is_relative_to(inside):
            return None
    return directory


Item = tuple[str, str, str]  # PageReader.read's arguments: abs_path, src_uri, path


class PageCache:
    """Pages answered from the cache when they and the settings are unchanged; the others read, then kept."""

    def __init__(self, directory: Path, settings: str, kind: type) -> None:
        self.directory = directory
        self.settings = settings
        self.kind = kind  # what reading a page gives: the only thing an entry may hold
        self._folders: set[Path] = set()  # made (or found) this run
        self._written = itertools.count()

    def read(self, items: list[Item], read_pages: Callable[[list[Item]], Iterable[Any]]) -> Iterator[Any]:
        """What reading each of `items` gives, in order, one at a time (nothing holds them all at once).

        `read_pages` reads those the cache does not hold, in their order (in parallel, say), while the
        others are loaded here; then entries unused for long are pruned (at most once a day).
        """
        keyed: list[tuple[Path | None, tuple[int, ...] | None, bool]] = []
        missing: list[Item] = []
        for item in items:
            signature, data = _page_bytes(item[0])
            # Includes bring other files' text in: such pages are read every time.
            entry = None if data is None or b"8<-" in data else self._entry(*item, data)
            held = entry is not None and entry.is_file()
            keyed.append((entry, signature, held))
            if not held:
                missing.append(item)
        fresh = iter(read_pages(missing))
        for item, (entry, signature, held) in zip(items, keyed, strict=True):
            found = self._load(entry) if held and entry is not None else None
            if found is not None:
                yield found
                continue
            # Not held, or held but unusable (deleted, truncated, from another Python) since: read it now.
            found = next(fresh) if not held else next(iter(read_pages([item])))
            # Kept only if the file did not change while it was read: its facts are those of the bytes in the key.
            if entry is not None and signature is not None and _signature(item[0]) == signature:
                self._store(entry, found)
            yield found
        self.prune()

    def _entry(self, abs_path: str, src_uri: str, path: str, data: bytes) -> Path:
        key = hashlib.sha256("\0".join((self.settings, abs_path, src_uri, path)).encode() + b"\0" + data).hexdigest()
        return self.directory / key[:2] / key[2:]

    def _load(self, entry: Path) -> Any:
        try:
            with open(entry, "rb") as stream:
                found = pickle.load(stream)
                last_used = os.fstat(stream.fileno()).st_mtime
        except Exception:  # noqa: BLE001 - absent, truncated, corrupt: read the page again
            return None
        if not isinstance(found, self.kind):
            return None
        if time.time() - last_used > TOUCH_AFTER_SECONDS:
            try:
                os.utime(entry)  # used: pruning keeps it
            except OSError:
                pass
        return found

    def _store(self, entry: Path, page: Any) -> None:
        try:
            data = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
            if entry.parent not in self._folders:  # the directory and each folder checked once a run, not per entry
                _prepare(self.directory)
                entry.parent.mkdir(exist_ok=True)
                self._folders.add(entry.parent)
            # A name no other process uses (its pid), written whole, then renamed: whole or not at all, whoever
            # reads beside it. Leftovers of an interrupted run are pruned after a day.
            temporary = entry.parent / f"tmp-{os.getpid()}-{next(self._written)}"
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with open(descriptor, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, entry)
            except BaseException:
                os.unlink(temporary)
                raise
        except Exception:  # noqa: BLE001 - a read-only project, a full disk, an unpicklable value: no caching
            pass

    def prune(self, now: float | None = None) -> int:
        """Delete the entries no run has used for UNUSED_DAYS days (and leftovers of interrupted writes);
        at most once a day, as the PRUNED file's time says. How many files were deleted."""
        now = time.time() if now is None else now
        marker = self.directory / PRUNED
        try:
            if now - marker.stat().st_mtime < PRUNE_EVERY_SECONDS:
                return 0
        except FileNotFoundError:
            if not self.directory.is_dir():
                return 0
        except OSError:
            return 0
        deleted = 0
        try:
            marker.touch()
            for folder in os.scandir(self.directory):
                if not folder.is_dir(follow_symlinks=False) or len(folder.name) != 2:
                    continue
                for found in os.scandir(folder.path):
                    age = now - found.stat(follow_symlinks=False).st_mtime
                    if age > UNUSED_DAYS * DAY or (found.name.startswith("tmp-") and age > DAY):
                        os.unlink(found.path)
                        deleted += 1
        except OSError:  # another run pruning beside this one, a read-only cache: prune next time
            pass
        return deleted


def _signature(abs_path: str) -> tuple[int, ...] | None:
    """What changes whenever the file's content does (ctime cannot be set back); None for no regular file."""
    try:
        found = os.stat(abs_path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


def _page_bytes(abs_path: str) -> tuple[tuple[int, ...] | None, bytes | None]:
    """The page's signature and bytes, if it is a readable regular file of a size the reader reads."""
    signature = _signature(abs_path)
    if signature is None:
        return None, None
    try:
        with open(abs_path, "rb") as stream:
            data = stream.read(MAX_PAGE_BYTES + 1)
    except OSError:
        return None, None
    return (signature, data) if len(data) <= MAX_PAGE_BYTES else (None, None)


def _prepare(directory: Path) -> None:
    if (directory / "CACHEDIR.TAG").exists():
        return
    directory.mkdir(parents=True, exist_ok=True)
    (directory / ".gitignore").write_text("# Created by scripts/validate.py: safe to delete.\n*\n", encoding="utf-8")
    (directory / "CACHEDIR.TAG").write_text(CACHEDIR_TAG, encoding="utf-8")


def page_cache(project: Any, kind: type) -> PageCache | None:
    """The project's cache of what reading a page gives (`kind`), or None where no safe cache can be kept."""
    directory = cache_directory(project)
    settings = settings_key(project) if directory is not None else None
    if directory is None or settings is None:
        return None
    return PageCache(directory, settings, kind)


__all__ = ["CACHE_DIR", "PageCache", "page_cache"]
