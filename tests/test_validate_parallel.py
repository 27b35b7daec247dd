"""The validator reads large sites in several processes (check.py): what it prints does not depend on that."""

from __future__ import annotations

from pathlib import Path

from validator.check import PARALLEL_MIN_PAGES
from validator_project import page, make_project, validate_cli


def linking_page(number: int, total: int) -> str:
    """A page whose links need, to be checked, nothing but the files (a missing page, a directory, an image
    without alt text), its own ids (one there, one not), or another page's (one there, one not), the next page's
    especially: read by another process, after it."""
    following = f"page-{(number + 1) % total:03d}.md"
    return page(f"## Here\n\nSee [here](#here), [nowhere](#nowhere), [the next]({following}#here), "
                f"[its missing part]({following}#gone), [a missing page](missing-{number}.md), "
                f"[a directory](../docs/), [an absolute link](/{following}) and ![](map-{number}.png).\n",
                f"Page {number}")


def test_every_number_of_processes_prints_the_same_cold_and_warm(tmp_path: Path) -> None:
    total = PARALLEL_MIN_PAGES + 10
    project = make_project(tmp_path / "p", {f"page-{n:03d}.md": linking_page(n, total) for n in range(total)})
    one = validate_cli("--jobs", "1", "--no-cache", cwd=project)
    assert one.returncode == 1 and one.stderr.endswith(f"in {total} files\n")
    assert {line.split(": ")[1] for line in one.stdout.splitlines()} == {
        "broken-anchor", "broken-link", "missing-image", "image-alt", "absolute-link", "escapes-docs"}
    for jobs in ("2", "2"):  # cold (the cache written by the workers), then warm
        result = validate_cli("--jobs", jobs, cwd=project)
        assert (result.stdout, result.stderr, result.returncode) == (one.stdout, one.stderr, one.returncode)
