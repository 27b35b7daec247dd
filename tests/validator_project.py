"""Small MkDocs projects for the validator's tests, and the validator run on them.

`make_project` writes a project laid out like ours (mkdocs.yml, docs/,
scripts/front-matter.schema.json, optionally docs/data/names.yml);
`problems` runs the validator on it in-process, from the project's directory
(as editors run it), and returns each problem as a tuple that tests compare
whole: (path, line, column, rule, message).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

from conftest import ROOT

from validator import load_project, run

SCRIPTS = ROOT / "scripts"

CONFIG = """\
site_name: Test
theme:
  name: mkdocs
markdown_extensions:
  - attr_list
  - def_list
  - footnotes
  - toc:
      permalink: true
"""
# The tests' own copy of the schema, so that they do not change with the site's vocabulary.
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "description", "date"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1, "maxLength": 160},
        "date": {"type": "string", "format": "date"},
        "updated": {"type": "string", "format": "date"},
        "tags": {"type": "array", "uniqueItems": True,
                 "items": {"type": "string", "enum": ["battle", "diplomacy", "looting"]}},
        "people": {"type": "array", "uniqueItems": True, "items": {"type": "string", "minLength": 1}},
        "places": {"type": "array", "uniqueItems": True, "items": {"type": "string", "minLength": 1}},
    },
}
NAMES = """\
people:
  - name: Kirill Stremousov
    description: Deputy head of the Moscow-installed administration, as the report describes him
    variants: [Kiril Stremoúsov, Stremoúsov]
  - name: Mykhailo Podolyak
    description: Adviser to the head of the Office of the President of Ukraine, as the report describes him
    variants: [Podalyak]
places:
  - name: Kherson
    description: Port city on the Dnieper, as the report describes it
    variants: [Kherson city]
"""


def front(title: str, **fields: str) -> str:
    """A valid front matter block (with a blank line after it) titled `title`."""
    lines = [f"title: {title}", "description: A page of the test site.", "date: 2022-11-08"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def page(body: str, title: str | None = None) -> str:
    """A page: valid front matter, then `body` from line 7 on."""
    return front(title or f"Page {zlib.crc32(body.encode())}") + body


def make_project(root: Path, pages: dict[str, str | bytes], *, config: str = CONFIG, nav: list[str] | None = None,
                 names: str | None = None, schema: dict | None = SCHEMA) -> Path:
    """A project in `root`: `pages` maps paths under docs/ to their text (or bytes)."""
    root.mkdir(parents=True, exist_ok=True)
    if nav is not None:
        config += "nav:\n" + "".join(f"  - {entry}\n" for entry in nav)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name, content in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    if schema is not None:
        (root / "scripts").mkdir(exist_ok=True)
        (root / "scripts" / "front-matter.schema.json").write_text(json.dumps(schema, indent=2), encoding="utf-8")
    if names is not None:
        (root / "docs" / "data").mkdir(exist_ok=True)
        (root / "docs" / "data" / "names.yml").write_text(names, encoding="utf-8")
    return root


def problems(project: Path, *paths: str) -> list[tuple[str, int, int, str, str]]:
    """The validator's problems on `project`, run from its directory."""
    with contextlib.chdir(project):
        result = run(load_project("mkdocs.yml"), paths)
    return [(p.path, p.line, p.column, p.rule, p.message) for p in result.problems]


def index_problems(root: Path, text: str | bytes, **project) -> list[tuple[int, int, str, str]]:
    """The problems, without their path, of a project in `root` whose one page, docs/index.md, is `text`."""
    return [problem[1:] for problem in problems(make_project(root, {"index.md": text}, **project))]


def validate_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """scripts/validate.py as editors run it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, str(SCRIPTS / "validate.py"), *args], cwd=cwd,
                          capture_output=True, text=True, env=env, check=False)
