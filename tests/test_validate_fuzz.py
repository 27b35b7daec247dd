"""Whatever a page holds (random Markdown, YAML, bytes), the validator reports problems: no crash, exit 0 or 1."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validate import main
from validator_project import CONFIG, NAMES, make_project, page

# Every container the validator reads (admonitions, details, tabs, blocks) is enabled.
CONTAINERS = CONFIG.replace("  - attr_list\n", "  - admonition\n  - attr_list\n") + \
    "  - pymdownx.blocks.admonition\n  - pymdownx.caret\n  - pymdownx.details\n  - pymdownx.tabbed\n"

MARKDOWN_PIECES = [
    "[", "]", "(", ")", "![", "](", "#", "## ", "`", "``", "```", "~~~", "<", ">", "> ", "- ", "1. ", "    ", "\t",
    "*", "_", "**", "\\", "|", "|---|", "---", "===", "\n", "\n\n", " ", "{#x}", " {: #y .c }", "{ onclick=x }",
    "[^1]", "[^1]: ", "[ref]: x.md", "[x][ref]", "[y][]", "&amp;", "&#0;", "&#x110000;", "<a href='", "'>", "</a>",
    "<img src=x.png>", '<img alt="" src="', "<!--", "-->", "<!-- verbatim -->\n", "<script>", "<div>", "</div>",
    "http://", "javascript:", "data:", "mailto:", "x.md", "../x.md", "/abs", "#frag", "?q=1", "%20", "%",
    "!!! note\n", '??? "x"\n', "???+ tip\n", '=== "Tab"\n', "/// note | t\n", "///\n", "////\n", "^[x](#a)^",
    "#:~:text=", "\n    ",
    "Podalyak", "Stremoúsov", "Kiril ", "é", "\u0301", "\u202e", "\ufeff", "\r", "\r\n", "\x0b", "\u2028",
    "\n/// caption", "\n//// caption | ", "#z.k", "\n///", "\n////", "\n    attrs: {id: z}", "\n    type: ",
    "\n<div markdown>\n", '\n<div markdown="0">\n', '\n<section markdown="block">\n', "\n</section>\n", "\nTerm\n:   ",
    "\n:     ", "\n      ", "\n        ", "\n[^2]:        ",
]
YAML_PIECES = [
    "title", "description", "date", "tags", "people", "places", ": ", ":", "- ", "[", "]", "{", "}", ",", "&a ", "*a",
    "!!python/name:os.system", "!tag ", "'", '"', "|", ">-", "\n", "\n  ", "2022-11-08", "2022-13-45", "yesterday",
    "~", "null", "true", "1e9", "0x10", "#", "?", "%YAML 1.1", "---", "...", "\t", "Podalyak", "é" * 3,
]


def pieces(alphabet: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(alphabet), st.text(max_size=8)), max_size=40).map("".join)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("fuzz"), {
        "index.md": page("[fuzz](fuzz.md#anchor) and [other](other.md)", "Home"),
        "other.md": page("# Other\n\n[back](fuzz.md)", "Other"), "fuzz.md": page("# Fuzz", "Fuzz")}, names=NAMES,
        config=CONTAINERS + "  - md_in_html\n  - pymdownx.blocks.caption\n")  # and its /// blocks


def validate_page(project: Path, content: bytes, output_format: str) -> None:
    (project / "docs" / "fuzz.md").write_bytes(content)
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.chdir(project), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main(["--format", output_format, "--jobs", "1"])
    assert status in (0, 1), stderr.getvalue()
    if output_format == "json":
        for record in json.loads(stdout.getvalue()):
            assert record["line"] >= 1 and record["column"] >= 1 and record["path"]


FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(body=pieces(MARKDOWN_PIECES), output_format=st.sampled_from(["text", "json", "github"]))
def test_random_markdown(project: Path, body: str, output_format: str) -> None:
    validate_page(project, page(body, "Fuzz").encode("utf-8", "surrogatepass"), output_format)


@FAST
@given(front_matter=pieces(YAML_PIECES), body=pieces(MARKDOWN_PIECES))
def test_random_front_matter(project: Path, front_matter: str, body: str) -> None:
    validate_page(project, f"---\n{front_matter}\n---\n{body}".encode("utf-8", "surrogatepass"), "json")


@FAST
@given(content=st.binary(max_size=300))
def test_random_bytes(project: Path, content: bytes) -> None:
    validate_page(project, content, "text")


SNIPPET_PIECES = ['--8<-- "part.md"', '--8<-- "gone.md"', '--8<-- "part.md:2:3"', '--8<-- "part.md:sec"', "-8<-", "--8<--",
                  ";--8<-- ", "; ", "part.md", "gone.md", '"', "'", "--8<-- [start:sec]", "--8<-- [end:sec]",
                  "    ", "\n", "\n\n", "## ", "[x](#part)", "[y][defined]", "```", "<!--"]


@pytest.fixture(scope="module")
def snippets_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = ("site_name: Test\ntheme:\n  name: mkdocs\nmarkdown_extensions:\n  - attr_list\n  - footnotes\n"
              "  - pymdownx.snippets:\n      base_path: [!relative $config_dir/includes]\n"
              "      auto_append: [links.md]\n")
    project = make_project(tmp_path_factory.mktemp("fuzz-snippets"), {"fuzz.md": page("# Fuzz", "Fuzz")}, config=config)
    (project / "includes").mkdir()
    (project / "includes" / "part.md").write_text('## Part\n\n--8<-- [start:sec]\nText\n--8<-- [end:sec]\n--8<-- "part.md"\n',
                                                  encoding="utf-8")
    (project / "includes" / "links.md").write_text("[defined]: https://example.org/\n", encoding="utf-8")
    return project


@FAST
@given(body=pieces(SNIPPET_PIECES + MARKDOWN_PIECES[:20]))
def test_random_includes(snippets_project: Path, body: str) -> None:
    validate_page(snippets_project, page(body, "Fuzz").encode("utf-8", "surrogatepass"), "json")
