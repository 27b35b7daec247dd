"""Summarise a change to the site for its reviewer, in Markdown.

    python scripts/pr_summary.py --base origin/main >> "$GITHUB_STEP_SUMMARY"

Compares the working tree (in CI, the pull request's checkout) with the
commit where it left --base (their merge base) and prints: the files changed
under the docs directory, the validator's errors and warnings by rule, the
strict build's time, the offline zip's size, and the first view of each
changed page (HTML+CSS+JS, gzip, as the published host serves it; measured as
scripts/bench_pages.py does) in both builds. Both are built into a temporary
directory: site/ and dist/ are left alone. Run it from the project's
directory, with the test tools and chromium installed (`make test` installs
them).

Exit status: 0 the summary was written (whatever it says), 2 it could not be
(not a git checkout, unknown --base).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs.structure.files import File
from playwright.sync_api import sync_playwright

import chromium
from bench_pages import first_view
from site_server import serve
from validator import Project, SetupError, load_project, run
from validator.project import display_path
from validator.report import summary

CONFIG_FILE = "mkdocs.yml"
CHANGE = {"A": "added", "M": "changed", "D": "deleted", "T": "changed"}  # git's status letters


@dataclass
class Build:
    site: Path
    seconds: float
    error: str  # when the build failed, the last lines it printed (INFO lines left out), else ""

    def zip_size(self) -> int | None:
        archives = sorted(self.site.glob("*-offline.zip"))
        return archives[0].stat().st_size if archives and not self.error else None


def git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


def build(project: Path, site: Path, commit: str) -> Build:
    """`mkdocs build --strict` of `project` into `site`, timed; dates from `commit`, as `make site` takes them."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": git("log", "-1", "--format=%ct", commit).strip()}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / CONFIG_FILE), "-d", str(site)],
        capture_output=True, text=True, env=env, check=False,
    )
    seconds = time.perf_counter() - start
    printed = [line for line in (result.stdout + result.stderr).splitlines() if line.strip() and not line.startswith("INFO")]
    error = "" if result.returncode == 0 else "\n".join(printed[-5:]) or "(no output)"
    return Build(site, seconds, error)


def weights(site: Path, pages: list[str]) -> dict[str, int]:
    """First-view bytes (HTML+CSS+JS, gzip) of each of `pages` that `site` has."""
    present = [page for page in pages if (site / page).is_file()]
    if not present:
        return {}
    with sync_playwright() as playwright, serve(site, compress=True) as root:
        browser = playwright.chromium.launch(executable_path=chromium.PATH, args=chromium.ARGS)
        try:
            return {page: first_view(browser, root + page).gzip for page in present}
        finally:
            browser.close()


def kilobytes(size: int | None) -> str:
    return "–" if size is None else f"{size / 1024:.1f} KB"


def difference(new: int | None, old: int | None) -> str:
    if new is None or old is None:
        return "new" if new is not None else "removed" if old is not None else "–"
    change = new - old
    return f"{change:+,} bytes" + (f", {change / old:+.1%}" if old else "")


def validator_section(project: Project) -> list[str]:
    result = run(project)
    by_rule = Counter((problem.rule, problem.severity) for problem in result.problems)
    lines = [f"**Validator:** {summary(result.problems, result.pages)}"]
    if by_rule:
        lines += ["", "| Rule | Severity | Problems |", "|---|---|---|"]
        lines += [f"| `{rule}` | {severity} | {count} |" for (rule, severity), count in sorted(by_rule.items())]
    return lines


def pr_summary(base: str) -> str:
    merge_base = git("merge-base", base, "HEAD").strip()
    project = load_project(CONFIG_FILE)
    docs_dir = display_path(project.docs_dir)
    changes = [line.split("\t") for line in git("diff", "--name-status", "--no-renames", merge_base, "--", docs_dir).splitlines()]
    # Each changed page's file in the built site, as MkDocs names it.
    pages = sorted({
        File(os.path.relpath(path, docs_dir), str(project.docs_dir), "", project.config.use_directory_urls).dest_uri
        for _, path in changes if path.endswith(".md")
    })
    lines = [f"## Compared with `{base}` ({merge_base[:7]})", ""]
    lines += [f"**Changed under `{docs_dir}/`:**" + ("" if changes else " nothing")]
    lines += ["", *(f"- `{path}` ({CHANGE.get(status[0], status)})" for status, path in changes)] if changes else []
    lines += ["", *validator_section(project), ""]
    with tempfile.TemporaryDirectory() as scratch:
        head = build(Path.cwd(), Path(scratch) / "head", "HEAD")
        if head.error:
            lines += [f"**Build:** failed after {head.seconds:.1f} s:", "", "```text", head.error, "```"]
            return "\n".join(lines) + "\n"
        # The base's files as committed, built by this checkout's tools.
        git("archive", "-o", str(Path(scratch) / "base.tar"), merge_base)
        shutil.unpack_archive(Path(scratch) / "base.tar", Path(scratch) / "base-tree")
        old = build(Path(scratch) / "base-tree", Path(scratch) / "base", merge_base)
        compared = f"`{base}`: {kilobytes(old.zip_size())}, {difference(head.zip_size(), old.zip_size())}"
        lines.append(f"**Build:** {head.seconds:.1f} s, strict · **Offline zip:** {kilobytes(head.zip_size())}"
                     f" ({f'the build of `{base}` failed' if old.error else compared})")
        if pages:
            new_weights, old_weights = weights(head.site, pages), weights(old.site, pages)
            lines += ["", "**First view of the changed pages** (HTML+CSS+JS, gzip, as served):", "",
                      f"| Page | This change | `{base}` | Difference |", "|---|---|---|---|"]
            lines += [f"| `{page}` | {kilobytes(new_weights.get(page))} | {kilobytes(old_weights.get(page))}"
                      f" | {difference(new_weights.get(page), old_weights.get(page))} |" for page in pages]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the branch the change goes into, e.g. origin/main")
    args = parser.parse_args(argv)
    try:
        text = pr_summary(args.base)
    except subprocess.CalledProcessError as error:
        print(f"pr_summary.py: error: {' '.join(error.cmd)} failed: {(error.stderr or '').strip()}", file=sys.stderr)
        return 2
    except SetupError as error:
        print(f"pr_summary.py: error: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
