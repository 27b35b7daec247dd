"""The names file: canonical spellings of people and places, and the variants pages must not use.

The file is `data/names.yml` inside the docs directory: two lists, `people:`
and `places:`, of `{name, description, variants}`. When it exists, two rules
apply: `name-variant` (a variant in a page's prose) and `unknown-name` (a
`people`/`places` front-matter entry that is not a `name`).

Prose excludes code spans, fenced and indented code, HTML comments and tags,
and block quotes marked as verbatim quotations: a block quote whose previous
block is the HTML comment `<!-- verbatim -->`:

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

from .rules import Problem

NAMES_FILE = Path("data") / "names.yml"
CATEGORIES = ("people", "places")


@dataclass
class NameIndex:
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

    def variants_in(self, text: str) -> list[tuple[int, str, str]]:
        """(offset, variant as written, canonical name) for each variant in `text`."""
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(text):
            written = " ".join(match.group(0).split())
            key = written
            variant = self._form_to_variant.get(key, key)
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


def load_names(names_file: Path, display_path: str) -> tuple[NameIndex | None, list[Problem]]:
    """The index of `names_file`, or None when the project has no names file."""
    if not names_file.is_file():
        return None, []

    def problem(line: int, column: int, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(display_path, line, column, "invalid-names-file", message)]

    try:
        text = names_file.read_text(encoding="utf-8-sig")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as error:
        return problem(1, 1, f"cannot read the names file: {error}")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return problem(mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                       f"invalid YAML: {error.problem or error.context}")
    except yaml.YAMLError as error:
        return problem(1, 1, f"invalid YAML: {error}")

    index = NameIndex()
    if not isinstance(root, yaml.MappingNode):
        return problem(1, 1, "the names file must be a mapping with 'people:' and 'places:' lists")
    for key_node, list_node in root.value:
        if key_node.value not in CATEGORIES:
            return problem(key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                           f"unknown key '{key_node.value}': the names file has only 'people:' and 'places:'")
        if not isinstance(list_node, yaml.SequenceNode):
            return problem(list_node.start_mark.line + 1, list_node.start_mark.column + 1,
                           f"'{key_node.value}' must be a list of {{name, description, variants}}")
        for entry in list_node.value:
            where = (entry.start_mark.line + 1, entry.start_mark.column + 1)
            fields = {k.value: v for k, v in entry.value} if isinstance(entry, yaml.MappingNode) else None
            if fields is None or not isinstance(fields.get("name"), yaml.ScalarNode) or not fields["name"].value.strip():
                return problem(*where, "each entry needs a 'name:' (and a 'description:' and 'variants:' list)")
            name = fields["name"].value
            index.canonical[key_node.value].add(name)
            variants = fields.get("variants")
            if variants is None:
                continue
            if not isinstance(variants, yaml.SequenceNode) or not all(
                isinstance(v, yaml.ScalarNode) and v.value.strip() for v in variants.value
            ):
                return problem(variants.start_mark.line + 1, variants.start_mark.column + 1,
                               f"'variants' of '{name}' must be a list of spellings")
            for variant in variants.value:
                index.variant_of[" ".join(variant.value.split())] = name
    clashes = set(index.variant_of) & (index.canonical["people"] | index.canonical["places"])
    if clashes:
        clash = sorted(clashes)[0]
        return problem(1, 1, f"'{clash}' is both a name and a variant of '{index.variant_of[clash]}'")
    index.finish()
    return index, []
