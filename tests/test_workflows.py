"""The GitHub set-up: workflows lint clean, pin every action and grant only what each job needs;
Dependabot keeps every pin current; CODEOWNERS sends code, not content, to a maintainer."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pathspec import PathSpec

from conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
BIN = Path(sys.executable).parent  # actionlint and shellcheck come with the pinned packages
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40})\s+#\s+v\d+\.\d+\.\d+\s*$")


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    # shellcheck checks the `run:` scripts; pyflakes is off: no step runs inline Python.
    return subprocess.run(
        [BIN / "actionlint", "-oneline", f"-shellcheck={BIN / 'shellcheck'}", "-pyflakes=", *map(str, files)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )


def load(workflow: Path) -> dict:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def workflow(name: str) -> dict:
    return load(ROOT / ".github" / "workflows" / name)


def steps_using(data: dict, action: str) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])
            if step.get("uses", "").startswith(f"{action}@")]


def test_actionlint_passes_on_every_workflow() -> None:
    assert len(WORKFLOWS) >= 3
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    text = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yml"
    # An unknown runner label, and a pull request's title pasted into a shell script.
    broken.write_text(
        text.replace("runs-on: ubuntu-24.04", "runs-on: ubuntu-lastest", 1)
        .replace("run: make site", 'run: echo "${{ github.event.pull_request.title }}" && make site', 1),
        encoding="utf-8",
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert "ubuntu-lastest" in result.stdout
    assert "github.event.pull_request.title" in result.stdout and "untrusted" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    uses_lines = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert uses_lines
    unpinned = [line.strip() for line in uses_lines if not PINNED.match(line)]
    assert unpinned == [], "pin to a full commit SHA and say the version: uses: owner/repo@<40 hex> # vX.Y.Z"


def test_each_action_is_pinned_to_one_commit_everywhere() -> None:
    commits: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := PINNED.match(line):
                commits.setdefault(match.group(1), set()).add(match.group(2))
    assert {action: shas for action, shas in commits.items() if len(shas) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_declares_least_privilege(path: Path) -> None:
    data = load(path)
    assert data["permissions"] == {}, "grant nothing at the top; each job says what it needs"
    for name, job in data["jobs"].items():
        assert "permissions" in job, f"job {name} declares no permissions"
        assert "timeout-minutes" in job, f"job {name} has no timeout"
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        # Only the job that publishes to Pages writes anything, and only that.
        deploys = any(step.get("uses", "").startswith("actions/deploy-pages@") for step in job.get("steps", []))
        assert writes == ({"pages", "id-token"} if deploys else set()), f"job {name} writes {writes}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials_and_pip_is_cached_on_the_lock_file(path: Path) -> None:
    data = load(path)
    for step in steps_using(data, "actions/checkout"):
        assert step["with"]["persist-credentials"] is False
    for step in steps_using(data, "actions/setup-python"):
        # These jobs build only: `make site` installs the build's lock.
        assert step["with"] == {"python-version": "3.11", "cache": "pip", "cache-dependency-path": "requirements-build.lock"}


def test_pull_request_workflow() -> None:
    data = workflow("pull-request.yml")
    assert "pull_request" in data["on"]
    # A new push to the pull request cancels the run for the old one.
    assert "github.event.pull_request.number" in data["concurrency"]["group"]
    assert data["concurrency"]["cancel-in-progress"] is True
    steps = [step for job in data["jobs"].values() for step in job["steps"]]
    runs = [step.get("run", "") for step in steps]
    validate = next(step for step in steps if "scripts/validate.py" in step.get("run", ""))
    assert "--format github" in validate["run"]
    assert "continue-on-error" not in validate, "a validation error must fail the job"
    assert "make site" in runs and "bash .ci/run" in runs  # the strict build; the whole test suite, browser included
    uploaded = {step["with"]["path"] for step in steps_using(data, "actions/upload-artifact")}
    assert uploaded == {"site/", "dist/*.zip"}


def test_pull_request_summary_is_written_after_the_tests_against_the_base_branch() -> None:
    job = next(job for job in workflow("pull-request.yml")["jobs"].values()
               if any(step.get("run") == "bash .ci/run" for step in job["steps"]))
    runs = [step.get("run", "") for step in job["steps"]]
    summary = job["steps"][next(i for i, run in enumerate(runs) if "scripts/pr_summary.py" in run)]
    assert runs.index("bash .ci/run") < job["steps"].index(summary), "the summary uses the venv and chromium .ci/run installs"
    assert summary["run"].endswith('--base "origin/$GITHUB_BASE_REF" >> "$GITHUB_STEP_SUMMARY"')
    assert summary["if"] == "${{ !cancelled() }}", "a failed test is when the reviewer needs the summary most"
    # The base branch is fetched, to build it and compare.
    assert steps_using({"jobs": {"test": job}}, "actions/checkout")[0]["with"]["fetch-depth"] == 0


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_runs_a_pull_requests_code_with_the_repositorys_rights(path: Path) -> None:
    # pull_request_target runs with a write token and the secrets, even for a fork's pull request.
    assert "pull_request_target" not in load(path)["on"]


def test_deploy_workflow_publishes_main_to_pages() -> None:
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    # A deployment in progress is never cut off halfway.
    assert data["concurrency"]["cancel-in-progress"] is False
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert steps_using(data, "actions/upload-pages-artifact")[0]["with"]["path"] == "site/"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert any(step.get("run") == "make site" for step in build["steps"])


def test_link_check_runs_weekly_and_by_hand_but_never_on_pull_requests() -> None:
    data = workflow("links.yml")
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    assert steps_using(data, "lycheeverse/lychee-action")
    for path in WORKFLOWS:
        if path.name != "links.yml":
            assert not steps_using(load(path), "lycheeverse/lychee-action"), path.name


def tracked_files() -> list[str]:
    """The repository's files (not what a build or an install left in the checkout)."""
    return subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT, check=True).stdout.splitlines()


def dependabot() -> dict:
    return yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))


def test_dependabot_updates_each_ecosystem_weekly_in_one_pull_request() -> None:
    data = dependabot()
    assert data["version"] == 2
    updates = {update["package-ecosystem"]: update for update in data["updates"]}
    assert sorted(updates) == ["github-actions", "npm", "pip"]
    assert len(data["updates"]) == 3, "one entry per ecosystem, so that one pull request updates it"
    for ecosystem, update in updates.items():
        assert update["schedule"]["interval"] == "weekly", ecosystem
        # One group taking in every dependency: one pull request for the ecosystem.
        assert [group["patterns"] for group in update["groups"].values()] == [["*"]], ecosystem
    assert updates["pip"]["directory"] == "/" and (ROOT / "pyproject.toml").is_file()
    assert updates["github-actions"]["directory"] == "/" and WORKFLOWS


def test_dependabot_knows_every_npm_directory() -> None:
    npm = next(update for update in dependabot()["updates"] if update["package-ecosystem"] == "npm")
    packages = {"/" + Path(path).parent.as_posix() for path in tracked_files() if Path(path).name == "package.json"}
    assert "/tests" in packages
    assert set(npm["directories"]) == packages, "list each directory that has a package.json under npm's directories"
    for directory in packages:
        assert (ROOT / directory.lstrip("/") / "package-lock.json").is_file(), f"{directory}: npm ci needs the lock file"


def test_dependabot_leaves_the_lock_files_to_make_lock() -> None:
    # Dependabot's pip ecosystem edits pyproject.toml and requirements files (*.txt, *.in); it
    # would edit a *.txt lock pin by pin, which `make lock` alone must write.
    locks = sorted(path.name for path in ROOT.glob("requirements*"))
    assert locks == ["requirements-build.lock", "requirements-test.lock"]


def codeowners(path: str) -> list[str]:
    """The owners GitHub asks to review a change to `path`: the last matching line's."""
    owners: list[str] = []
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *line_owners = line.split()
            if PathSpec.from_lines("gitignore", [pattern]).match_file(path):  # CODEOWNERS patterns are gitignore's
                owners = line_owners
    return owners


MAINTAINERS = ["@kherson-report/maintainers"]


def test_codeowners_lines_name_the_maintainers_or_nobody() -> None:
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            assert line.split()[1:] in ([], MAINTAINERS), line


@pytest.mark.parametrize("path", [
    "mkdocs.yml", "scripts/validate.py", "scripts/hooks/names.py", "overrides/main.html",
    ".github/workflows/pull-request.yml", ".github/CODEOWNERS", ".github/dependabot.yml", "Makefile", ".ci/run",
    "pyproject.toml", "requirements-build.lock", "requirements-test.lock", "tests/package.json", "tests/conftest.py",
    ".pre-commit-config.yaml", ".vscode/tasks.json", "a-file-added-later.toml",
    # Inside docs/: what runs in browsers or restyles the site, and the names list the hooks spread.
    "docs/assets/javascripts/iframe-worker/shim.js", "docs/assets/stylesheets/extra.css",
    "docs/assets/images/kherson-map.svg", "docs/snippet.html", "docs/data/names.yml",
])
def test_code_needs_a_maintainers_review(path: str) -> None:
    assert codeowners(path) == MAINTAINERS


@pytest.mark.parametrize("path", ["docs/battle.md", "docs/index.md", "docs/a-new-page.md", "docs/section/page.md",
                                  "docs/assets/images/photo.jpg"])
def test_content_needs_no_maintainer(path: str) -> None:
    assert codeowners(path) == []


def test_every_tracked_file_outside_the_pages_is_code() -> None:
    content = sorted(path for path in tracked_files() if not codeowners(path))
    assert content and all(path.startswith("docs/") and path.endswith(".md") for path in content), content
