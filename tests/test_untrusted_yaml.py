"""Pages and docs/data/ come from editors' pull requests: YAML tags in them are data errors, never Python.

PyYAML's unsafe loaders build Python objects from tags: `!!python/object/apply:os.system`
runs a command, `!!python/name:` imports any name. The validator and the build must
read a page's front matter and docs/data/names.yml as plain data, so a pull request
that only changes content cannot run anything in CI (CONTRIBUTING.md, "Content and
code"). Each payload would create a marker file if it ran.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from conftest import build_site, copy_project
from validator_project import NAMES, make_project, page, validate_cli


def payloads(marker: Path) -> dict[str, str]:
    return {
        "object/apply": f'!!python/object/apply:os.system ["touch {marker}"]',
        "name": "!!python/name:os.system",
    }


@pytest.fixture
def marker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file no one else creates: its existence would prove that a payload ran."""
    return tmp_path_factory.mktemp("marker") / f"executed-{uuid.uuid4().hex}"


@pytest.mark.parametrize("kind", ["object/apply", "name"])
def test_a_python_tag_in_front_matter_is_a_syntax_error(tmp_path: Path, marker: Path, kind: str) -> None:
    tag = payloads(marker)[kind]
    text = page("Text.\n", "T").replace("description: A page of the test site.", f"description: {tag}")
    result = validate_cli(cwd=make_project(tmp_path / "site", {"index.md": text}))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith("docs/index.md:3:14: front-matter-syntax: invalid YAML in the front matter: "
                                    f"could not determine a constructor for the tag 'tag:yaml.org,2002:python/{kind}")
    assert not marker.exists()


@pytest.mark.parametrize("kind", ["object/apply", "name"])
def test_a_python_tag_in_the_names_file_is_an_invalid_names_file(tmp_path: Path, marker: Path, kind: str) -> None:
    tag = payloads(marker)[kind]
    names = NAMES.replace("description: Port city on the Dnieper", f"description: {tag}")
    result = validate_cli(cwd=make_project(tmp_path / "site", {"index.md": page("Text.\n", "T")}, names=names))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith("docs/data/names.yml:"), result.stdout
    assert ": invalid-names-file: " in result.stdout.splitlines()[0]
    assert not marker.exists()


def test_the_build_of_the_site_runs_neither_payload(tmp_path: Path, marker: Path) -> None:
    project = copy_project(tmp_path / "project")
    tag = payloads(marker)["object/apply"]
    battle = project / "docs" / "battle.md"
    battle.write_text(battle.read_text(encoding="utf-8").replace("---\n", f"---\nx: {tag}\n", 1), encoding="utf-8")
    names = project / "docs" / "data" / "names.yml"
    names.write_text(re.sub(r"\n    description: .*", f"\n    description: {tag}", names.read_text(encoding="utf-8"), count=1),
                     encoding="utf-8")
    result = build_site(tmp_path / "site", project / "mkdocs.yml")
    assert result.returncode == 1
    # The build's validation hook stops it, on both files, before MkDocs reads any page.
    assert re.search(r"/docs/battle\.md:2:4: front-matter-syntax: ", result.stdout), result.stdout
    assert re.search(r"/docs/data/names\.yml:\d+:\d+: invalid-names-file: ", result.stdout), result.stdout
    assert not marker.exists()
