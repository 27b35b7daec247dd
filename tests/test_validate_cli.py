"""scripts/validate.py as editors and CI run it: output formats, PATH arguments, exit status."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
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


def test_ignored_rules_are_not_reported_and_do_not_fail_the_run(tmp_path: Path) -> None:
    body = "Potemkin's [old site](http://example.org/) and [a gap](nowhere.md)."
    project = make_project(tmp_path, {"index.md": page(body, "Home")})
    result = validate_cli("--ignore", "straight-quote,insecure-link", cwd=project)
    assert (result.returncode, result.stdout) == (1, "docs/index.md:7:48: broken-link: 'nowhere.md' — there is no "
                                                     "file nowhere.md in the docs directory\n")
    result = validate_cli("--ignore", "straight-quote", "--ignore", "broken-link", cwd=project)
    assert (result.returncode, result.stdout.split(": ")[1], result.stderr) == (0, "insecure-link",
                                                                               "0 errors, 1 warning in 1 file\n")


@pytest.mark.parametrize(("args", "config", "message"), [
    (["--format", "xml"], CONFIG, "argument --format: invalid choice: 'xml'"),
    (["--ignore", "straight-quotes"], CONFIG, "validate.py: error: --ignore: no rule 'straight-quotes' (--list-rules"),
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


def _owners(matches: Callable[[ast.AST], str | None]) -> dict[str, set[str]]:
    """For each key that `matches` gives a node of the code of the validator and hooks (rules.py aside), the
    functions that hold such a node: module:function, a method as module:Class.method, a nested function as the
    function around it, a decorator's arguments as the decorated function; module level as module:<module>."""
    found: dict[str, set[str]] = {}
    paths = [*(ROOT / "scripts" / "validator").glob("*.py"), *(ROOT / "scripts" / "hooks").glob("*.py")]
    for path in paths:
        if path.name == "rules.py":
            continue
        module = f"{path.parent.name}/{path.name}"

        def walk(node: ast.AST, owner: str | None, in_class: bool = False, module: str = module) -> None:
            for child in ast.iter_child_nodes(node):
                inner, inner_class = owner, False
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    if owner is None:
                        inner = f"{module}:{child.name}"
                    elif in_class:
                        inner = f"{owner}.{child.name}"
                    inner_class = isinstance(child, ast.ClassDef) and (owner is None or in_class)
                key = matches(child)
                if key is not None:
                    found.setdefault(key, set()).add(owner or f"{module}:<module>")
                walk(child, inner, inner_class)

        walk(ast.parse(path.read_text(encoding="utf-8")), None)
    return found


def _functions_naming(rule_ids: set[str]) -> dict[str, set[str]]:
    """For each rule id, the functions whose code names it as a string (as _owners names them)."""
    named = _owners(lambda node: node.value if isinstance(node, ast.Constant) and node.value in rule_ids else None)
    return {rule: named.get(rule, set()) for rule in rule_ids}


def _functions_making_problems() -> set[str]:
    """The functions whose code makes a Problem (calls Problem(...)), as _owners names them."""
    def makes(node: ast.AST) -> str | None:
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            return "Problem" if name == "Problem" else None
        return None
    return _owners(makes).get("Problem", set())


def _registered_rules() -> set[str]:
    """Every rule function registered in checks.py and site_checks.py, as _owners names it."""
    from validator import checks, site_checks

    functions = [*checks.PAGE_RULES, *checks.CONFIRMED_BY_RENDERING, *checks.PLACED_RULES,
                 *(check for checks_ in site_checks.LINK_RULES.values() for check in checks_),
                 *(check for checks_ in site_checks.SITE_RULES.values() for check in checks_)]
    return {f"validator/{Path(check.__code__.co_filename).name}:{check.__qualname__}" for check in functions}


# Functions that are not registered rules but make problems or name rule ids, each with the reason.
NOT_REGISTERED = {
    "validator/safety.py:url_problems":
        "one verdict on a URL wherever it is written (a link or image, an attribute, a plain-text field), as (rule, "
        "message) for the registered rules that place it (unsafe_url, unsafe_attribute_url, unsafe_field_url): the "
        "link resolver needs that verdict to stop resolving a link (kind 'unsafe'), in the main process, while "
        "attributes and fields are judged with their page; as rules of their own, active-scheme and "
        "remote-resource would need a URL fact shared by pages and resolved links, and the resolver a copy of "
        "their logic",
}


def test_every_rule_is_shown_by_a_fixture_and_emitted_by_one_function() -> None:
    """Each rule id appears in some fixture's expected output, and in the code of exactly one function: a
    registered rule, or one of the few listed in NOT_REGISTERED."""
    from validate import RULES

    shown = "".join(path.read_text(encoding="utf-8") for path in BROKEN.parent.glob("*/expected*.txt"))
    assert [rule for rule in RULES if f": {rule}: " not in shown] == []
    named = _functions_naming(set(RULES))
    assert {rule: sorted(functions) for rule, functions in named.items() if len(functions) != 1} == {}
    allowed = _registered_rules() | set(NOT_REGISTERED)
    assert {rule: functions for rule, functions in named.items() if not functions <= allowed} == {}


def test_only_registered_rules_make_problems() -> None:
    """Reading and gathering record facts: a Problem is made only in a registered rule, or in one of the few
    functions listed in NOT_REGISTERED, each still needed there."""
    from validate import RULES

    registered, making = _registered_rules(), _functions_making_problems()
    assert sorted(making - registered - set(NOT_REGISTERED)) == []
    naming = set().union(*_functions_naming(set(RULES)).values())
    assert sorted(set(NOT_REGISTERED) - making - naming) == []  # an exception no longer needed: remove it


def test_the_emission_check_tells_functions_apart() -> None:
    """The checks above are not blind: they name the functions they find, methods and all."""
    named = _functions_naming({"broken-anchor", "straight-quote", "invalid-names-file", "undefined-reference",
                               "front-matter-syntax", "missing-include"})
    assert named == {"broken-anchor": {"validator/site_checks.py:broken_anchor"},
                     "straight-quote": {"validator/checks.py:straight_quote"},
                     "invalid-names-file": {"validator/site_checks.py:invalid_names_file"},
                     "undefined-reference": {"validator/checks.py:undefined_reference"},
                     "front-matter-syntax": {"validator/checks.py:front_matter_syntax"},
                     "missing-include": {"validator/checks.py:missing_include"}}
    making = _functions_making_problems()
    assert {"validator/site_checks.py:not_in_nav", "validator/checks.py:unused_footnote",
            "validator/checks.py:front_matter_schema"} <= making
    assert "validator/links.py:LinkResolver.resolve" not in making and "validator/names.py:read_names" not in making


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
