"""Validator rules for the site's structure: nav against files, ids on a page, titles across pages."""

from __future__ import annotations

from pathlib import Path

from validator_project import CONFIG, make_project, page, problems


def test_nav_entries_and_pages_must_match(tmp_path: Path) -> None:
    config = CONFIG + "not_in_nav: |\n  unlisted.md\nexclude_docs: |\n  private.md\n"
    project = make_project(tmp_path, {
        "index.md": page("# Home", "Home"), "guide.md": page("# Guide", "Guide"), "orphan.md": page("# Orphan", "Orphan"),
        "unlisted.md": page("# Unlisted", "Unlisted"), "private.md": page("# Private", "Private"),
        "Case.md": page("# Case", "Case")},
        config=config, nav=["index.md", "Guide: guide.md", "gide.md", "case.md", "private.md", "/abs.md",
                            "https://example.org/", "Section: [unlisted.md]"])
    not_in_nav = ("the page is not in the nav of mkdocs.yml: add it under nav:, or list it under not_in_nav if readers "
                  "reach it only through links")
    assert problems(project) == [
        ("docs/Case.md", 1, 1, "not-in-nav", not_in_nav),
        ("docs/orphan.md", 1, 1, "not-in-nav", not_in_nav),
        ("mkdocs.yml", 17, 5, "nav-missing-file", "nav entry 'gide.md' — there is no such file in the docs directory "
                                                  "(did you mean 'guide.md'?)"),
        ("mkdocs.yml", 18, 5, "case-mismatch", "nav entry 'case.md' — the file is Case.md: write it with that letter case"),
        ("mkdocs.yml", 19, 5, "excluded-target", "nav entry 'private.md' — the file is excluded from the built site: "
                                                 "remove the entry, or publish the file"),
        ("mkdocs.yml", 20, 5, "absolute-link", "nav entry '/abs.md' is an absolute path: give the page's path relative "
                                               "to the docs directory"),
    ]


def test_without_nav_every_page_is_in_it(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": page("# Home", "Home"), "orphan.md": page("# Orphan", "Orphan")})
    assert problems(project) == []


def test_duplicate_ids_on_a_page(tmp_path: Path) -> None:
    body = (
        "## Same {#same}\n"
        "\n"
        "## Other {#same}\n"
        "\n"
        "## Battle\n"
        "\n"
        '<a id="battle"></a> and <span id="raw"></span> <span id="raw"></span>\n'
        "\n"
        "## Battle\n"
    )
    assert problems(make_project(tmp_path, {"index.md": page(body, "T")})) == [
        ("docs/index.md", 9, 11, "duplicate-id", "id 'same' is already used at line 7, column 10: links to '#same' "
                                                 "reach only the first; give this one another id"),
        ("docs/index.md", 13, 1, "duplicate-id", "id 'battle' is already used at line 11, column 4: links to '#battle' "
                                                 "reach only the first; give this one another id"),
        ("docs/index.md", 13, 48, "duplicate-id", "id 'raw' is already used at line 13, column 25: links to '#raw' "
                                                  "reach only the first; give this one another id"),
    ]


def test_repeated_headings_get_suffixes_not_errors(tmp_path: Path) -> None:
    body = "## Part\n\n## Part\n\n## Part\n\n[second](#part_1) and [third](#part_2)\n"
    assert problems(make_project(tmp_path, {"index.md": page(body, "T")})) == []


def test_two_pages_with_one_title(tmp_path: Path) -> None:
    project = make_project(tmp_path, {
        "index.md": page("# Home", "Kherson"), "a.md": page("# A", "Kherson"),
        "b.md": "---\ndescription: D\ndate: 2022-11-08\n---\n# kherson\n",
        "c.md": page("# C", "Something else")})
    assert problems(project) == [
        ("docs/a.md", 2, 8, "duplicate-title", "the title 'Kherson' is also the title of b.md, index.md: give each page "
                                               "a distinct title"),
        ("docs/b.md", 1, 1, "missing-field", "the front matter has no 'title': add 'title: ...' between the --- lines"),
        ("docs/b.md", 5, 3, "duplicate-title", "the title 'kherson' is also the title of a.md, index.md: give each page "
                                               "a distinct title"),
        ("docs/index.md", 2, 8, "duplicate-title", "the title 'Kherson' is also the title of a.md, b.md: give each page "
                                                   "a distinct title"),
    ]
