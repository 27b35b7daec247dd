"""scripts/validate.py in another project's environment: older Markdown, no pymdown-extensions, code of its own.

Another Markdown is simulated in the validator's own process (a venv per
version is too slow for the test suite): the APIs that version lacks are
removed before the validator is imported. The real versions were tried by hand
(i12setup's report).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from validator_project import CONFIG, SCRIPTS, make_project, page, validate_cli

# Markdown 3.3.6 to 3.5: no attr_list.get_attrs_and_remainder; up to 3.10: toc.unique(id, ids), without counters.
# Hidden while the validator is imported only: Markdown's own extensions (fenced_code, toc) need them afterwards.
OLD_MARKDOWN = f"""
import sys
import markdown.extensions.attr_list as attr_list, markdown.extensions.toc as toc
newest = attr_list.get_attrs_and_remainder, toc.unique
del attr_list.get_attrs_and_remainder
toc.unique = lambda id, ids: newest[1](id, ids)
sys.path.insert(0, {str(SCRIPTS)!r})
import validator
attr_list.get_attrs_and_remainder, toc.unique = newest
"""
NO_PYMDOWNX = "import sys; sys.modules['pymdownx'] = None"  # any import of it fails, as when not installed

ANCHORS = page("# Intro\n\n## Intro\n\n## Setup { #custom }\n\n"
               "See [the second](#intro_1), [setup](#custom) and [gone](missing.md).\n", "Home")


def validate_in(prelude: str, *args: str, cwd: Path,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """scripts/validate.py run after `prelude` has changed what the environment provides."""
    code = (f"{prelude}\nimport runpy, sys\nsys.argv = ['validate.py', *{list(args)!r}]\n"
            f"runpy.run_path({str(SCRIPTS / 'validate.py')!r}, run_name='__main__')\n")
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


@pytest.mark.parametrize("prelude", [OLD_MARKDOWN, NO_PYMDOWNX], ids=["markdown-3.5", "no-pymdownx"])
def test_the_validator_reads_pages_as_with_the_newest_markdown(tmp_path: Path, prelude: str) -> None:
    project = make_project(tmp_path, {"index.md": ANCHORS})
    newest = validate_cli("--no-cache", cwd=project)
    older = validate_in(prelude, "--no-cache", cwd=project)
    assert (older.returncode, older.stdout, older.stderr) == (newest.returncode, newest.stdout, newest.stderr)
    # Only the missing page: the duplicate heading's id (intro_1) and the attribute list's are found.
    assert [line.split(": ")[1] for line in older.stdout.splitlines()] == ["broken-link"]


def test_a_project_that_enables_pymdownx_without_it_installed_cannot_start(tmp_path: Path) -> None:
    config = CONFIG + "  - pymdownx.snippets\n"
    project = make_project(tmp_path, {"index.md": page("# Home\n", "Home")}, config=config)
    result = validate_in(NO_PYMDOWNX, "--no-cache", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("validate.py: error: mkdocs.yml: MkDocs cannot load it: Config value "
                                    "'markdown_extensions': Failed to load extension 'pymdownx.snippets'.")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("prelude", "message"), [
    ("import markdown.extensions.toc as toc; del toc.unique", "the validator needs Markdown >= 3.3.6 (this environment "
     "has {Markdown}): cannot import name 'unique' from 'markdown.extensions.toc'"),
    ("import mkdocs.structure.files as files; del files.set_exclusions", "the validator needs mkdocs >= 1.6 (this "
     "environment has {mkdocs}): cannot import name 'set_exclusions' from 'mkdocs.structure.files'"),
    ("import sys; sys.modules['markdown_it'] = None", "the validator needs markdown-it-py (this environment has "
     "{markdown-it-py}): import of markdown_it halted"),
])
def test_a_missing_requirement_is_named_in_one_line(tmp_path: Path, prelude: str, message: str) -> None:
    from importlib import metadata

    project = make_project(tmp_path, {"index.md": page("# Home\n", "Home")})
    result = validate_in(prelude, cwd=project)
    versions = {name: metadata.version(name) for name in ("Markdown", "mkdocs", "markdown-it-py")}
    assert result.returncode == 2
    assert result.stderr.startswith("validate.py: error: " + message.format_map(versions))
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def _project_with_its_own_extension(root: Path) -> Path:
    project = make_project(root, {"index.md": page("# Home\n", "Home")}, config=CONFIG + "  - tools.myext\n")
    (project / "tools").mkdir()
    (project / "tools" / "__init__.py").write_text("", encoding="utf-8")
    (project / "tools" / "myext.py").write_text(
        "from markdown.extensions import Extension\n\n\nclass MyExt(Extension):\n    def extendMarkdown(self, md):\n"
        "        pass\n\n\ndef makeExtension(**kwargs):\n    return MyExt(**kwargs)\n", encoding="utf-8")
    return project


def test_an_extension_in_the_project_folder_is_explained(tmp_path: Path) -> None:
    """As `mkdocs build` (the console script) fails too, the run cannot start; the message says how it can."""
    project = _project_with_its_own_extension(tmp_path)
    result = validate_cli("--no-cache", cwd=project)
    assert result.returncode == 2
    assert result.stderr.endswith(
        "No module named 'tools' ('tools' is the project's own code, in the current directory: `python -m mkdocs "
        "build` run there finds it, `mkdocs build` and the validator only with PYTHONPATH=., as in "
        "`PYTHONPATH=. python scripts/validate.py`)\n")
    with_path = validate_in("", "--no-cache", cwd=project, env={"PYTHONPATH": "."})
    assert with_path.returncode == 0, with_path.stderr


def test_a_module_missing_elsewhere_gets_no_such_advice(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": page("# Home\n", "Home")}, config=CONFIG + "  - nowhere.ext\n")
    result = validate_cli("--no-cache", cwd=project)
    assert result.returncode == 2
    assert result.stderr.endswith("No module named 'nowhere'\n")
