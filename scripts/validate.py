"""Check the site's pages before every build: links, anchors, images, front matter, structure, safety, names.

    python scripts/validate.py [-f mkdocs.yml] [--format text|json|github] [PATH ...]

Settings come from the MkDocs configuration (-f): docs_dir, nav,
exclude_docs, draft_docs, not_in_nav, and the Markdown extensions (toc's
slugify and separator, attr_list, def_list, footnotes, md_in_html,
pymdownx.snippets' includes; the containers whose indented bodies are
Markdown: admonition, pymdownx.details, pymdownx.tabbed, and pymdownx.blocks;
pymdownx.superfences for indented fences). Without an extension, what it would
read is read as the build then reads it: an indented body is code. The
plugins' on_files and on_nav events run as in `mkdocs build`, so that the
pages read are the pages the build publishes (blog posts too). A broken anchor
or undefined reference is reported only if the page, rendered by the project's
own Markdown pipeline, lacks it too (ids and definitions made by hooks,
extensions or plugins such as autorefs). Beside it, by fixed paths:

  scripts/front-matter.schema.json  (relative to mkdocs.yml) the JSON Schema
                                    every page's front matter must meet
  data/names.yml                    (relative to docs_dir) canonical names of
                                    people and places, and their variants

Names: a variant spelling in prose is an error (name-variant), except in code
and in a quotation kept verbatim: a block quote right after the line
<!-- verbatim -->.

Some rules are this site's house style (straight-quote, the name rules,
front-matter-schema, insecure-link): another project turns off the ones it
does not share with --ignore, as in --ignore straight-quote,insecure-link.

Pages unchanged since the last run are not read again: their facts are
kept in .cache/validate/ beside mkdocs.yml (ignored by git, safe to delete),
filed under a hash of the page and of everything reading it depends on
(the validator's code, the Markdown extensions and their settings, the
names file, the schema). Pages that include other files are always read.
A run sets the time of the entries it uses; once a day, entries no run has
used for 30 days are deleted (another branch's pages stay for a month).
--no-cache reads every page and writes nothing there.

With PATHs, only problems in those files (or directories) are reported;
links into other pages are still resolved against the whole site.

Exit status: 0 no problem of severity error (warnings are printed only),
1 problems found, 2 the run could not start (bad arguments, unusable mkdocs.yml
or schema file). Every rule id is listed by --list-rules.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# What the validator imports, by top-level module: the distribution, and the lowest version known to work (None:
# the version requirements-build.lock pins). Markdown >= 3.3.6 is what MkDocs 1.6 accepts.
REQUIREMENTS = {"markdown": ("Markdown", "3.3.6"), "mkdocs": ("mkdocs", "1.6"), "markdown_it": ("markdown-it-py", None),
                "mdit_py_plugins": ("mdit-py-plugins", None), "yaml": ("PyYAML", None),
                "jsonschema_rs": ("jsonschema-rs", None)}


def missing_requirement(error: ImportError) -> str | None:
    """One line naming the package this environment lacks or has too old; None if `error` is not about one."""
    from importlib import metadata

    module = (error.name or "").split(".")[0]
    if module not in REQUIREMENTS:
        return None
    distribution, lowest = REQUIREMENTS[module]
    try:
        version = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        version = "none"
    needed = f"{distribution} >= {lowest}" if lowest else distribution
    return f"the validator needs {needed} (this environment has {version}): {error}"


try:
    from validator import RULES, SetupError, load_project, run
    from validator.report import FORMATS, render, summary
except ImportError as import_error:  # another project's environment: say what it lacks, not a traceback
    lacking = missing_requirement(import_error)
    if __name__ != "__main__" or lacking is None:
        raise
    print(f"validate.py: error: {lacking}", file=sys.stderr)
    raise SystemExit(2) from None

__all__ = ["RULES", "main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="validate.py", description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[2:]), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="MKDOCS_YML",
                        help="the MkDocs configuration (default: mkdocs.yml)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes that read pages on large sites (default: one per core)")
    parser.add_argument("--ignore", action="append", default=[], metavar="RULE[,RULE]",
                        help="do not report these rules (repeatable): house rules another project does not share")
    parser.add_argument("--no-cache", action="store_true",
                        help="read every page, and neither read nor write the cache of page facts (.cache/validate/)")
    parser.add_argument("--list-rules", action="store_true", help="print every rule id, severity, summary and fix, and exit")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="report only problems in these files or directories")
    return parser


@contextmanager
def _few_garbage_collections() -> Iterator[None]:
    """Reading pages makes millions of short-lived objects (markdown-it's tokens), none in a reference cycle:
    at Python's default threshold the cycle collector runs every 700 of them and scans the survivors (MkDocs'
    configuration, the imports) again and again (some 5% of a cold run's CPU). Objects made so far are set
    aside (forked workers then share their memory pages too), and it runs 100 times less often (as mypy's
    build does)."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(70_000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def main(argv: Sequence[str] | None = None) -> int:
    with _few_garbage_collections():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 0 if exit_.code == 0 else 2
    if args.list_rules:
        for rule in RULES.values():
            print(f"{rule.id} ({rule.severity}): {rule.summary} Fix: {rule.fix}")
        return 0
    ignored = {rule for value in args.ignore for rule in value.split(",") if rule}
    unknown = sorted(ignored - RULES.keys())
    if unknown:
        print(f"validate.py: error: --ignore: no rule {', '.join(map(repr, unknown))} (--list-rules lists them)",
              file=sys.stderr)
        return 2
    missing = [path for path in args.paths if not os.path.exists(path)]
    if missing:
        print(f"validate.py: error: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        project = load_project(args.config_file)
        result = run(project, args.paths, jobs=max(1, args.jobs), cache=not args.no_cache)
    except SetupError as error:
        print(f"validate.py: error: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - a bug of ours must not look like a problem of the pages
        print(f"validate.py: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
    problems = [problem for problem in result.problems if problem.rule not in ignored]
    sys.stdout.write(render(problems, args.format))
    for note in result.notes:
        print(note, file=sys.stderr)
    print(summary(problems, result.pages), file=sys.stderr)
    return 1 if any(problem.severity == "error" for problem in problems) else 0


if __name__ == "__main__":
    raise SystemExit(main())
