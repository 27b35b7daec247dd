"""Front matter: the fact reading yields (the YAML as MkDocs loads it, or why it cannot), and the schema's verdicts.

`FrontMatterChecker.parse` reads the YAML between the --- lines into a
`FrontMatter` fact: the loaded mapping, PyYAML's composed nodes (the position
of every key and value) and the errors that keep MkDocs from using it. The
front-matter rules (checks.py) judge that fact; those of the schema read its
verdicts, which `FrontMatterChecker.judge` asks of `jsonschema` (with its
format checker) once per page. The schema is `scripts/front-matter.schema.json`
next to `mkdocs.yml`, loaded (and jsonschema imported) only when a page must
be read.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .facts import FrontMatterError
from .safety import scalar_nodes

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
class SchemaVerdict:
    """One way the front matter breaks the schema (a jsonschema error), as the front-matter rules read it."""

    # The keyword broken, when a rule of its own reads it: "required", "additionalProperties" (of a mapping),
    # "type", "format", "maxLength" (of text), "enum" (of tags); "" for the rest, which jsonschema's message says.
    keyword: str
    where: list[Any]  # the path to the value in the front matter ([]: the front matter itself)
    value: Any  # the value there
    expected: Any  # the keyword's value in the schema
    message: str  # jsonschema's
    properties: dict[str, Any]  # additionalProperties: the fields the schema knows there

    @property
    def field_name(self) -> str:
        """`where` as written in messages: 'tags.1'."""
        return ".".join(str(step) for step in self.where)


@dataclass(slots=True)
class FrontMatter:
    """A page's front matter as read: the loaded YAML, its nodes (with their positions) and what keeps MkDocs from
    using it."""

    data: Any  # the parsed YAML (None when absent or broken)
    root: yaml.Node | None
    errors: list[FrontMatterError]
    present: bool = True  # the page has front matter (the --- lines)
    first_line: int = 2  # the page's line of the YAML's first line: MkDocs' front matter starts on the second
    verdicts: list[SchemaVerdict] | None = None  # the schema's, once judged (FrontMatterChecker.judge)

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

    def place(self, path: list[Any] | None, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) in the page of `node(path, key=key)`; None: the front matter as a whole."""
        return self.at(self.node(path, key=key) if path is not None else None)

    def at(self, node: yaml.Node | None) -> tuple[int, int]:
        """1-based (line, column) in the page of `node`; without one, the opening --- line's."""
        if node is None:
            return (max(self.first_line - 1, 1), 1)
        return (self.first_line + node.start_mark.line, node.start_mark.column + 1)


class FrontMatterChecker:
    """The project's front-matter schema (None until a page must be read, or without a schema file) and its
    verdicts on a page's front matter; and the reading of front matter into its fact (`parse`)."""

    def __init__(self, schema: jsonschema.protocols.Validator | None) -> None:
        self.use(schema)

    def use(self, schema: jsonschema.protocols.Validator | None) -> None:
        """Check front matter against `schema` (load_schema's) from now on."""
        self.schema = schema

    @property
    def required(self) -> list[str]:
        """The fields the schema requires."""
        required = self.schema.schema.get("required", []) if self.schema is not None else []
        return required if isinstance(required, list) else []

    def judge(self, front: FrontMatter) -> list[SchemaVerdict]:
        """The schema's verdicts on `front`, judged once and kept on it: none without a schema, for YAML that
        could not be loaded or for a page without front matter (the rules say so themselves)."""
        if front.verdicts is None:
            front.verdicts = self._judge(front)
        return front.verdicts

    def _judge(self, front: FrontMatter) -> list[SchemaVerdict]:
        if self.schema is None or front.unloadable or not front.present:
            return []
        try:
            errors = list(self.schema.iter_errors(as_json(front.data)))
        except RecursionError:  # YAML nested deeper than jsonschema can follow: a syntax error of its own
            front.errors.append(FrontMatterError("too-deep", *front.place(None)))
            return []
        return [_verdict(error) for error in errors]

    @staticmethod
    def parse(text: str | None, first_line: int, path: str = "") -> FrontMatter:
        """Parse the YAML between the --- lines (facts only); `first_line` is its 1-based line in the page."""
        front = FrontMatterChecker._parse(text, first_line)
        front.first_line = first_line
        return front

    @staticmethod
    def _parse(text: str | None, first_line: int) -> FrontMatter:
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


def _verdict(error: jsonschema.ValidationError) -> SchemaVerdict:
    """`error` as the front-matter rules read it."""
    where, keyword, value = list(error.absolute_path), error.validator, error.instance
    read = (keyword in ("required", "type", "format")
            or (keyword == "additionalProperties" and isinstance(value, dict))
            or (keyword == "maxLength" and isinstance(value, str))
            or (keyword == "enum" and bool(where) and where[0] == "tags"))
    properties = error.schema.get("properties", {}) if keyword == "additionalProperties" else {}
    return SchemaVerdict(str(keyword) if read else "", where, value, error.validator_value, error.message, properties)


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
