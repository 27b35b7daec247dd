"""The editors' workflow: edit links, a CONTRIBUTING.md that stays true, new pages, pre-commit, VS Code."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
import yaml
from mkdocs.config import load_config

from conftest import DOCS, ROOT, build_site, copy_project, front_matter, pages
from test_front_matter import SCHEMA
from validate import RULES
from validator.front_matter import as_json

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
BIN = Path(sys.executable).parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project to change freely, with the venv that its hooks and tasks run from."""
    copy = copy_project(tmp_path / "project")
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, cwd=cwd, env=env, check=False)


def validate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, project / "scripts" / "validate.py", *args, cwd=project)


# Edit links ---------------------------------------------------------------

class _EditLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.repository_widget = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("rel") == "edit":
            self.hrefs.append(a.get("href") or "")
        # Material's repository widget, which fetches facts from the GitHub API in every reader's browser.
        if a.get("data-md-component") == "source":
            self.repository_widget = True


def edit_links(html_file: Path) -> _EditLinks:
    parser = _EditLinks()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def edit_uri() -> str:
    config = load_config(str(ROOT / "mkdocs.yml"))
    # An absolute edit_uri and no repo_url: the edit button without the GitHub API.
    assert config["repo_url"] is None
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+/edit/main/docs/", config["edit_uri"])
    return config["edit_uri"]


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_every_page_has_an_edit_link_to_its_own_source(built_site: Path, edit_uri: str, page: Path) -> None:
    source = page.relative_to(DOCS)
    assert edit_links(built_site / source.with_suffix(".html")).hrefs == [edit_uri + source.as_posix()]


def test_no_page_calls_the_github_api_and_edit_links_reach_real_sources(built_site: Path, edit_uri: str) -> None:
    html_files = sorted(built_site.rglob("*.html"))
    assert len(html_files) >= len(pages())
    for html_file in html_files:
        links = edit_links(html_file)
        name = html_file.relative_to(built_site)
        assert "api.github.com" not in html_file.read_text(encoding="utf-8"), name
        assert not links.repository_widget, name
        # Pages made by hooks (no source of their own) may have no edit link, never a wrong one.
        for href in links.hrefs:
            assert href.startswith(edit_uri) and (DOCS / href.removeprefix(edit_uri)).is_file(), (name, href)


# CONTRIBUTING.md ----------------------------------------------------------

def contributing() -> str:
    return CONTRIBUTING.read_text(encoding="utf-8")


def front_matter_example() -> str:
    blocks = re.findall(r"^```yaml\n(---\n.*?\n---\n)```$", contributing(), re.M | re.S)
    assert len(blocks) == 1, "CONTRIBUTING.md should show one front-matter example"
    return blocks[0]


def test_contributing_front_matter_example_passes_the_schema() -> None:
    example = yaml.safe_load(front_matter_example().strip("-\n"))
    jsonschema.validate({key: as_json(value) for key, value in example.items()}, SCHEMA,
                        format_checker=jsonschema.FormatChecker())
    assert set(example) == set(SCHEMA["properties"]), "the example shows every field of the schema"


def test_contributing_front_matter_example_passes_the_validator(project: Path) -> None:
    # Put the example on a real page in place of its front matter: every rule applies, names included.
    page = project / "docs" / "battle.md"
    body = re.sub(r"\A---\n.*?\n---\n", "", page.read_text(encoding="utf-8"), count=1, flags=re.S)
    page.write_text(front_matter_example() + body, encoding="utf-8")
    result = validate(project, "docs/battle.md")
    assert result.returncode == 0, result.stdout + result.stderr


def test_contributing_field_table_follows_the_schema() -> None:
    rows = {name: (required, text)
            for name, required, text in re.findall(r"^\| `(\w+)` \| (yes|no) \| (.*) \|$", contributing(), re.M)}
    assert set(rows) == set(SCHEMA["properties"])
    for name, (required, _) in rows.items():
        assert (required == "yes") == (name in SCHEMA["required"]), name
    assert f"at most {SCHEMA['properties']['description']['maxLength']} characters" in rows["description"][1]
    listed_tags = re.findall(r"`([a-z-]+)`", rows["tags"][1].split(":", 1)[1])
    assert listed_tags == SCHEMA["properties"]["tags"]["items"]["enum"]


def _cell(text: str) -> str:
    """Rule text as literal Markdown in a table cell: `![alt](file)` must not become an image."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def rules_table() -> str:
    rows = [f"| `{rule.id}` | {rule.severity} | {_cell(rule.summary)} | {_cell(rule.fix)} |" for rule in RULES.values()]
    return "\n".join(["| Rule | Severity | What it means | How to fix it |", "|---|---|---|---|", *rows])


def test_contributing_documents_every_validator_rule_and_its_fix() -> None:
    expected = rules_table()
    assert expected in contributing(), (
        "CONTRIBUTING.md's rules table differs from the validator's RULES; replace it with:\n\n" + expected)


# scripts/new_page.py ------------------------------------------------------

def new_page(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, project / "scripts" / "new_page.py", *args, cwd=project)


def test_new_page_creates_a_page_that_passes_once_it_is_in_the_nav(project: Path, tmp_path: Path) -> None:
    created = new_page(project, "Reactions: abroad", "--description", "How other capitals reacted to the fighting.")
    assert created.returncode == 0, created.stderr
    page = project / "docs" / "reactions-abroad.md"
    meta = front_matter(page)
    jsonschema.validate({key: as_json(value) for key, value in meta.items()}, SCHEMA,
                        format_checker=jsonschema.FormatChecker())
    assert meta["title"] == "Reactions: abroad"
    assert meta["date"] == front_matter(DOCS / "index.md")["date"], "a new page carries the report's date"

    # Not in the nav yet: the validator says so, and the script said what to add.
    assert "not-in-nav" in validate(project).stdout
    nav_line = re.search(r"e\.g\.:\s+(- \S+\.md)$", created.stdout, re.M)
    assert nav_line and nav_line.group(1) == "- reactions-abroad.md"
    config = project / "mkdocs.yml"
    assert re.search(r"^nav:\n(  .*\n)+\Z", config.read_text(encoding="utf-8"), re.M), "nav is the last section"
    with config.open("a", encoding="utf-8") as file:
        file.write(f"  {nav_line.group(1)}\n")

    result = validate(project)
    assert result.returncode == 0, result.stdout + result.stderr
    build = build_site(tmp_path / "site", config)
    assert build.returncode == 0, build.stderr
    assert "Reactions: abroad" in (tmp_path / "site" / "reactions-abroad.html").read_text(encoding="utf-8")


def test_new_page_never_overwrites_a_page(project: Path) -> None:
    page = project / "docs" / "battle.md"
    before = page.read_bytes()
    result = new_page(project, "Battle", "--description", "Another page.")
    assert result.returncode == 1
    assert "docs/battle.md already exists" in result.stderr
    assert page.read_bytes() == before


def test_new_page_refuses_front_matter_the_schema_rejects(project: Path) -> None:
    missing = new_page(project, "Reactions abroad")
    assert missing.returncode == 2 and "--description" in missing.stderr
    too_long = new_page(project, "Reactions abroad", "--description", "x" * 161)
    assert too_long.returncode == 1
    assert too_long.stderr.strip() == "error: description: 161 characters; at most 160"
    bad_date = new_page(project, "Reactions abroad", "--description", "D.", "--date", "yesterday")
    assert bad_date.returncode == 2 and "'yesterday' is not a date like 2022-11-08" in bad_date.stderr
    assert not (project / "docs" / "reactions-abroad.md").exists()


# pre-commit ---------------------------------------------------------------

def test_pre_commit_config_is_valid() -> None:
    result = run(BIN / "pre-commit", "validate-config", ".pre-commit-config.yaml", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_runs_the_validator_on_the_changed_pages(project: Path, tmp_path: Path) -> None:
    # Only the repo-local hooks: the others are fetched from GitHub, which tests never reach.
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = {**config, "repos": [repo for repo in config["repos"] if repo["repo"] == "local"]}
    (project / "local-hooks.yaml").write_text(yaml.safe_dump(local), encoding="utf-8")
    assert run("git", "init", "-q", cwd=project).returncode == 0
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}

    def pre_commit(*files: str) -> subprocess.CompletedProcess[str]:
        return run(BIN / "pre-commit", "run", "--config", "local-hooks.yaml", "--files", *files, cwd=project, env=env)

    page = project / "docs" / "looting.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the map](map.md).\n", encoding="utf-8")
    broken = pre_commit("docs/looting.md", "docs/battle.md")
    assert broken.returncode == 1
    assert "broken-link" in broken.stdout and "docs/looting.md" in broken.stdout
    assert pre_commit("docs/battle.md").returncode == 0
    # A change to the names list can break any page: every page is checked.
    whole_site = pre_commit("docs/data/names.yml")
    assert whole_site.returncode == 1 and "docs/looting.md" in whole_site.stdout


# Editor support -----------------------------------------------------------

def test_vscode_maps_the_front_matter_schema_for_scratch_files() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    (schema, pattern), = settings["yaml.schemas"].items()
    assert json.loads((ROOT / schema).read_text(encoding="utf-8")) == SCHEMA
    assert pattern == "*.front-matter.yml" and "ends in `.front-matter.yml`" in contributing()


def break_looting_page(project: Path) -> None:
    """A bad date and a broken link on docs/looting.md, as an editor might make them."""
    page = project / "docs" / "looting.md"
    page.write_text(page.read_text(encoding="utf-8").replace("date: 2022-11-08", "date: yesterday", 1)
                    + "\nSee [the map](map.md).\n", encoding="utf-8")


def test_contributing_shows_what_the_validator_prints(project: Path) -> None:
    break_looting_page(project)
    example = re.search(r"^```text\n(docs/.*)\n```$", contributing(), re.M)
    assert example and example.group(1) in validate(project).stdout.splitlines()


def test_vscode_task_puts_each_validator_problem_at_its_line(project: Path) -> None:
    (task,) = json.loads((ROOT / ".vscode" / "tasks.json").read_text(encoding="utf-8"))["tasks"]
    break_looting_page(project)
    variables = {"${workspaceFolder}": str(project), "${relativeFile}": "docs/looting.md"}
    command = [re.sub(r"\$\{\w+\}", lambda m: variables[m.group(0)], part) for part in [task["command"], *task["args"]]]
    output = run(*command, cwd=project).stdout
    matcher = task["problemMatcher"]["pattern"]
    fields = ("severity", "file", "line", "column", "code", "message")
    shown = [{field: match.group(matcher[field]) for field in fields}
             for match in map(re.compile(matcher["regexp"]).match, output.splitlines()) if match]
    expected = json.loads(validate(project, "--format", "json", "docs/looting.md").stdout)
    assert len(expected) == 2
    assert shown == [{"severity": p["severity"], "file": p["path"], "line": str(p["line"]), "column": str(p["column"]),
                      "code": p["rule"], "message": p["message"]} for p in expected]
