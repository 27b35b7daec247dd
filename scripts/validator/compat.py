"""Python-Markdown's helpers as every version MkDocs 1.6 accepts (Markdown >= 3.3.6) provides them.

A project pins its own Markdown (MkDocs' own docs 3.5.1, netbox 3.10.3): the
validator reads its pages with the helpers of that version, so that it reads
them as that version's build does.
"""

from __future__ import annotations

import inspect
from collections.abc import MutableSet

from markdown.extensions import attr_list
from markdown.extensions.toc import unique

__all__ = ["get_attrs_and_remainder", "unique_id"]


def _attrs_without_remainder(attrs_string: str) -> tuple[list[tuple[str, str]], str]:
    # Before Markdown 3.6, attr_list's pattern stops at the first '}', so no text is ever left after one.
    return attr_list.get_attrs(attrs_string), ""


get_attrs_and_remainder = getattr(attr_list, "get_attrs_and_remainder", _attrs_without_remainder)

# Markdown 3.11's toc.unique takes a cache of counters (speed only: the ids are the same).
_UNIQUE_COUNTS = "counters" in inspect.signature(unique).parameters


def unique_id(id_: str, ids: MutableSet[str], counters: dict[str, int]) -> str:
    """toc's unique(): `id_`, or `id_` with the first free `_1`, `_2` … suffix; added to `ids`."""
    return unique(id_, ids, counters) if _UNIQUE_COUNTS else unique(id_, ids)
