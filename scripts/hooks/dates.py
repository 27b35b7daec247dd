"""Date filters for the theme: `iso_date` and `long_date` ("8 November 2022").

The theme shows each page's `date` and `updated` under its title and in its
<head>. YAML gives a date object for an unquoted date and a string for a
quoted one; both are accepted. Month names are spelled here rather than by
strftime, whose names follow the build machine's locale.
"""

from __future__ import annotations

import datetime

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def as_date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise PluginError(f"dates: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def iso_date(value: object) -> str:
    return as_date(value).isoformat()


def long_date(value: object) -> str:
    day = as_date(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.filters["iso_date"] = iso_date
    env.filters["long_date"] = long_date
    return env
