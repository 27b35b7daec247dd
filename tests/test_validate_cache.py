"""The validator's cache of page facts (scripts/validator/cache.py): same output warm as cold, never stale, never in the way."""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, build_site
from validator_project import CONFIG, NAMES, make_project, page, validate_cli

BROKEN = ROOT / "tests" / "fixtures" / "validator" / "broken"
HOOK = ROOT / "scripts" / "hooks" / "validate.py"
SNIPPETS_CONFIG = CONFIG + """\
  - pymdownx.snippets:
      base_path: [snippets]
      auto_append: [links.md]
"""


def run(project: Path, *args: str) -> tuple[str, str, int]:
    result = validate_cli(*args, cwd=project)
    return result.stdout, result.stderr, result.returncode


def database(project: Path) -> Path:
    return project / ".cache" / "validate" / "facts.sqlite"


def sql(project: Path, statement: str, *parameters: object) -> list[tuple]:
    """Run one statement on the project's cache database, committed."""
    with contextlib.closing(sqlite3.connect(database(project))) as connection, connection:
        return connection.execute(statement, parameters).fetchall()


def entries(project: Path) -> dict[str, int]:
    """The cache's entries: each key with the time a run last used it."""
    return dict(sql(project, "SELECT key, used FROM facts")) if database(project).is_file() else {}


def in_process(project: Path) -> list:
    """The problems of a run in this process, from the project's directory, with the cache."""
    from validator import check, load_project

    with contextlib.chdir(project):
        return check.run(load_project("mkdocs.yml"), cache=True).problems


def pages_read(monkeypatch) -> list:
    """A list that grows by one for each page a run reads (rather than loads from the cache)."""
    from validator import check

    read = []
    real = check._read_pages
    monkeypatch.setattr(check, "_read_pages", lambda reader, todo, jobs: (read.extend(todo), real(reader, todo, jobs))[1])
    return read


def test_a_warm_run_prints_exactly_what_the_cold_run_printed(tmp_path: Path) -> None:
    project = tmp_path / "broken"
    shutil.copytree(BROKEN, project, ignore=shutil.ignore_patterns(".cache"))
    cold = run(project)
    assert cold[0] == (BROKEN / "expected.txt").read_text(encoding="utf-8") and cold[2] == 1
    assert entries(project)  # the pages' facts are kept
    assert run(project) == cold
    assert run(project, "--format", "json") == (
        (BROKEN / "expected.json").read_text(encoding="utf-8"), cold[1], 1)


def test_a_changed_page_is_read_again(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"index.md": page("Read [the other page](other.md).", "Home"),
                                            "other.md": page("Nothing to see.", "Other")})
    assert run(project) == ("", "no problems in 2 pages\n", 0)
    (project / "docs" / "other.md").write_text(page("See [the map](map.md).", "Other"), encoding="utf-8")
    stdout, _, status = run(project)
    assert stdout.startswith("docs/other.md:7:5: broken-link: 'map.md'") and status == 1
    (project / "docs" / "other.md").write_text(page("Nothing to see.", "Other"), encoding="utf-8")
    assert run(project) == ("", "no problems in 2 pages\n", 0)


def test_a_changed_include_or_auto_append_file_changes_the_output(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"index.md": page('--8<-- "part.md"', "Home"),
                                            "other.md": page("See [the site][site].", "Other")},
                           config=SNIPPETS_CONFIG)
    (project / "snippets").mkdir()
    (project / "snippets" / "part.md").write_text("## Part\n\nAll fine.\n", encoding="utf-8")
    (project / "snippets" / "links.md").write_text("[site]: index.md\n", encoding="utf-8")
    assert run(project) == ("", "no problems in 2 pages\n", 0)

    (project / "snippets" / "part.md").write_text("## Part\n\nSee [the map](map.md).\n", encoding="utf-8")
    stdout, _, status = run(project)
    assert "broken-link: 'map.md'" in stdout and status == 1
    (project / "snippets" / "part.md").write_text("## Part\n\nAll fine.\n", encoding="utf-8")
    assert run(project)[2] == 0

    (project / "snippets" / "links.md").write_text("[elsewhere]: index.md\n", encoding="utf-8")
    stdout, _, status = run(project)
    assert stdout.startswith("docs/other.md:7:5: undefined-reference: reference '[site]'") and status == 1


def test_a_changed_configuration_changes_the_output(tmp_path: Path) -> None:
    text = page("## Background {#background}\n\nSee [the background](#background).", "Home")
    project = make_project(tmp_path / "p", {"index.md": text})
    assert run(project) == ("", "no problems in 1 page\n", 0)
    # Without attr_list, `{#background}` is part of the heading's text, and the anchor is gone.
    config = project / "mkdocs.yml"
    config.write_text(CONFIG.replace("  - attr_list\n", ""), encoding="utf-8")
    stdout, _, status = run(project)
    assert "broken-anchor" in stdout and "'#background'" in stdout and status == 1
    config.write_text(CONFIG, encoding="utf-8")
    assert run(project) == ("", "no problems in 1 page\n", 0)


def test_a_changed_names_file_changes_the_output(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"index.md": page("Stremoúsov spoke.", "Home")}, names=NAMES)
    stdout, _, status = run(project)
    assert stdout == "docs/index.md:7:1: name-variant: 'Stremoúsov' is a variant spelling: write 'Kirill Stremousov'\n"
    assert status == 1
    names = project / "docs" / "data" / "names.yml"
    names.write_text(NAMES.replace("variants: [Kiril Stremoúsov, Stremoúsov]", "variants: [Kiril Stremoúsov]"),
                     encoding="utf-8")
    assert run(project) == ("", "no problems in 1 page\n", 0)


class _Planted:
    """A pickle that, if loaded, makes a directory: what a foreign pickle could do."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return os.mkdir, (str(self.path),)


def test_a_corrupt_or_foreign_cache_entry_is_read_again_without_a_traceback(tmp_path: Path) -> None:
    project = tmp_path / "broken"
    shutil.copytree(BROKEN, project, ignore=shutil.ignore_patterns(".cache"))
    cold = run(project)
    keys = sorted(entries(project))
    planted = tmp_path / "planted"
    for key, blob in zip(keys, [b"\x80\x05garbage", pickle.dumps({"not": "a page"}), b"", pickle.dumps(_Planted(planted))]):
        sql(project, "UPDATE facts SET facts = ? WHERE key = ?", blob, key)  # a pickle cut short, another value...
    assert run(project) == cold
    assert not planted.exists()  # only the validator's own classes are unpickled
    # Each was read again and rewritten: loaded from the cache the next time.
    assert sorted(entries(project)) == keys
    assert all(sql(project, "SELECT facts FROM facts WHERE key = ?", key)[0][0][:2] == b"\x80\x05" for key in keys)
    assert run(project) == cold


def test_a_truncated_garbage_or_foreign_database_is_made_afresh(tmp_path: Path, monkeypatch) -> None:
    project = make_project(tmp_path / "p", {"index.md": page("See [the map](map.md).", "Home"),
                                            "other.md": page("Nothing to see.", "Other")})
    cold = run(project)
    assert cold[2] == 1 and len(entries(project)) == 2
    whole = database(project).read_bytes()
    foreign = tmp_path / "foreign.sqlite"
    with contextlib.closing(sqlite3.connect(foreign)) as connection, connection:
        connection.execute("CREATE TABLE facts (key TEXT PRIMARY KEY, facts BLOB, used INTEGER)")
    for damaged in (whole[:len(whole) // 2], whole[:100], b"garbage " * 1000, foreign.read_bytes()):
        database(project).write_bytes(damaged)
        assert run(project) == cold  # no traceback, the same output
        assert len(entries(project)) == 2  # made afresh, with this run's entries
        read = pages_read(monkeypatch)
        in_process(project)
        assert read == []  # and used by the next run
        monkeypatch.undo()
    shutil.rmtree(project / ".cache")  # deleted at any time
    assert run(project) == cold and len(entries(project)) == 2


def test_a_database_locked_beyond_the_timeout_is_not_written_and_the_facts_still_reported(tmp_path: Path,
                                                                                           monkeypatch) -> None:
    from validator import cache

    project = make_project(tmp_path / "p", {"index.md": page("Home text.", "Home")})
    assert run(project)[2] == 0
    before = entries(project)
    (project / "docs" / "index.md").write_text(page("See [the map](map.md).", "Home"), encoding="utf-8")
    monkeypatch.setattr(cache, "BUSY_SECONDS", 0.2)
    with contextlib.closing(sqlite3.connect(database(project), isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another run's transaction
        started = time.monotonic()
        assert [problem.rule for problem in in_process(project)] == ["broken-link"]
        assert time.monotonic() - started < 5  # waited for the timeout, not forever
        other.execute("ROLLBACK")
    assert entries(project) == before  # nothing written
    assert [problem.rule for problem in in_process(project)] == ["broken-link"]
    assert len(entries(project)) == 2  # written once the database is free


def test_two_runs_at_once_neither_crash_nor_corrupt_the_cache(tmp_path: Path) -> None:
    pages = {f"page{number}.md": page(f"Text {number}, see [the next](page{number + 1}.md).", f"Page {number}")
             for number in range(300)}
    project = make_project(tmp_path / "p", pages)
    expected = "docs/page299.md:7:"
    command = [sys.executable, str(ROOT / "scripts" / "validate.py")]
    for _ in range(2):  # cold, then warm with every page edited
        runs = [subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(2)]
        outputs = [(process.communicate()[0], process.returncode) for process in runs]
        assert outputs[0] == outputs[1] and outputs[0][0].startswith(expected) and outputs[0][1] == 1
        assert sql(project, "PRAGMA integrity_check") == [("ok",)]
        for name in pages:
            path = project / "docs" / name
            path.write_text(path.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert len(entries(project)) == 600


def test_many_pages_are_looked_up_and_written_in_batches(tmp_path: Path, monkeypatch) -> None:
    from validator import cache

    monkeypatch.setattr(cache, "BATCH", 3)
    monkeypatch.setattr(cache, "WRITE_BYTES", 2000)  # a transaction per two or three entries
    pages = {f"page{number}.md": page(f"Text {number}.", f"Page {number}") for number in range(10)}
    pages["page4.md"] = page("See [the map](map.md).", "Page 4")
    project = make_project(tmp_path / "p", pages)
    read = pages_read(monkeypatch)
    cold = in_process(project)
    assert len(read) == 10 and len(entries(project)) == 10 and [p.rule for p in cold] == ["broken-link"]
    read.clear()
    assert in_process(project) == cold and read == []
    (project / "docs" / "page7.md").write_text(page("Edited.", "Page 7"), encoding="utf-8")
    assert in_process(project) == cold and [item[1] for item in read] == ["page7.md"]


def test_no_cache_writes_nothing_and_reads_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"index.md": page("See [the map](map.md).", "Home")})
    assert run(project, "--no-cache")[2] == 1
    assert not (project / ".cache").exists()
    assert run(project)[2] == 1 and entries(project)  # the cache now holds the broken page's facts
    (project / "docs" / "index.md").write_text(page("All fine.", "Home"), encoding="utf-8")
    assert run(project, "--no-cache") == ("", "no problems in 1 page\n", 0)


def test_the_cache_is_beside_mkdocs_yml_outside_docs_and_ignored_by_git(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"index.md": page("Text.", "Home")})
    docs_before = sorted(path.relative_to(project) for path in (project / "docs").rglob("*"))
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    assert run(project)[2] == 0
    assert sorted(path.relative_to(project) for path in (project / "docs").rglob("*")) == docs_before
    assert (project / ".cache" / "validate" / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    assert entries(project)
    untracked = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=project,
                               capture_output=True, text=True, check=True).stdout
    assert ".cache" not in untracked and "docs/index.md" in untracked
    # This repository ignores it too, wherever it is.
    ignored = subprocess.run(["git", "check-ignore", "--no-index", ".cache/validate/facts.sqlite",
                              "tests/fixtures/validator/broken/.cache/validate/CACHEDIR.TAG"],
                             cwd=ROOT, capture_output=True, text=True, check=False)
    assert ignored.returncode == 0 and len(ignored.stdout.splitlines()) == 2


def test_the_build_hook_reads_a_changed_page_again(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"index.md": page("Read [the other page](other.md).", "Home"),
                                            "other.md": page("Nothing to see.", "Other")})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"hooks:\n  - {HOOK}\n", encoding="utf-8")
    assert build_site(tmp_path / "site", config).returncode == 0
    assert entries(project)
    (project / "docs" / "other.md").write_text(page("See [the map](map.md).", "Other"), encoding="utf-8")
    build = build_site(tmp_path / "site", config)
    assert build.returncode == 1 and "broken-link: 'map.md'" in build.stdout


def test_entries_unused_for_30_days_are_pruned_used_ones_kept(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"index.md": page("Home text.", "Home"), "other.md": page("Other text.", "Other")})
    assert run(project)[2] == 0
    first = set(entries(project))
    assert len(first) == 2 and sql(project, "SELECT name FROM meta") == [("pruned",)]
    # Another version of other.md (another branch, say): a third entry beside the first two.
    (project / "docs" / "other.md").write_text(page("Other text, edited.", "Other"), encoding="utf-8")
    assert run(project)[2] == 0
    edited = set(entries(project)) - first
    assert len(edited) == 1
    month_ago = int(time.time()) - 31 * 24 * 3600
    sql(project, "UPDATE facts SET used = ?", month_ago)
    # Pruned at most once a day: the entries stay while the last pruning is recent.
    assert run(project)[2] == 0 and set(entries(project)) == first | edited
    # A day later: the run uses index.md's and the edited other.md's entries (their time is set to now),
    # and prunes the original other.md's entry, which no run used for 30 days.
    sql(project, "UPDATE meta SET value = ? WHERE name = 'pruned'", month_ago)
    assert run(project)[2] == 0
    kept = entries(project)
    assert len(kept) == 2 and edited <= set(kept) and set(kept) - edited <= first
    assert all(time.time() - used < 3600 for used in kept.values())
    assert time.time() - sql(project, "SELECT value FROM meta WHERE name = 'pruned'")[0][0] < 3600
    # The pruned version is simply read again when it comes back, with the same output.
    (project / "docs" / "other.md").write_text(page("Other text.", "Other"), encoding="utf-8")
    assert run(project) == ("", "no problems in 2 pages\n", 0) and len(entries(project)) == 3


def test_a_used_entry_s_time_is_written_at_most_once_a_day(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"index.md": page("Home text.", "Home")})
    assert run(project)[2] == 0
    hours_ago = int(time.time()) - 2 * 3600
    sql(project, "UPDATE facts SET used = ?", hours_ago)
    assert run(project)[2] == 0 and list(entries(project).values()) == [hours_ago]  # no write for a recent one
    sql(project, "UPDATE facts SET used = ?", hours_ago - 24 * 3600)
    assert run(project)[2] == 0 and time.time() - next(iter(entries(project).values())) < 3600


def test_the_files_of_the_one_file_per_entry_cache_are_removed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"index.md": page("Home text.", "Home")})
    cache = project / ".cache" / "validate"
    (cache / "0a").mkdir(parents=True)
    (cache / "0a" / ("b" * 62)).write_bytes(pickle.dumps({"an": "old entry"}))
    (cache / "pruned").write_bytes(b"")
    assert run(project)[2] == 0
    assert sorted(path.name for path in cache.iterdir()) == [".gitignore", "CACHEDIR.TAG", "facts.sqlite"]


def test_the_schema_is_loaded_only_when_a_page_must_be_read(tmp_path: Path, monkeypatch) -> None:
    """A run whose pages all come from the cache skips loading the schema (and importing its engine)."""
    import contextlib

    from validator import check, load_project

    loads = []
    real = check.load_schema
    monkeypatch.setattr(check, "load_schema", lambda *args: loads.append(args) or real(*args))
    project = make_project(tmp_path / "p", {"index.md": page("Read [the other page](other.md).", "Home"),
                                            "other.md": page("Nothing to see.", "Other")})

    def problems() -> list:
        with contextlib.chdir(project):
            return check.run(load_project("mkdocs.yml"), cache=True).problems

    assert problems() == [] and len(loads) == 1
    assert problems() == [] and len(loads) == 1  # every page from the cache
    (project / "docs" / "other.md").write_text(page("Nothing to see here.", "Other"), encoding="utf-8")
    assert problems() == [] and len(loads) == 2
    (project / "docs" / "other.md").write_text("---\ntitle: Other\n---\n\nNo date.\n", encoding="utf-8")
    assert {p.rule for p in problems()} == {"missing-field"} and len(loads) == 3  # checked against the schema
