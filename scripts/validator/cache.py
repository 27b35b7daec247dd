"""A cache of per-page facts, so that unchanged pages are not read again (as ruff, mypy and pytest keep theirs).

It lives in `.cache/validate/` beside mkdocs.yml: ignored by git (its own
`.gitignore`, as pytest writes one), tagged with CACHEDIR.TAG so that backups
skip it, and safe to delete at any time. Its entries are rows of one SQLite
database, `facts.sqlite` (as mypy's `--sqlite-cache`: one file, not one file
per page, whose creation costs a cold run more than reading the page). An
entry is the pickled facts that reading a page gives (check.PageFacts: what
the site-wide checks need of it), filed under a hash of everything that reading
depends on: the page's bytes, its path (as given and as printed, and the
current directory that printing depends on), the validator's own source, the
Markdown extensions and their settings, the names file, the front-matter schema,
the auto_append files, and the versions of Python and of the libraries that read
pages. Nothing else can change the facts, so an entry is never stale; where a
key cannot be made with certainty (a page that includes other files, a setting
that is an object with no stable name), the page is simply read every time.

A run looks its pages' keys up a batch at a time and loads the entries as it
needs them (never the whole table), and writes the pages it read in a few
transactions (one per two megabytes of entries, about 700 pages), the last
with the used entries' times. Two runs at once (an editor's validate.py while
`mkdocs serve` rebuilds) each read beside the other's writing (WAL); one that
waits for the other's transaction longer than BUSY_SECONDS keeps nothing this
run, and still reports every page.

Pruning keeps it bounded: an entry's time is set to now when a run uses it
(if it is over a day old: no write per entry per run), and, at most once a
day, entries no run has used for 30 days are deleted. So switching between
branches, or back to last week's version of a page, reads nothing again,
while the entries of pages and settings long gone do not pile up: the cache
holds at most what the last 30 days of runs used. The one file per entry that
earlier versions wrote (two-hex-digit folders, `pruned`) is removed at the
first pruning.

Only data this module wrote is loaded: a database it made (its application_id
and layout version in the header; any other file in its place is deleted and
made afresh), in a directory beside mkdocs.yml that only whoever can already
change the project (and so run code through its hooks) can write. Unpickling
is limited to the validator's own classes besides, and a loaded value must be
what reading a page gives. A database or an entry that cannot be used
(deleted, truncated, garbage, from another Python) is read again and
rewritten, never a traceback.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import inspect
import io
import json
import os
import pickle
import shutil
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .document import MAX_PAGE_BYTES

CACHE_DIR = Path(".cache") / "validate"  # relative to mkdocs.yml's directory
# The libraries whose behaviour the facts depend on.
LIBRARIES = ("markdown", "markdown-it-py", "mdit-py-plugins", "mkdocs", "pymdown-extensions", "PyYAML", "jsonschema-rs")
DAY = 24 * 60 * 60
# An entry no run has used for this long is deleted: a branch not checked out for a month is read afresh.
UNUSED_DAYS = 30
PRUNE_EVERY_SECONDS = DAY  # pruning lists every entry: once a day is enough
TOUCH_AFTER_SECONDS = DAY  # a used entry's time is set to now if older: no write per entry per run
DATABASE = "facts.sqlite"  # in CACHE_DIR
BATCH = 250  # keys looked up, entries loaded, per query
WRITE_BYTES = 2 * 1024 * 1024  # new entries written a transaction per this many bytes: memory stays bounded
BUSY_SECONDS = 5.0  # how long a run waits for another run's transaction before it gives up writing
APPLICATION_ID = 0x76616C64  # "vald": PRAGMA application_id, so that only this module's database is read
SCHEMA_VERSION = 1  # PRAGMA user_version: a database of another layout is made afresh
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26  # the errors of a damaged database, or of a file that is none
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


class _Unusable(Exception):
    """The database is not one this module wrote (garbage, truncated, another version): it is deleted."""


class _FactsUnpickler(pickle.Unpickler):
    """Loads only what the validator's own classes are made of: a blob naming any other global is refused."""

    def __init__(self, data: bytes, package: str) -> None:
        super().__init__(io.BytesIO(data))
        self.package = package

    def find_class(self, module: str, name: str) -> Any:
        if module != self.package and not module.startswith(self.package + "."):
            raise pickle.UnpicklingError(f"{module}.{name}")
        return super().find_class(module, name)


class PageCache:
    """Pages answered from the cache when they and the settings are unchanged; the others read, then kept."""

    def __init__(self, directory: Path, settings: str, kind: type) -> None:
        self.directory = directory
        self.database = directory / DATABASE
        self.settings = settings
        self.kind = kind  # what reading a page gives: the only thing an entry may hold
        self._connection: sqlite3.Connection | None = None
        self._pending: list[tuple[str, bytes]] = []  # entries not written yet
        self._pending_bytes = 0
        self._touched: list[str] = []  # entries used this run whose time is over a day old
        self._writable = True  # False once the database stayed locked, or cannot be written: no more writes this run

    def read(self, items: list[Item], read_pages: Callable[[list[Item]], Iterable[Any]]) -> Iterator[Any]:
        """What reading each of `items` gives, in order, one at a time (nothing holds them all at once).

        `read_pages` reads those the cache does not hold, in their order (in parallel, say), while the
        others are loaded here, a batch at a time; the new entries are written a transaction per two
        megabytes, the last with the used entries' times; then, at most once a day, entries unused for long
        are pruned.
        """
        try:
            yield from self._read(items, read_pages)
            self._flush(final=True)
        finally:
            self._close()

    def _read(self, items: list[Item], read_pages: Callable[[list[Item]], Iterable[Any]]) -> Iterator[Any]:
        keys: list[str | None] = []
        signatures: list[tuple[int, ...] | None] = []
        for item in items:
            signature, data = _page_bytes(item[0])
            # Includes bring other files' text in: such pages are read every time.
            keys.append(None if data is None or b"8<-" in data else self._key(*item, data))
            signatures.append(signature)
        held = self._held([key for key in keys if key is not None])
        fresh = iter(read_pages([item for item, key in zip(items, keys, strict=True) if key not in held]))
        loaded: dict[str, bytes] = {}
        for position, (item, key, signature) in enumerate(zip(items, keys, signatures, strict=True)):
            found = None
            if key is not None and key in held:
                if key not in loaded:  # the next batch of held entries, in the order they are needed
                    loaded = self._blobs([k for k in keys[position:position + BATCH] if k is not None and k in held])
                found = self._load(loaded.pop(key, None), held[key], key)
                if found is None:
                    # Held but unusable (deleted, corrupt, from another Python) since: read it now.
                    found = next(iter(read_pages([item])))
                    held.pop(key)
            else:
                found = next(fresh)
            # Kept only if the file did not change while it was read: its facts are those of the bytes in the key.
            if key is not None and key not in held and signature is not None and _signature(item[0]) == signature:
                self._keep(key, found)
            yield found

    def _key(self, abs_path: str, src_uri: str, path: str, data: bytes) -> str:
        return hashlib.sha256("\0".join((self.settings, abs_path, src_uri, path)).encode() + b"\0" + data).hexdigest()

    def _held(self, keys: list[str]) -> dict[str, int]:
        """The time each of `keys` the cache holds was last used; nothing if there is no usable database."""
        held: dict[str, int] = {}
        if not keys or not self.database.is_file():
            return held
        try:
            connection = self._connect()
            for start in range(0, len(keys), BATCH):
                batch = keys[start:start + BATCH]
                held.update(connection.execute(
                    f"SELECT key, used FROM facts WHERE key IN ({','.join('?' * len(batch))})", batch).fetchall())
        except (sqlite3.Error, _Unusable) as error:
            self._failed(error)
            return {}
        return held

    def _blobs(self, keys: list[str]) -> dict[str, bytes]:
        """The entries filed under `keys`: one query for the batch, never the whole table."""
        if self._connection is None or not keys:
            return {}
        try:
            return dict(self._connection.execute(
                f"SELECT key, facts FROM facts WHERE key IN ({','.join('?' * len(keys))})", keys).fetchall())
        except sqlite3.Error as error:
            self._failed(error)
            return {}

    def _load(self, data: bytes | None, used: int, key: str) -> Any:
        if data is None:
            return None
        try:
            found = _FactsUnpickler(data, self.kind.__module__.partition(".")[0]).load()
        except Exception:  # noqa: BLE001 - truncated, corrupt, not the validator's: read the page again
            return None
        if not isinstance(found, self.kind):
            return None
        if time.time() - used > TOUCH_AFTER_SECONDS:
            self._touched.append(key)  # used: pruning keeps it
        return found

    def _keep(self, key: str, page: Any) -> None:
        if not self._writable:
            return
        try:
            data = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - an unpicklable value: not kept
            return
        self._pending.append((key, data))
        self._pending_bytes += len(data)
        if self._pending_bytes >= WRITE_BYTES:  # a transaction per few megabytes: memory stays bounded
            self._flush(final=False)

    def _flush(self, *, final: bool) -> None:
        """Write the pending entries in one transaction; in the last, set the used entries' times and prune."""
        pending, touched = self._pending, self._touched if final else []
        self._pending, self._pending_bytes = [], 0
        if final:
            self._touched = []
        if not self._writable or not (pending or touched or (final and self._prune_due())):
            return
        now = int(time.time())
        try:
            connection = self._connect(create=True)
            connection.execute("BEGIN IMMEDIATE")  # waits up to BUSY_SECONDS for another run's transaction
            try:
                connection.executemany("INSERT OR REPLACE INTO facts (key, facts, used) VALUES (?, ?, ?)",
                                       ((key, data, now) for key, data in pending))
                connection.executemany("UPDATE facts SET used = ? WHERE key = ?", ((now, key) for key in touched))
                pruned = final and self._prune(connection, now)
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        except (sqlite3.Error, _Unusable, OSError) as error:
            # Locked beyond the timeout, a read-only project, a full disk: these facts are simply not kept.
            self._failed(error)
            self._writable = False
            return
        if pruned:
            _remove_old_entries(self.directory)

    def _prune_due(self) -> bool:
        if self._connection is None and not self.database.is_file():
            return False
        try:
            last = self._connect().execute("SELECT value FROM meta WHERE name = 'pruned'").fetchone()
        except (sqlite3.Error, _Unusable) as error:
            self._failed(error)
            return False
        return last is None or time.time() - last[0] >= PRUNE_EVERY_SECONDS

    @staticmethod
    def _prune(connection: sqlite3.Connection, now: int) -> bool:
        """Within the run's last transaction: delete the entries no run has used for UNUSED_DAYS days, if the
        last pruning is a day old. Whether it pruned."""
        last = connection.execute("SELECT value FROM meta WHERE name = 'pruned'").fetchone()
        if last is not None and now - last[0] < PRUNE_EVERY_SECONDS:
            return False
        connection.execute("DELETE FROM facts WHERE used < ?", (now - UNUSED_DAYS * DAY,))
        connection.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('pruned', ?)", (now,))
        return True

    def _connect(self, *, create: bool = False) -> sqlite3.Connection:
        """The database, opened once a run; made (with the directory) if `create`. _Unusable if it is not ours."""
        if self._connection is not None:
            return self._connection
        if create:
            _prepare(self.directory)
        elif not self.database.is_file():
            raise _Unusable("absent")
        # Autocommit: each query a short read, each write an explicit transaction.
        connection = sqlite3.connect(self.database, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            _set_up(connection)
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        return connection

    def _failed(self, error: BaseException) -> None:
        """After an error: a database that is not ours, or damaged, is deleted (the next write makes it
        afresh); one that is locked, read-only or on a full disk is left as it is."""
        self._close()
        damaged = isinstance(error, _Unusable) or (
            isinstance(error, sqlite3.DatabaseError)
            and getattr(error, "sqlite_errorcode", 0) & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB))
        if damaged:
            for suffix in ("", "-wal", "-shm", "-journal"):
                try:
                    os.unlink(f"{self.database}{suffix}")
                except OSError:
                    pass

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _set_up(connection: sqlite3.Connection) -> None:
    """Check that the database is one this module wrote, in this layout; make the tables in an empty one."""
    application_id, version = (connection.execute(f"PRAGMA {name}").fetchone()[0]
                               for name in ("application_id", "user_version"))
    if (application_id, version) == (APPLICATION_ID, SCHEMA_VERSION):
        return
    if (application_id, version) != (0, 0) or connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise _Unusable("not this module's database")
    # WAL: a run reading beside another one's writing neither waits nor fails; NORMAL: a crash may lose the
    # last transaction, never corrupt it (a cache needs no more).
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, facts BLOB NOT NULL,"
                           " used INTEGER NOT NULL)")
        connection.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value)")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def _remove_old_entries(directory: Path) -> None:
    """The one file per entry that versions before the database wrote (folders named by two hex digits, and the
    `pruned` file): removed at the first pruning, once."""
    try:
        found = list(os.scandir(directory))
    except OSError:
        return
    for entry in found:
        if entry.is_dir(follow_symlinks=False) and len(entry.name) == 2 and all(c in "0123456789abcdef" for c in entry.name):
            shutil.rmtree(entry.path, ignore_errors=True)
        elif entry.name == "pruned" and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except OSError:
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


__all__ = ["CACHE_DIR", "PageCache", "page_cache"]
