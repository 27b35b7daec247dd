"""Create a new page in docs/ with front matter that the schema accepts.

    python scripts/new_page.py "Reactions abroad" --description "How other capitals reacted."

writes docs/reactions-abroad.md and says what to do next. It never overwrites
a page. The description is required: a placeholder would pass every check and
could reach search results as the page's summary.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The validator's schema engine: a page this script makes passes the validator's front-matter check.
from validator.front_matter import SchemaFileError, load_schema  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCHEMA_FILE = ROOT / "scripts" / "front-matter.schema.json"
# The overview page carries the report's date; every page of the report shares it.
OVERVIEW = DOCS / "index.md"


def slugify(title: str) -> str:
    """'Kherson, 8 November 2022' -> 'kherson-8-november-2022'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def report_date() -> datetime.date:
    """The `date` of the overview page: the report's date."""
    match = re.match(r"---\n(.*?)\n---\n", OVERVIEW.read_text(encoding="utf-8"), re.DOTALL)
    meta = yaml.safe_load(match.group(1)) if match else None
    if not isinstance(meta, dict) or not isinstance(meta.get("date"), datetime.date):
        raise ValueError(f"{OVERVIEW.relative_to(ROOT)}: no `date` in its front matter; pass --date")
    return meta["date"]


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2022-11-08") from None


def page_text(title: str, description: str, date: datetime.date) -> str:
    front_matter = yaml.safe_dump(
        {"title": title, "description": description, "date": date},
        allow_unicode=True, sort_keys=False, width=1000,
    )
    return f"---\n{front_matter}---\n\n# {title}\n\n"


def schema_problems(title: str, description: str, date: datetime.date) -> list[str]:
    """What the schema says about the front matter, field by field."""
    schema = load_schema(SCHEMA_FILE, str(SCHEMA_FILE.relative_to(ROOT)))
    meta = {"title": title, "description": description, "date": date.isoformat()}
    errors = schema.validator.iter_errors(meta) if schema else ()
    return [f"{'.'.join(map(str, error.instance_path))}: {_plain(error)}" for error in errors]


def _plain(error: Any) -> str:
    """jsonschema-rs's message, but a length as a count: the text itself may be long."""
    if type(error.kind).__name__ == "MaxLength":
        return f"{len(error.instance)} characters; at most {error.kind.limit}"
    return error.message


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Create docs/<slug>.md with valid front matter.")
    parser.add_argument("title", help="the page title, as readers will see it")
    parser.add_argument("--description", required=True,
                        help="one or two sentences for search results and link previews (at most 160 characters)")
    parser.add_argument("--date", type=iso_date,
                        help="the report's date, YYYY-MM-DD (default: the date on the overview page)")
    parser.add_argument("--slug", help="the file name without .md (default: made from the title)")
    args = parser.parse_args(argv)

    title, description = args.title.strip(), " ".join(args.description.split())
    try:
        date = args.date or report_date()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        problems = schema_problems(title, description, date)
    except SchemaFileError as error:
        problems = [str(error)]
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    slug = args.slug or slugify(title)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        print(f"error: cannot make a file name from {args.slug or title!r}; pass --slug, e.g. --slug reactions-abroad",
              file=sys.stderr)
        return 1

    page = DOCS / f"{slug}.md"
    try:
        with page.open("x", encoding="utf-8") as file:
            file.write(page_text(title, description, date))
    except FileExistsError:
        print(f"error: {page.relative_to(ROOT)} already exists; pick another title or pass --slug", file=sys.stderr)
        return 1

    print(f"Created {page.relative_to(ROOT)}. Next:")
    print("  1. Write the page below its heading.")
    print(f"  2. Add it to the nav in mkdocs.yml, where readers should find it, e.g.:  - {page.name}")
    print("     (the strict build fails on a page that is not in the nav)")
    print(f"  3. Check it: .venv/bin/python scripts/validate.py {page.relative_to(ROOT)}  then  make serve")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
