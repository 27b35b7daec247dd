"""scripts/validate.py as editors and CI run it: output formats, PATH arguments, exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT
from validator_project import CONFIG, make_project, page, validate_cli

from score_validator import runs as pattern_runs

BROKEN = ROOT / "tests" / "fixtures" / "validator" / "broken"


def expected(name: str) -> str:
    return (BROKEN / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(("output_format", "golden"), [
    ("text", "expected.txt"), ("json", "expected.json"), ("github", "expected-github.txt")])
def test_broken_fixture_gives_its_whole_expected_output(output_format: str, golden: str) -> None:
    result = validate_cli("--format", output_format, cwd=BROKEN)
    assert result.stdout == expected(golden)
    assert result.stderr == "33 errors, 1 warning in 7 files\n"
    assert result.returncode == 1


@pytest.mark.parametrize(("fixture", "config", "golden"), pattern_runs(), ids=lambda value: getattr(value, "name", value))
def test_pattern_fixture_gives_its_whole_expected_output(fixture: Path, config: str, golden: Path) -> None:
    """Each pattern fixture's expected*.txt is the output for its mkdocs*.yml (checked against the build in
    tests/test_validate_agreement.py)."""
    result = validate_cli("-f", config, cwd=fixture)
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert result.returncode == (1 if result.stdout else 0)


def test_the_three_formats_report_the_same_problems() -> None:
    records = json.loads(expected("expected.json"))
    assert expected("expected.txt").splitlines() == [
        f"{r['path']}:{r['line']}:{r['column']}: {r['rule']}: {r['message']}" for r in records]
    assert expected("expected-github.txt").splitlines() == [
        f"::{r['severity']} file={r['path']},line={r['line']},col={r['column']},title={r['rule']}::{r['message']}"
        for r in records]
    assert [(r["path"], r["line"], r["column"]) for r in records] == sorted((r["path"], r["line"], r["column"]) for r in records)


def test_paths_limit_the_report_but_links_resolve_against_the_whole_site() -> None:
    result = validate_cli("docs/battle.md", cwd=BROKEN)
    battle = [line for line in expected("expected.txt").splitlines() if line.startswith("docs/battle.md:")]
    assert result.stdout.splitlines() == battle
    # The title it shares with looting.md is known, though looting.md is not reported.
    assert any("duplicate-title" in line and "looting.md" in line for line in battle)
    assert result.returncode == 1
    directory = validate_cli("docs/", "mkdocs.yml", cwd=BROKEN)
    assert directory.stdout == expected("expected.txt")


def test_a_clean_page_of_a_broken_site_exits_zero(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": page("[broken](nowhere.md)", "Home"), "good.md": page("# Good", "Good")})
    result = validate_cli("docs/good.md", cwd=project)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "no problems in 2 pages\n")


def test_warnings_are_printed_but_exit_zero(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": page("An [old site](http://example.org/).", "Home")})
    result = validate_cli(cwd=project)
    assert result.returncode == 0
    assert result.stdout.startswith("docs/index.md:7:4: insecure-link: 'http://example.org/'")
    assert result.stderr == "0 errors, 1 warning in 1 file\n"


def test_github_format_escapes_workflow_command_characters(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a,b:c.md": page('<a href="100%\nsure.md">x</a>', "Home")})
    result = validate_cli("--format", "github", cwd=project)
    assert result.stdout == (
        "::error file=docs/a%2Cb%3Ac.md,line=7,col=1,title=broken-link::'100%25%0Asure.md' — the built site has no "
        "a,b:c/100%25sure.md (raw HTML URLs are relative to the page's URL, a%252Cb%253Ac/)\n")


@pytest.mark.parametrize(("args", "config", "message"), [
    (["--format", "xml"], CONFIG, "argument --format: invalid choice: 'xml'"),
    (["-f", "nowhere.yml"], CONFIG, "validate.py: error: nowhere.yml: no such file (give the MkDocs configuration with -f)"),
    (["docs/nowhere.md"], CONFIG, "validate.py: error: no such file or directory: docs/nowhere.md"),
    ([], "site_name: [unclosed\n", "validate.py: error: mkdocs.yml: MkDocs cannot load it:"),
    ([], CONFIG + "theme:\n  name: no-such-theme\n", "validate.py: error: mkdocs.yml: MkDocs cannot load it:"),
])
def test_a_run_that_cannot_start_exits_two(tmp_path: Path, args: list[str], config: str, message: str) -> None:
    project = make_project(tmp_path, {"index.md": page("# Home", "Home")}, config=config)
    result = validate_cli(*args, cwd=project)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_broken_schema_file_is_located_and_exits_two(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": page("# Home", "Home")})
    (project / "scripts" / "front-matter.schema.json").write_text('{\n  "type": "object",\n  oops\n}\n', encoding="utf-8")
    result = validate_cli(cwd=project)
    assert result.returncode == 2
    assert result.stderr == ("validate.py: error: scripts/front-matter.schema.json:3:3: invalid JSON: "
                             "Expecting property name enclosed in double quotes\n")


def test_list_rules_prints_every_rule() -> None:
    from validate import RULES

    result = validate_cli("--list-rules", cwd=ROOT)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [f"{r.id} ({r.severity}): {r.summary} Fix: {r.fix}"
                                        for r in RULES.values()]


def test_rule_registry_is_complete_and_well_formed() -> None:
    from validate import RULES

    for rule_id, rule in RULES.items():
        assert rule.id == rule_id and rule_id == rule_id.lower() and " " not in rule_id and "_" not in rule_id
        assert rule.severity in ("error", "warning")
        assert rule.summary.endswith(".") and "\n" not in rule.summary and rule.fix.endswith(".") and "\n" not in rule.fix
    fixture_rules = {record["rule"] for record in json.loads(expected("expected.json"))}
    assert fixture_rules <= set(RULES)


# Rules emitted from more than one module today, each with the modules; the list may only shrink.
EMITTED_FROM_SEVERAL_MODULES = {
    "unreadable-file": ["document.py", "project.py"],  # a broken symlink is found while files are gathered
    "front-matter-syntax": ["document.py", "front_matter.py"],  # CRLF: seen before the YAML is parsed
    "straight-quote": ["document.py", "names.py"],  # prose of pages and of the names file
    "absolute-link": ["links.py", "structure.py"],  # links in pages and entries of the nav
    "case-mismatch": ["links.py", "structure.py"],
    "excluded-target": ["links.py", "structure.py"],
    "active-scheme": ["links.py", "safety.py"],  # links and images, and URLs in other attributes
    "remote-resource": ["links.py", "safety.py"],
    "undefined-reference": ["document.py", "rendered.py"],  # read from the source, or from the rendered page
}


def test_every_rule_is_shown_by_a_fixture_and_emitted_from_one_module() -> None:
    """Each rule id appears in some fixture's expected output, and in the code of one module (rules.py aside)."""
    from validate import RULES

    shown = "".join(path.read_text(encoding="utf-8") for path in BROKEN.parent.glob("*/expected*.txt"))
    assert [rule for rule in RULES if f": {rule}: " not in shown] == []
    sources = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "scripts" / "validator").glob("*.py")
               if path.name != "rules.py"}
    sources |= {f"hooks/{path.name}": path.read_text(encoding="utf-8")
                for path in (ROOT / "scripts" / "hooks").glob("*.py")}
    emitted = {rule: sorted(name for name, text in sources.items() if f'"{rule}"' in text) for rule in RULES}
    assert [rule for rule, modules in emitted.items() if not modules] == []
    assert {rule: modules for rule, modules in emitted.items() if len(modules) > 1} == EMITTED_FROM_SEVERAL_MODULES


def test_the_real_site_validates_clean() -> None:
    result = validate_cli(cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("no problems in ")


def test_text_format_keeps_each_problem_on_one_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": page('<a href="two\nlines.md">x</a>', "Home")})
    result = validate_cli(cwd=project)
    assert result.stdout == ("docs/index.md:7:1: broken-link: 'two\\nlines.md' — the built site has no twolines.md "
                             "(raw HTML URLs are relative to the page's URL, ./)\n")
