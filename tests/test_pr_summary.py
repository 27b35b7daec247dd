"""scripts/pr_summary.py, the reviewer's summary of a pull request, on real changes to a real project."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project

GIT = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", "-c", "init.defaultBranch=main"]
PARAGRAPH = (
    "\nA paragraph added by the change, long enough to weigh something once the page is built: "
    "it repeats the report’s date, 8 November 2022, and names no source but an [old address](http://example.org/).\n"
)


def git(repo: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The project in a git repository of its own, on a branch `change` made from `main`."""
    repo = copy_project(tmp_path / "project")
    git(repo, "init", "--quiet")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "The site as on main")
    git(repo, "switch", "--quiet", "--create", "change")
    return repo


def commit_change(repo: Path, page: str, addition: str) -> None:
    path = repo / "docs" / page
    path.write_text(path.read_text(encoding="utf-8") + addition, encoding="utf-8")
    git(repo, "commit", "--quiet", "--all", "--message", f"Change {page}")


def summarise(repo: Path, base: str = "main") -> subprocess.CompletedProcess[str]:
    """scripts/pr_summary.py run as CI runs it, from the project's directory (a process of its own: it drives chromium)."""
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "pr_summary.py"), "--base", base],
                          cwd=repo, capture_output=True, text=True, check=False)


def test_a_changed_page_is_listed_with_its_problems_and_its_weight_against_main(repo: Path) -> None:
    base = git(repo, "rev-parse", "--short=7", "main").strip()
    commit_change(repo, "battle.md", PARAGRAPH)
    result = summarise(repo)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    pages_and_problems, build_and_weights = out.split("\n\n**Build:** ")
    build_line, weights = build_and_weights.split("\n\n", 1)
    assert pages_and_problems == (
        f"## Compared with `main` ({base})\n\n"
        "**Changed under `docs/`:**\n\n"
        "- `docs/battle.md` (changed)\n\n"
        "**Validator:** 0 errors, 1 warning in 1 file\n\n"
        "| Rule | Severity | Problems |\n"
        "|---|---|---|\n"
        "| `insecure-link` | warning | 1 |"
    )
    build = re.fullmatch(r"([\d.]+) s, strict · \*\*Offline zip:\*\* ([\d.]+) KB \(`main`: ([\d.]+) KB, \+([\d,]+) bytes, "
                         r"\+[\d.]+%\)", build_line)
    assert build, build_line
    assert float(build[1]) > 0 and float(build[2]) >= float(build[3]) > 100  # the offline zip is about 150 KB
    # Only the changed page is measured; its first view grew by (a compressed share of) the paragraph.
    rows = weights.strip().splitlines()[4:]
    assert len(rows) == 1, weights
    row = re.fullmatch(r"\| `battle\.html` \| ([\d.]+) KB \| ([\d.]+) KB \| \+([\d,]+) bytes, \+[\d.]+% \|", rows[0])
    assert row, rows[0]
    assert 0 < int(row[3].replace(",", "")) < len(PARAGRAPH)
    assert not (repo / "site").exists(), "the summary must not overwrite the checkout's build"


def test_a_change_the_validator_rejects_shows_its_errors_and_the_failed_build(repo: Path) -> None:
    line = len((repo / "docs" / "looting.md").read_text(encoding="utf-8").splitlines()) + 2
    commit_change(repo, "looting.md", "\nSee [the missing page](missing.md).\n")
    result = summarise(repo)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "- `docs/looting.md` (changed)\n" in out
    assert "**Validator:** 1 error, 0 warnings in 1 file\n\n| Rule | Severity | Problems |\n|---|---|---|\n" \
           "| `broken-link` | error | 1 |\n" in out
    build = re.search(r"\n\*\*Build:\*\* failed after [\d.]+ s:\n\n```text\n(.*)\n```\n$", out, re.S)
    assert build, out
    # What the build printed: here, the validator's error, which stops it.
    assert build[1].endswith(f"docs/looting.md:{line}:5: broken-link: 'missing.md' — there is no file missing.md in "
                             "the docs directory\n1 error, 0 warnings in 1 file"), build[1]


def test_an_unknown_base_is_an_error_not_a_traceback(repo: Path) -> None:
    result = summarise(repo, "no-such-branch")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("pr_summary.py: error: git merge-base no-such-branch HEAD failed: fatal:")
