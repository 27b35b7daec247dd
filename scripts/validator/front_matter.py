"""Front matter: the fact reading yields (the YAML as MkDocs loads it, or why it cannot), and the schema's verdicts.

`FrontMatterChecker.parse` reads the YAML between the --- lines into a
`FrontMatter` fact: the loaded mapping, PyYAML's composed nodes (the position
of every key and value) and the errors that keep MkDocs from using it. The
front-matter rules (checks.py) judge that fact; those of the schema read its
verdicts, which `FrontMatterChecker.judge` asks of `jsonschema_rs` (formats
checked) once per page. The schema is `scripts/front-matter.schema.json` next
to `mkdocs.yml`, loaded (and jsonschema_rs imported) only when a page must be
read.

jsonschema-rs, not jsonschema: importing jsonschema (attrs, referencing, its
format checkers) took 0.075 s of every build that reads a page, most of what
the validate hook added to `make site` (issue 12); jsonschema-rs is one
compiled module. It reads JSON values only, so the front matter is given to it
as JSON (`as_json`), and its errors are read back against that same value.
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
    import jsonschema_rs

SCHEMA_FILE = Path("scripts") / "front-matter.schema.json"


class SchemaFileError(Exception):
    """The schema file itself is broken: the run cannot check front matter."""


_JSON_SCALARS = (str, int, float, bool, type(None))
# What stands in, for jsonschema-rs, for a value YAML makes and JSON has no type for (!!binary bytes, a !!set):
# NaN, the one value jsonschema-rs judges to be of no JSON type, as jsonschema judged such values.
_NO_JSON_TYPE = float("nan")


def as_json(value: Any, foreign: Any = None) -> Any:
    """`value`, YAML-loaded, as the JSON the schema speaks: 2022-11-08 (a date to YAML) is a string, every key is
    text, a tuple (!!omap, !!pairs) a list. A value of no JSON type is kept, or replaced by `foreign` if given."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): as_json(item, foreign) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(item, foreign) for item in value]
    if foreign is None or isinstance(value, _JSON_SCALARS):
        return value
    return foreign


@dataclass(frozen=True, slots=True)
class Schema:
    """A project's front-matter schema: the JSON document, and jsonschema-rs's validator for it."""

    document: Any
    validator: jsonschema_rs.Validator


def load_schema(schema_file: Path, display_path: str) -> Schema | None:
    """The schema in `schema_file`, or None if the project has none."""
    if not schema_file.is_file():
        return None
    import jsonschema_rs  # only a project with a schema pays for importing it

    try:
        document = json.loads(schema_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SchemaFileError(f"{display_path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise SchemaFileError(f"{display_path}: cannot read: {error}") from error
    try:
        # The schema is checked against its meta-schema as it is compiled. offline: nothing is fetched (an unknown
        # $schema, a $ref to another file); the validator reads the project, never the network. A string it would
        # read as JSON text: it is given as one.
        validator = jsonschema_rs.validator_for(json.dumps(document) if isinstance(document, str) else document,
                                                validate_formats=True, offline=True)
    except (ValueError, TypeError, jsonschema_rs.ReferencingError) as error:  # its ValidationError is a ValueError
        message = getattr(error, "message", None) or str(error)
        raise SchemaFileError(f"{display_path}: not a valid JSON Schema: {message.split(chr(10))[0]}") from error
    return Schema(document, validator)


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """PyYAML's safe loader (as MkDocs reads front matter), with source positions."""


@dataclass(slots=True)
class SchemaVerdict:
    """One way the front matter breaks the schema (a jsonschema-rs error), as the front-matter rules read it."""

    # The keyword broken, when a rule of its own reads it: "required", "additionalProperties" (of a mapping),
    # "type", "format", "maxLength" (of text), "enum" (of tags); "" for the rest, which the engine's message says.
    keyword: str
    where: list[Any]  # the path to the value in the front matter ([]: the front matter itself)
    value: Any  # the value there, as JSON (as_json)
    expected: Any  # the keyword's value in the schema; "required": [the missing field]
    message: str  # jsonschema-rs's, every choice of an enum listed
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

    def __init__(self, schema: Schema | None) -> None:
        self.use(schema)

    def use(self, schema: Schema | None) -> None:
        """Check front matter against `schema` (load_schema's) from now on."""
        self.schema = schema

    @property
    def required(self) -> list[str]:
        """The fields the schema requires."""
        document = self.schema.document if self.schema is not None else None
        required = document.get("required", []) if isinstance(document, dict) else []
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
            errors = list(self.schema.validator.iter_errors(as_json(front.data, _NO_JSON_TYPE)))
        except (RecursionError, ValueError):
            # YAML nested deeper than jsonschema-rs reads (255 levels; given JSON values only, that is all it raises
            # for) or than Python can follow: a syntax error of its own
            front.errors.append(FrontMatterError("too-deep", *front.place(None)))
            return []
        instance = as_json(front.data) if errors else None  # the values as the engine saw them, bytes kept
        return [_verdict(error, instance, self.schema.document) for error in errors]

    @staticmethod
    def parse(text: str | None, first_line: int) -> FrontMatter:
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


def _verdict(error: jsonschema_rs.ValidationError, instance: Any, document: Any) -> SchemaVerdict:
    """`error` (on `instance`, against the schema `document`) as the front-matter rules read it."""
    where, keyword = list(error.instance_path), error.kind.name
    value = _step(instance, where)
    read = (keyword in ("required", "type", "format")
            or (keyword == "additionalProperties" and isinstance(value, dict))
            or (keyword == "maxLength" and isinstance(value, str))
            or (keyword == "enum" and bool(where) and where[0] == "tags"))
    properties = {}
    if keyword == "additionalProperties":  # the fields the schema defines beside it (schema_path: $refs followed)
        properties = _step(document, list(error.schema_path)[:-1])
        properties = properties.get("properties", {}) if isinstance(properties, dict) else {}
    return SchemaVerdict(keyword if read else "", where, value, _expected(error.kind), _message(error, value),
                         properties)


def _step(document: Any, path: list[Any]) -> Any:
    """What `path` leads to in `document` (JSON); None if it leads nowhere."""
    for step in path:
        try:
            document = document[step]
        except (KeyError, IndexError, TypeError):
            return None
    return document


def _expected(kind: jsonschema_rs.ValidationErrorKind) -> Any:
    """The broken keyword's value in the schema, as the rules read it ("required": the one field missing)."""
    if kind.name == "required":
        return [kind.value]
    if kind.name == "type" and isinstance(kind.value, list) and len(kind.value) == 1:
        return kind.value[0]
    return kind.value


def _message(error: jsonschema_rs.ValidationError, value: Any) -> str:
    """jsonschema-rs's message; but an empty value said to be empty, and an enum's choices all listed (it names two
    and counts the others)."""
    if error.kind.name == "minLength" and error.kind.value == 1:  # not '"" is shorter than 1 character'
        return f"{_quoted(value)} should be non-empty"
    if error.kind.name != "enum" or not isinstance(error.kind.value, list) or not error.kind.value:
        return error.message
    choices = [_quoted(choice) for choice in error.kind.value]
    listed = f"{', '.join(choices[:-1])} or {choices[-1]}" if len(choices) > 1 else choices[0]
    return f"{_quoted(value)} is not one of {listed}"


def _quoted(value: Any) -> str:
    """`value` written as jsonschema-rs's messages write values: as JSON (a value of no JSON type as Python's)."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return repr(value)


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
