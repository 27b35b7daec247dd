"""Output formats: text for people, json for tools, github for pull-request annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .rules import Problem

FORMATS = ("text", "json", "github")


def _one_line(value: str) -> str:
    # A URL quoted in a message may hold a tab or newline; each problem stays on one line.
    return value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def text(problems: Sequence[Problem]) -> str:
    return "".join(f"{p.path}:{p.line}:{p.column}: {p.rule}: {_one_line(p.message)}\n" for p in problems)


def as_json(problems: Sequence[Problem]) -> str:
    records = [{"path": p.path, "line": p.line, "column": p.column, "rule": p.rule,
                "severity": p.severity, "message": p.message} for p in problems]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    # GitHub workflow commands: https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: Sequence[Problem]) -> str:
    return "".join(
        f"::{p.severity} file={_escape_property(p.path)},line={p.line},col={p.column},"
        f"title={_escape_property(p.rule)}::{_escape_data(p.message)}\n"
        for p in problems
    )


def render(problems: Sequence[Problem], output_format: str) -> str:
    return {"text": text, "json": as_json, "github": github}[output_format](problems)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def summary(problems: Sequence[Problem], pages: int) -> str:
    if not problems:
        return f"no problems in {_count(pages, 'page')}"
    errors = sum(p.severity == "error" for p in problems)
    files = len({p.path for p in problems})
    return f"{_count(errors, 'error')}, {_count(len(problems) - errors, 'warning')} in {_count(files, 'file')}"
