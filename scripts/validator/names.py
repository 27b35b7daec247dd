"""The names file: canonical spellings of people and places, and the variants pages must not use.

The file is `data/names.yml` inside the docs directory: two lists, `people:`
and `places:`, of `{name, description, side, short_forms, variants, sources}`
(name and description required; `sources` a list of `{title, url}`, each url
https://). `load_names` is its one reader: the validator's, and the names
hook's (scripts/hooks/names.py), which makes tooltips, links and the People
and places entries from it. Besides each entry's shape it checks that every
spelling the pages may use (a name, a short form, either with a curly
apostrophe) and every entry id belongs to one entry only, and is no variant.
Reading (`read_names`) records facts; the names-file rules in site_checks.py
judge them. Its problems are `invalid-names-file`, and `markup-in-plain-text` for HTML in
any of its strings (every value is plain text, whatever its field). In a file
without shape problems, two rules apply to the entries: `unsourced-description`
(a description that names no source and does not say it is the report's words
by ending ", as the report describes him", or her, it, them, or "credits") and
`straight-quote` (in a description, a side or a source's title). When the file
exists, two rules apply to pages: `name-variant` (a variant in a page's prose)
and `unknown-name` (a `people`/`places` front-matter entry that is not a
`name`).

Prose excludes code spans, fenced and indented code, HTML comments and tags,
text struck through with `~~…~~` (pymdownx.tilde: the source's words, as the
About page's table of changes quotes them), and block quotes marked as verbatim
quotations: a block quote whose previous block is the HTML comment
`<!-- verbatim -->`:

    <!-- verbatim -->
    > “Kiril Stremoúsov said …”
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .facts import Described, NamesFile, NamesFileError, Prose
from .rules import Problem

NAMES_FILE = Path("data") / "names.yml"
CATEGORIES = ("people", "places")
FIELDS = ("name", "description", "side", "short_forms", "variants", "sources")
SOURCE_FIELDS = ("title", "url")
# How a description says that it uses the report's words only, and so needs no source.
REPORT_WORDS = re.compile(r", as the report (describes|credits) (him|her|it|them)$")
TEXT, NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null"  # PyYAML's tags of plain text and of nothing
# What an empty field should hold instead.
WRITE = {"description": "write one line saying who or what it is",
         "side": "write whom they speak or act for, or remove the line"}


@dataclass(frozen=True)
class Name:
    """One entry of the names file."""

    kind: str  # "people" or "places"
    name: str
    description: str
    side: str | None
    short_forms: tuple[str, ...]
    variants: tuple[str, ...]
    sources: tuple[tuple[str, str], ...] = ()  # (title, url): where a description beyond the report comes from

    @property
    def anchor(self) -> str:
        return anchor(self.name)

    def spellings(self) -> list[str]:
        """What the pages may write: the name and its short forms, with straight or curly apostrophes."""
        forms = [self.name, *self.short_forms]
        return list(dict.fromkeys(form for plain in forms for form in (plain, plain.replace("'", "\u2019"))))


def anchor(name: str) -> str:
    """The id of a name's entry: "St. Catherine's Cathedral" -> "st-catherines-cathedral"."""
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"['\u2019.]", "", name.casefold())).strip("-")


@dataclass
class NameIndex:
    entries: list[Name] = field(default_factory=list)  # in the file's order
    canonical: dict[str, set[str]] = field(default_factory=lambda: {c: set() for c in CATEGORIES})
    variant_of: dict[str, str] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None

    def finish(self) -> None:
        forms = {}
        for variant in self.variant_of:
            for form in {unicodedata.normalize("NFC", variant), unicodedata.normalize("NFD", variant)}:
                forms[form] = variant
        self._form_to_variant = forms
        if forms:
            # Longest first, so 'Kiril Stremoúsov' wins over 'Stremoúsov'; words may wrap across lines.
            alternatives = [r"\s+".join(map(re.escape, form.split())) for form in sorted(forms, key=len, reverse=True)]
            self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
            # Any of the forms anywhere: far quicker to search (re skips to their first letters, which the
            # lookbehind above keeps it from doing), and without it there is no variant in the text.
            self._anywhere = re.compile("|".join(alternatives))

    def variants_in(self, text: str) -> list[tuple[int, str, str]]:
        """(offset, variant as written, canonical name) for each variant in `text`."""
        if self.pattern is None or self._anywhere.search(text) is None:
            return []
        found = []
        for match in self.pattern.finditer(text):
            written = " ".join(match.group(0).split())
            variant = self._form_to_variant.get(written, written)
            found.append((match.start(), written, self.variant_of.get(variant, "?")))
        return found

    def check_entry(self, category: str, entry: str) -> str | None:
        """None if `entry` is a canonical name of `category`, else the message why not."""
        if entry in self.canonical[category]:
            return None
        singular = {"people": "person", "places": "place"}
        if entry in self.variant_of:
            return f"'{entry}' is a variant spelling: write '{self.variant_of[entry]}', as the names file spells it"
        other = "places" if category == "people" else "people"
        if entry in self.canonical[other]:
            return f"'{entry}' is a {singular[other]} in the names file: list it under {other}, not {category}"
        close = difflib.get_close_matches(entry, sorted(self.canonical[category]), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"add the {singular[category]} to the names file first"
        return f"'{entry}' is not a name in the names file ({hint})"


_last_loaded: tuple[tuple[Path, str, bytes], NameIndex | None, list[Problem]] | None = None


def load_names(names_file: Path, display_path: str) -> tuple[NameIndex | None, list[Problem]]:
    """The index of `names_file` and its problems (the names-file rules of site_checks.py); None instead of the
    index when there is no names file, or it has problems other than markup in its text.

    The last file loaded is remembered with its bytes: a build loads it twice (the names hook, then the validate
    hook), and reading it is a tenth of the validator's cold run. The index is never changed once made.
    """
    from .site_checks import judge  # not at the top: site_checks.py imports this module

    global _last_loaded
    try:
        key = (names_file, display_path, names_file.read_bytes())
    except OSError:  # missing or unreadable: read_names says which
        key = None
    if key is not None and _last_loaded is not None and _last_loaded[0] == key:
        return _last_loaded[1], list(_last_loaded[2])
    facts = read_names(names_file, display_path)
    problems = sorted(judge([facts]))
    if key is not None:
        _last_loaded = key, facts.index, problems
    return facts.index, list(problems)


def read_names(names_file: Path, display_path: str) -> NamesFile:
    """What the names file holds, and what makes it unusable, each with its position; judges nothing else."""
    facts = NamesFile(display_path)
    if not names_file.is_file():
        return facts

    def unusable(line: int, column: int, message: str) -> NamesFile:
        facts.errors.append(NamesFileError(line, column, message))
        return facts

    try:
        text = names_file.read_text(encoding="utf-8-sig")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as error:
        return unusable(1, 1, f"cannot read the names file: {error}")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return unusable(mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                        f"invalid YAML: {error.problem or error.context}")
    except yaml.YAMLError as error:
        return unusable(1, 1, f"invalid YAML: {error}")
    if not isinstance(root, yaml.MappingNode):
        return unusable(1, 1, "the names file must be a mapping with 'people:' and 'places:' lists")
    # Every string is plain text, whatever field holds it: names, descriptions, and fields added later. Markup
    # leaves the index usable (the names hook escapes every value), so the rules judge it in any case.
    facts.root = root

    found: list[tuple[yaml.Node, str]] = []
    entries: list[_Entry] = []
    for key_node, list_node in root.value:
        if key_node.value not in CATEGORIES:
            found.append((key_node, f"unknown key '{key_node.value}': the names file has only 'people:' and 'places:'"))
        elif not isinstance(list_node, yaml.SequenceNode):
            found.append((list_node, f"'{key_node.value}' must be a list of entries, each with a name and a description"))
        else:
            for node in list_node.value:
                entry = _read_entry(key_node.value, node, found)
                if entry is not None:
                    entries.append(entry)
    found.extend(_ambiguities(entries))
    facts.errors = [NamesFileError(*_start(node), message) for node, message in found]
    if found:
        return facts

    index = NameIndex(entries=[located.entry for located in entries])
    for name in index.entries:
        index.canonical[name.kind].add(name.name)
        index.variant_of.update((" ".join(variant.split()), name.name) for variant in name.variants)
    index.finish()
    facts.index = index
    facts.descriptions = [Described(located.entry.name, located.entry.description, *_start(located.prose[0]),
                                    bool(located.entry.sources)) for located in entries]
    facts.prose = [Prose(node.value, _NodeLocator(node)) for located in entries for node in located.prose]
    return facts


@dataclass
class _Entry:
    """An entry that passed its own checks, with the nodes of its spellings for the checks across entries."""

    entry: Name
    spellings: list[tuple[str, str, yaml.Node]]  # (role: "name" or "short form", as written, its node)
    variants: list[tuple[str, yaml.Node]]
    prose: list[yaml.Node]  # what readers read: the description (first), the side, the sources' titles


def _read_entry(kind: str, node: yaml.Node, found: list[tuple[yaml.Node, str]]) -> _Entry | None:
    """The entry at `node`, or None after adding its problems to `found`."""
    fields = {str(key.value): (key, value) for key, value in node.value} if isinstance(node, yaml.MappingNode) else {}
    name_node = fields["name"][1] if "name" in fields else None
    if not isinstance(name_node, yaml.ScalarNode) or _is_empty(name_node):
        found.append((node, "each entry needs a 'name:' and a 'description:'"))
        return None
    name = name_node.value
    problems: list[tuple[yaml.Node, str]] = []
    for key, (key_node, _) in fields.items():
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"an entry has only {', '.join(FIELDS)}"
            problems.append((key_node, f"unknown key '{key}' in the entry '{name}' ({hint})"))
    if "description" not in fields:
        problems.append((node, f"the entry '{name}' has no 'description:': add one, a line saying who or what it is"))
    for key in ("name", "description", "side"):
        if key in fields:
            problems.extend(_text_problems(key, fields[key][1], name))
    for key in ("short_forms", "variants"):
        if key in fields:
            problems.extend(_spellings_problems(key, fields[key][1], name))
    if "sources" in fields:
        problems.extend(_sources_problems(fields["sources"][1], name))
    found.extend(problems)
    if problems:
        return None

    def items(key: str) -> list[yaml.Node]:
        return fields[key][1].value if key in fields else []

    sources = [{str(key.value): value for key, value in source.value} for source in items("sources")]
    entry = Name(kind, name, fields["description"][1].value, fields["side"][1].value if "side" in fields else None,
                 tuple(item.value for item in items("short_forms")), tuple(item.value for item in items("variants")),
                 tuple((source["title"].value, source["url"].value) for source in sources))
    spellings = [("name", name, name_node)] + [("short form", item.value, item) for item in items("short_forms")]
    prose = [fields[key][1] for key in ("description", "side") if key in fields] + [s["title"] for s in sources]
    return _Entry(entry, spellings, [(item.value, item) for item in items("variants")], prose)


def _sources_problems(node: yaml.Node, owner: str) -> list[tuple[yaml.Node, str]]:
    """`sources:` is a list of {title, url}, each url an https:// address."""
    where = f"'sources' of '{owner}'"
    shape = f"{where} must be a list of sources, each '- title: ...' with 'url: https://...'"
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        return [(node, shape)]
    problems: list[tuple[yaml.Node, str]] = []
    for source in node.value:
        fields = {str(key.value): value for key, value in source.value} if isinstance(source, yaml.MappingNode) else {}
        if set(fields) != set(SOURCE_FIELDS):
            problems.append((source, shape))
            continue
        for key in SOURCE_FIELDS:
            value = fields[key]
            if not isinstance(value, yaml.ScalarNode) or value.tag != TEXT or not value.value.strip():
                problems.append((value, f"{where}: each source's '{key}' must be text on one line"))
        url = fields["url"]
        if isinstance(url, yaml.ScalarNode) and url.tag == TEXT and not url.value.startswith("https://"):
            problems.append((url, f"{where} has the url '{url.value}': give an https:// address, which readers' "
                                  "browsers open without a warning"))
    return problems


class _Shifted:
    """A position `offset` characters into a one-line scalar (quoted or plain); else its start."""

    def __init__(self, node: yaml.Node, offset: int) -> None:
        self.node, self.offset = node, offset


class _NodeLocator:
    """Offsets in a scalar's value as positions in the names file."""

    def __init__(self, node: yaml.Node) -> None:
        self.node = node

    def position(self, offset: int) -> tuple[int, int]:
        return _start(_Shifted(self.node, offset))


def _start(node: yaml.Node | _Shifted) -> tuple[int, int]:
    if isinstance(node, _Shifted):
        inner, mark = node.node, node.node.start_mark
        if inner.start_mark.line == inner.end_mark.line and getattr(inner, "style", None) in (None, "'", '"'):
            return mark.line + 1, mark.column + 1 + (inner.style is not None) + node.offset
        return mark.line + 1, mark.column + 1
    return node.start_mark.line + 1, node.start_mark.column + 1


def _is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and (node.tag == NULL or (node.tag == TEXT and not node.value.strip()))


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    kind = {"bool": "true/false", "int": "a number", "float": "a number", "timestamp": "a date"}
    return kind.get(node.tag.rsplit(":", 1)[-1], node.tag)


def _text_problems(key: str, node: yaml.Node, owner: str) -> list[tuple[yaml.Node, str]]:
    where = "'name'" if key == "name" else f"'{key}' of '{owner}'"
    if _is_empty(node):
        return [(node, f"{where} is empty: {WRITE[key]}")]
    if isinstance(node, yaml.ScalarNode) and node.tag != TEXT:
        return [(node, f"{where} must be text, not {_describe(node)}: put it in quotes, {key}: \"{node.value}\"")]
    if not isinstance(node, yaml.ScalarNode):
        return [(node, f"{where} must be text, not {_describe(node)}: write it on one line after '{key}: '")]
    return []


def _spellings_problems(key: str, node: yaml.Node, owner: str) -> list[tuple[yaml.Node, str]]:
    where = f"'{key}' of '{owner}'"
    if not isinstance(node, yaml.SequenceNode):
        hint = ""
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL:
            hint = f": write '{key}: []' or remove the line"
        elif isinstance(node, yaml.ScalarNode):
            hint = f": write '{key}: [{node.value}]'"
        return [(node, f"{where} must be a list of spellings{hint}")]
    problems = []
    for item in node.value:
        if _is_empty(item):
            problems.append((item, f"{where} holds an empty spelling: remove it"))
        elif isinstance(item, yaml.ScalarNode) and item.tag != TEXT:
            problems.append((item, f"{where} holds {_describe(item)}, not a spelling: "
                                   f"put it in quotes, \"{item.value}\""))
        elif not isinstance(item, yaml.ScalarNode):
            problems.append((item, f"{where} holds {_describe(item)}, not a spelling: write each spelling as one item"))
    return problems


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _ambiguities(entries: list[_Entry]) -> list[tuple[yaml.Node, str]]:
    """Spellings and ids of two entries would send readers to the wrong one; a spelling must not also be a variant."""
    def spelled(role: str, written: str, entry: Name) -> str:
        return f"the name '{written}'" if role == "name" else f"the short form '{written}' of '{entry.name}'"

    variants: dict[str, tuple[str, Name, yaml.Node]] = {}
    for located in entries:
        for variant, node in located.variants:
            variants.setdefault(" ".join(variant.split()), (variant, located.entry, node))
    # Keyed with straight apostrophes: two spellings share a mention exactly when they are equal so (Name.spellings).
    owners: dict[str, tuple[str, str, Name, yaml.Node]] = {}
    ids: dict[str, tuple[Name, yaml.Node]] = {}
    found = []
    for located in entries:
        entry, name_clashed = located.entry, False
        for role, written, node in located.spellings:
            first_role, first_written, first, first_node = owners.setdefault(
                written.replace("\u2019", "'"), (role, written, entry, node))
            if first is not entry:
                found.append((node, f"{spelled(role, written, entry)} is also "
                                    f"{spelled(first_role, first_written, first)} (line {_line(first_node)}): "
                                    "a mention must lead to one entry; remove the spelling from one of them"))
                name_clashed = name_clashed or role == "name"
                continue
            forms = sorted({" ".join(form.split()) for form in (written, written.replace("'", "\u2019"))})
            clash = next((variants[form] for form in forms if form in variants), None)
            if clash:
                variant, owner, variant_node = clash
                fix = "remove the variant" if role == "name" else "remove the short form or the variant"
                found.append((node, f"{spelled(role, written, entry)} is also the variant '{variant}' of "
                                    f"'{owner.name}' (line {_line(variant_node)}): the pages cannot both use and "
                                    f"avoid it; {fix}"))
        name_node = located.spellings[0][2]
        first, first_node = ids.setdefault(entry.anchor, (entry, name_node))
        if first is not entry and not name_clashed:  # a name of two entries is reported once, above
            found.append((name_node, f"the name '{entry.name}' gives its entry the id '{entry.anchor}', as the name "
                                     f"'{first.name}' (line {_line(first_node)}) does: links would reach only one of "
                                     "them; spell the names apart or merge the entries"))
    return found
