"""The validator's cache of page facts (scripts/validator/cache.py): same output warm as cold, never stale, never in the way."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
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


def entries(project: Path) -> list[Path]:
    cache = project / ".cache" / "validate"
    return [path for path in cache.rglob("*") if path.is_file() and path.parent != cache]


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


def test_a_corrupt_cache_entry_is_read_again_without_a_traceback(tmp_path: Path) -> None:
    project = tmp_path / "broken"
    shutil.copytree(BROKEN, project, ignore=shutil.ignore_patterns(".cache"))
    cold = run(project)
    damaged = entries(project)
    damaged[0].write_bytes(b"\x80\x05garbage")  # a pickle cut short
    damaged[1].write_bytes(pickle.dumps({"not": "a page"}))
    damaged[2].write_bytes(b"")
    damaged[3].chmod(0)
    assert run(project) == cold
    damaged[3].chmod(0o644)
    assert run(project) == cold


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
    ignored = subprocess.run(["git", "check-ignore", "--no-index", ".cache/validate/00/entry",
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
    cache = project / ".cache" / "validate"
    first = set(entries(project))
    assert len(first) == 2 and (cache / "pruned").is_file()
    # Another version of other.md (another branch, say): a third entry beside the first two.
    (project / "docs" / "other.md").write_text(page("Other text, edited.", "Other"), encoding="utf-8")
    assert run(project)[2] == 0
    edited = set(entries(project)) - first
    assert len(edited) == 1
    month_ago = time.time() - 31 * 24 * 3600
    for entry in entries(project):
        os.utime(entry, (month_ago, month_ago))
    leftover = cache / next(iter(edited)).parent.name / "tmp-interrupted"
    leftover.write_bytes(b"")
    os.utime(leftover, (month_ago, month_ago))
    # Pruned at most once a day: the entries stay while the last pruning is recent.
    assert run(project)[2] == 0 and set(entries(project)) == first | edited | {leftover}
    # A day later: the run uses index.md's and the edited other.md's entries (their time is set to now),
    # and prunes the original other.md's entry and the leftover, which no run used for 30 days.
    os.utime(cache / "pruned", (month_ago, month_ago))
    assert run(project)[2] == 0
    kept = set(entries(project))
    assert len(kept) == 2 and edited <= kept and leftover not in kept and kept - edited <= first
    assert all(time.time() - entry.stat().st_mtime < 3600 for entry in kept)
    assert time.time() - (cache / "pruned").stat().st_mtime < 3600
    # The pruned version is simply read again when it comes back, with the same output.
    (project / "docs" / "other.md").write_text(page("Other text.", "Other"), encoding="utf-8")
    assert run(project) == ("", "no problems in 2 pages\n", 0) and len(entries(project)) == 3


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
