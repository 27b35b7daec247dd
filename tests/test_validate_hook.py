"""The MkDocs hook (scripts/hooks/validate.py): `mkdocs build` and `mkdocs serve` stop on the validator's errors."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SOURCE_DATE_EPOCH, build_site
from validator_project import CONFIG, make_project, page, validate_cli

BROKEN = ROOT / "tests" / "fixtures" / "validator" / "broken"
HOOK = ROOT / "scripts" / "hooks" / "validate.py"


def with_hook(project: Path) -> Path:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"hooks:\n  - {HOOK}\n", encoding="utf-8")
    return config


def broken_copy(tmp_path: Path) -> Path:
    project = tmp_path / "broken"
    shutil.copytree(BROKEN, project)
    return with_hook(project)


def test_hook_stops_the_build_with_the_lines_the_command_prints(tmp_path: Path) -> None:
    config = broken_copy(tmp_path)
    build = build_site(tmp_path / "site", config)
    assert build.returncode == 1
    # Both run from the same directory, so both print the same paths.
    command = validate_cli("-f", str(config), cwd=Path.cwd())
    assert command.returncode == 1 and command.stdout
    # MkDocs prints an Abort's message on standard output.
    assert command.stdout + command.stderr in build.stdout
    assert not (tmp_path / "site" / "index.html").exists()


def test_hook_logs_warnings_without_failing_a_strict_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {"index.md": page("An [old site](http://example.org/).", "Home")},
                           config=CONFIG + "strict: true\n")
    build = build_site(tmp_path / "site", with_hook(project))
    assert build.returncode == 0, build.stderr
    page_path = os.path.relpath(project / "docs" / "index.md")
    assert f"INFO    -  {page_path}:7:4: insecure-link: 'http://example.org/'" in build.stderr


def test_hook_stops_mkdocs_serve_before_it_serves(tmp_path: Path) -> None:
    config = broken_copy(tmp_path)
    with socket.socket() as probe:  # a free port on the loopback interface
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    serve = subprocess.run([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                           capture_output=True, text=True, env=env, timeout=120, check=False)
    assert serve.returncode == 1
    assert "nav-missing-file: nav entry 'gone.md'" in serve.stdout
    assert "33 errors, 1 warning in 7 files" in serve.stdout


def test_a_stopped_build_leaves_the_last_good_site(tmp_path: Path) -> None:
    # The hook runs at on_pre_build: MkDocs empties the site directory only after it, so a build (a `mkdocs serve`
    # rebuild) that the validator stops leaves the last good site in place.
    project = make_project(tmp_path / "project", {"index.md": page("The good text.", "Home")})
    config, site = with_hook(project), tmp_path / "site"
    assert build_site(site, config).returncode == 0
    (project / "docs" / "index.md").write_text(page("A [broken link](missing.md).", "Home"), encoding="utf-8")
    build = build_site(site, config)
    assert build.returncode == 1 and "'missing.md'" in build.stdout
    assert "The good text." in (site / "index.html").read_text(encoding="utf-8")
