"""Run the page validator (scripts/validate.py) at the start of every `mkdocs build` and `mkdocs serve` rebuild.

Errors stop the build with exactly the lines the command line prints (a
serve rebuild keeps the last good site and says why). Warnings (such as an
http:// link) are logged at INFO: our builds are strict, and a warning
logged as a MkDocs WARNING would fail a build that the validator passes.

A finding only the rendered page can settle (an id or definition made by a
hook, extension or plugin) is confirmed here by rendering that page, with a
configuration loaded afresh: the build renders pages only after this event,
and waiting for its rendering would let a broken site build before stopping.

It runs at on_pre_build, and so gathers the files and follows the plugins'
on_files and on_nav itself (events.py), which the build then does again
(about 1% of `make site`): taking the build's own files at on_files or
on_nav would come after MkDocs has emptied the site directory
(mkdocs/commands/build.py cleans it right after on_pre_build), so a stopped
build, or a `mkdocs serve` rebuild, would leave no site at all.

Pages unchanged since the last run come from the validator's cache
(.cache/validate/ beside mkdocs.yml, as the command line keeps it): a
`mkdocs serve` rebuild reads only the page that changed.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from validator import SetupError, project_from_config, run  # noqa: E402
from validator.report import render, summary  # noqa: E402

log = logging.getLogger("mkdocs.hooks.validate")


@event_priority(100)  # before other hooks spend time on a site that will not build
def on_pre_build(config: MkDocsConfig) -> None:
    try:
        # fresh: pages rendered to confirm findings must not run this build's own plugin instances.
        result = run(project_from_config(config), fresh=True, cache=True)
    except SetupError as error:
        raise Abort(f"validate: {error}") from error
    for problem in result.problems:
        if problem.severity == "warning":
            log.info(render([problem], "text").rstrip("\n"))
    if result.errors:
        raise Abort(render(result.problems, "text") + summary(result.problems, result.pages))
