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
from typing import Any, NamedTuple

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


class Entry(NamedTuple):
    """Where the facts of a page that must be read go, and the page's signature when its bytes were keyed."""
    path: str
    signature: tuple[int, ...]

    def pickled(self, abs_path: str, facts: Any) -> bytes | None:
        """What the entry is to hold: `facts`, read from `abs_path`, pickled where they were read (a worker process,
        say, which then sends fewer of them back); None if the file changed while it was read (its facts are not
        those of the bytes in the key) or they cannot be pickled."""
        if _signature(abs_path) != self.signature:
            return None
        try:
            return pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - an unpicklable value: no caching
            return None


class PageCache:
    """Pages answered from the cache when they and the settings are unchanged; the others read, then kept."""

    def __init__(self, directory: Path, settings: str, kind: type) -> None:
        self.directory = directory
        self.settings = settings
        self.kind = kind  # what reading a page gives: the only thing an entry may hold

    def read(self, items: list[Item],
             read_pages: Callable[[list[tuple[Item, Entry | None]]], Iterable[tuple[Any, bytes | None]]]
             ) -> Iterator[Any]:
        """What reading each of `items` gives, in order, one at a time (nothing holds them all at once).

        `read_pages` reads those the cache does not hold, in their order (in parallel, say), each with what its
        entry is to hold (`Entry.pickled`, where an entry is given), while the others are loaded here; then
        entries unused for long are pruned (at most once a day).

        The entries are written here, by one process: worker processes writing them made a cold run of 1,000
        pages slower for the same CPU time (bench_validate.py, on ext4 without a journal, where making a file right
        after many were deleted costs a millisecond or two of kernel time).
        """
        keyed: list[tuple[Entry | None, bool]] = []
        missing: list[tuple[Item, Entry | None]] = []
        for item in items:
            signature, data = _page_bytes(item[0])
            # Includes bring other files' text in: such pages are read every time.
            entry = None if signature is None or data is None or b"8<-" in data else \
                Entry(self._entry(*item, data), signature)
            held = entry is not None and os.path.isfile(entry.path)
            keyed.append((entry, held))
            if not held:
                missing.append((item, entry))
        if not self._writable(missing):
            missing = [(item, None) for item, _ in missing]
        fresh = iter(read_pages(missing))
        for item, (entry, held) in zip(items, keyed, strict=True):
            found = self._load(entry.path) if held and entry is not None else None
            if found is not None:
                yield found
                continue
            # Not held, or held but unusable (deleted, truncated, from another Python) since: read it now.
            found, data = next(fresh) if not held else next(iter(read_pages([(item, entry)])))
            if entry is not None and data is not None:
                _store(entry.path, data)
            yield found
        self.prune()

    def _writable(self, missing: list[tuple[Item, Entry | None]]) -> bool:
        """Whether the cache's directory is there (made now if not) for the entries of `missing`."""
        if not any(entry for _, entry in missing):
            return True
        try:
            _prepare(self.directory)
        except OSError:  # a read-only project, say: no caching
            return False
        return True

    def _entry(self, abs_path: str, src_uri: str, path: str, data: bytes) -> str:
        key = hashlib.sha256("\0".join((self.settings, abs_path, src_uri, path)).encode() + b"\0" + data).hexdigest()
        return os.path.join(self.directory, key[:2], key[2:])

    def _load(self, entry: str) -> Any:
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


_written = itertools.count()


def _store(entry: str, data: bytes) -> None:
    try:
        # A name no other process uses (its pid), written whole, then renamed: whole or not at all, whoever
        # reads beside it. Leftovers of an interrupted run are pruned after a day.
        temporary = os.path.join(os.path.dirname(entry), f"tmp-{os.getpid()}-{next(_written)}")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileNotFoundError:  # the entry's folder is made when first needed (no check per entry)
            os.makedirs(os.path.dirname(entry), exist_ok=True)
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with open(descriptor, "wb") as stream:
                stream.write(data)
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:  # a read-only project, a full disk: no caching
        pass


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


__all__ = ["CACHE_DIR", "Entry", "Item", "PageCache", "page_cache"]
