"""Validator rules for files that cannot be pages: unreadable, binary, not UTF-8, empty, huge, escaping symlinks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from validator_project import make_project, page, problems


@pytest.mark.parametrize(("content", "expected"), [
    (b"---\ntitle: T\n\x00\x01binary", (3, 1, "unreadable-file", "the file is binary (it contains NUL bytes), not a Markdown page")),
    ("---\ntitle: T\ndescription: Caf\u00e9 in Latin-1\n".encode("latin-1"),
     (3, 17, "unreadable-file", "the page is not UTF-8 (byte 0xe9): save it as UTF-8")),
    (b"", (1, 1, "empty-page", "the page is empty: write its front matter and text, or delete it")),
    (b" \n\n\t\n", (1, 1, "empty-page", "the page is empty: write its front matter and text, or delete it")),
    (page("x" * 1_000_001, "Huge").encode(), (1, 1, "unreadable-file", "the page is over 1 MB: split it into several pages")),
])
def test_file_that_is_no_page_is_reported_at_its_start(tmp_path: Path, content: bytes, expected: tuple) -> None:
    project = make_project(tmp_path, {"index.md": page("# Home", "Home"), "bad.md": content})
    assert problems(project) == [("docs/bad.md", *expected)]


def test_utf8_with_byte_order_mark_is_read_as_mkdocs_reads_it(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": b"\xef\xbb\xbf" + page("# Home", "Home").encode()})
    assert problems(project) == []


def test_fifo_is_reported_instead_of_blocking(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": page("# Home", "Home")})
    os.mkfifo(project / "docs" / "pipe.md")
    assert problems(project) == [("docs/pipe.md", 1, 1, "unreadable-file", "not a regular file: replace it with a Markdown file")]


def test_symlinks_that_leave_the_docs_directory_or_loop(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(page("# Secret", "Secret"), encoding="utf-8")
    project = make_project(tmp_path / "project", {"index.md": page("![A map](alias.png)", "Home"), "map.png": b"\x89PNG"})
    docs = project / "docs"
    (docs / "secret.md").symlink_to(outside / "secret.md")
    (docs / "folder").symlink_to(outside)
    (docs / "loop").symlink_to(docs)
    (docs / "dangling.md").symlink_to(docs / "nowhere.md")
    (docs / "alias.png").symlink_to(docs / "map.png")  # inside the docs directory: fine
    assert problems(project) == [
        ("docs/dangling.md", 1, 1, "unreadable-file",
         f"this symlink points to docs/nowhere.md, which does not exist: fix it or delete it"),
        ("docs/folder", 1, 1, "escaping-symlink",
         f"this symlink points outside the docs directory, to ../outside: copy what it should publish into the docs "
         "directory, or delete it"),
        ("docs/loop", 1, 1, "escaping-symlink",
         "this symlink loops back to a directory that contains it: copy what it should publish into the docs "
         "directory, or delete it"),
        ("docs/secret.md", 1, 1, "escaping-symlink",
         f"this symlink points outside the docs directory, to ../outside/secret.md: copy the file into the docs "
         "directory, or delete the symlink"),
    ]


def test_the_validator_never_writes_to_the_docs_directory(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": page("[broken](nowhere.md)\n\n<script>x</script>", "Home"),
                                      "sub/page.md": page("# Sub", "Sub")})

    def snapshot() -> dict[str, tuple[int, bytes]]:
        return {str(p): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(project.rglob("*")) if p.is_file()}

    before = snapshot()
    assert problems(project)
    assert snapshot() == before
