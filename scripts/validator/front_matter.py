"""Front matter: read as MkDocs reads it (facts), then its YAML syntax and the front-matter schema checked.

The schema is `scripts/front-matter.schema.json` next to `mkdocs.yml` (JSON
Schema, checked with `jsonschema` and its format checker). Errors are placed
at the YAML line of the offending key, from PyYAML's composed nodes.
"""

from __future__ import annotations

import datetime
import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .facts import FrontMatterError
from .rules import Problem
from .safety import plain_text_problems, scalar_nodes

if TYPE_CHECKING:
    import jsonschema

SCHEMA_FILE = Path("scripts") / "front-matter.schema.json"


class SchemaFileError(Exception):
    """The schema file itself is broken: the run cannot check front matter."""


def as_json(value: Any) -> Any:
    """YAML reads 2022-11-08 as a date; the schema speaks JSON, where it is a string."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


def load_schema(schema_file: Path, display_path: str) -> jsonschema.protocols.Validator | None:
    """A validator for `schema_file`, or None if the project has none."""
    if not schema_file.is_file():
        return None
    import jsonschema  # only a project with a schema pays for importing it (a tenth of a second)

    try:
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SchemaFileError(f"{display_path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise SchemaFileError(f"{display_path}: cannot read: {error}") from error
    try:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
    except (jsonschema.SchemaError, TypeError, AttributeError) as error:
        message = error.message if isinstance(error, jsonschema.SchemaError) else str(error)
        raise SchemaFileError(f"{display_path}: not a valid JSON Schema: {message}") from error
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """PyYAML's safe loader (as MkDocs reads front matter), with source positions."""


@dataclass(slots=True)
class FrontMatter:
    data: Any  # the parsed YAML (None when absent or broken)
    root: yaml.Node | None
    errors: list[FrontMatterError]
    present: bool = True  # the page has front matter (the --- lines)

    @property
    def unloadable(self) -> bool:
        """YAML that could not be loaded at all: only its errors are reported."""
        return self.data is None and any(error.kind != "crlf" for error in self.errors)

    def node(self, path: list[Any], *, key: bool = False) -> yaml.Node | None:
        """The node at `path` (its key, with key=True); the last one found on the way if `path` is not there."""
        node, key_node = self.root, None
        for step in path:
            if isinstance(node, yaml.MappingNode):
                match = next(((k, v) for k, v in node.value if k.value == step), None)
                if match is None:
                    break
                key_node, node = match
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                key_node, node = None, node.value[step]
            else:
                break
        return key_node if key and key_node is not None else node

    def position(self, path: list[Any], *, key: bool = False) -> tuple[int, int] | None:
        """0-based (line, column) of `node(path, key=key)`."""
        target = self.node(path, key=key)
        return (target.start_mark.line, target.start_mark.column) if target is not None else None


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__)


_EXPECTED = {"string": "text", "array": "a list", "object": "a mapping of fields", "integer": "a whole number",
             "number": "a number", "boolean": "true or false", "null": "empty"}


class FrontMatterChecker:
    def __init__(self, schema: jsonschema.protocols.Validator | None) -> None:
        self.use(schema)

    def use(self, schema: jsonschema.protocols.Validator | None) -> None:
        """Check front matter against `schema` (load_schema's) from now on."""
        self.schema = schema
        properties = schema.schema.get("properties", {}) if schema is not None else {}
        self.known_fields = sorted(properties) if isinstance(properties, dict) else []

    @staticmethod
    def parse(text: str | None, first_line: int, path: str = "") -> FrontMatter:
        """Parse the YAML between the --- lines (facts only); `first_line` is its 1-based line in the page."""
        if text is None:
            return FrontMatter(None, None, [], present=False)
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line, mark.column) if mark else (0, 0)
            reason = ": ".join(filter(None, [error.context, error.problem]))
            return FrontMatter(None, None, [FrontMatterError("quoting", first_line + line, column + 1, reason)])
        except (yaml.YAMLError, ValueError) as error:
            return FrontMatter(None, None, [FrontMatterError("yaml", first_line, 1, str(error))])
        finally:
            loader.dispose()
        if root is None:
            return FrontMatter(None, None, [])
        if _has_aliases(root):
            return FrontMatter(None, None, [FrontMatterError("alias", first_line, 1)])
        try:
            data = _Loader("").construct_document(root)
        except yaml.MarkedYAMLError as error:  # e.g. an unknown !tag
            mark = error.problem_mark or error.context_mark or root.start_mark
            return FrontMatter(None, None, [FrontMatterError("yaml", first_line + mark.line, mark.column + 1,
                                                             str(error.problem or error.context))])
        except (ValueError, TypeError, OverflowError) as error:
            # 'date: 2022-13-45' matches YAML's date pattern but is no date.
            field, node = _bad_timestamp(root)
            line, column = (node.start_mark.line, node.start_mark.column) if node else (0, 0)
            return FrontMatter(None, root, [FrontMatterError("bad-date", first_line + line, column + 1, field, str(error))])
        return FrontMatter(data, root, _duplicate_keys(root, first_line))

    def check(self, front: FrontMatter, first_line: int, path: str, *, present: bool) -> list[Problem]:
        """The problems of a page's front matter (`front`, from `parse`; `present`: the page has the --- lines)
        but its names (checks.unknown_name)."""

        def at(location: tuple[int, int] | None) -> tuple[int, int]:
            if location is None:
                return (max(first_line - 1, 1), 1)
            return (first_line + location[0], location[1] + 1)

        problems = self._schema_problems(front, path, at, present=present)
        problems.extend(self._syntax_problems(front, path))  # after: the schema check finds YAML nested too deeply
        if front.unloadable:
            return problems
        for node, rule, message in plain_text_problems(front.root):
            problems.append(Problem(path, *at((node.start_mark.line, node.start_mark.column)), rule, message))
        return problems

    @staticmethod
    def _syntax_problems(front: FrontMatter, path: str) -> list[Problem]:
        """front-matter-syntax: YAML that MkDocs cannot use as front matter."""
        messages = {
            "quoting": "invalid YAML in the front matter: {detail}; quote values that contain ': ' or start with a "
                       "special character",
            "yaml": "invalid YAML in the front matter: {detail}",
            "alias": "YAML aliases (*name) are not allowed in front matter: write each value out",
            "duplicate-key": "'{detail}' is set twice (also at line {extra}); YAML keeps only the last: remove one",
            "too-deep": "the front matter is nested too deeply",
            "crlf": "MkDocs does not see this front matter: the file has Windows (CRLF) line endings; save it with LF",
        }
        return [Problem(path, error.line, error.column, "front-matter-syntax",
                        messages[error.kind].format(detail=error.detail, extra=error.extra))
                for error in front.errors if error.kind in messages]

    def _schema_problems(self, front: FrontMatter, path: str, at: Any, *, present: bool) -> list[Problem]:
        """The front matter against the schema; dates YAML cannot read are of the wrong type too."""
        problems = [Problem(path, error.line, error.column, "wrong-type",
                            f"'{error.detail}' is not a valid date ({error.extra}): write it as YYYY-MM-DD, e.g. 2022-11-08")
                    for error in front.errors if error.kind == "bad-date"]
        if self.schema is None or front.unloadable:
            return problems
        if not present:
            required = self.schema.schema.get("required", [])
            fields = ", ".join(required) if required else "the schema's fields"
            return [Problem(path, 1, 1, "missing-field",
                            f"the page has no front matter: start it with a '---' line, {fields}, and a '---' line")]
        try:
            errors = list(self.schema.iter_errors(as_json(front.data)))
        except RecursionError:
            front.errors.append(FrontMatterError("too-deep", *at(None)))
            return problems
        for error in errors:
            where = list(error.absolute_path)
            field = ".".join(str(step) for step in where)
            keyword, value = error.validator, error.instance
            if keyword == "required":
                for name in error.validator_value:
                    if not isinstance(value, dict) or name not in value:
                        location = at(front.position(where) if where else None)
                        problems.append(Problem(path, *location, "missing-field",
                                                f"the front matter has no '{name}': add '{name}: ...' between the --- lines"))
            elif keyword == "additionalProperties" and isinstance(value, dict):
                known = error.schema.get("properties", {})
                for name in value:
                    if name in known:
                        continue
                    close = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.6)
                    hint = f"did you mean '{close[0]}'?" if close else f"the fields are: {', '.join(known)}"
                    problems.append(Problem(path, *at(front.position([*where, name], key=True)), "unknown-field",
                                            f"unknown field '{name}' ({hint})"))
            elif keyword == "type":
                expected = error.validator_value
                wanted = " or ".join(_EXPECTED.get(t, t) for t in (expected if isinstance(expected, list) else [expected]))
                hint = ""
                if expected == "array" and isinstance(value, str):
                    hint = f": write '{where[-1] if where else field}: [{value}]'"
                elif expected == "string" and value is not None:
                    hint = ": put it in quotes"
                elif expected == "object" and not where:
                    hint = ": write 'field: value' lines between the --- lines"
                subject = f"'{field}'" if where else "the front matter"
                problems.append(Problem(path, *at(front.position(where)), "wrong-type",
                                        f"{subject} must be {wanted}, not {_describe(value)}{hint}"))
            elif keyword == "format":
                wanted = {"date": "an ISO date (YYYY-MM-DD), e.g. 2022-11-08"}.get(error.validator_value, f"a valid {error.validator_value}")
                problems.append(Problem(path, *at(front.position(where)), "wrong-type",
                                        f"'{field}' must be {wanted}, not '{value}'"))
            elif keyword == "maxLength" and isinstance(value, str):
                limit = error.validator_value
                problems.append(Problem(path, *at(front.position(where)), "too-long",
                                        f"'{field}' is {len(value)} characters; the limit is {limit}: shorten it by {len(value) - limit}"))
            elif keyword == "enum" and where and where[0] == "tags":
                choices = [str(c) for c in error.validator_value]
                close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'? " if close else ""
                problems.append(Problem(path, *at(front.position(where)), "unknown-tag",
                                        f"tag '{value}' is not in the vocabulary ({hint}the tags are: {', '.join(choices)})"))
            else:
                problems.append(Problem(path, *at(front.position(where)), "front-matter-schema",
                                        f"{repr(field) if where else 'the front matter'}: {error.message}"))
        return problems


def _bad_timestamp(root: yaml.Node) -> tuple[str, yaml.Node | None]:
    """The field and node of the first timestamp-looking scalar that is no valid date."""
    for field, node in scalar_nodes(root, "tag:yaml.org,2002:timestamp"):
        try:
            yaml.safe_load(node.value)
        except ValueError:
            return field or "front matter", node
    return "front matter", None


def _has_aliases(root: yaml.Node) -> bool:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def _duplicate_keys(root: yaml.Node | None, first_line: int) -> list[FrontMatterError]:
    if not isinstance(root, yaml.MappingNode):
        return []
    errors, seen = [], {}
    for key, _ in root.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.value in seen:
            errors.append(FrontMatterError("duplicate-key", first_line + key.start_mark.line, key.start_mark.column + 1,
                                           key.value, str(seen[key.value])))
        else:
            seen[key.value] = first_line + key.start_mark.line
    return errors
