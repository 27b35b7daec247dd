"""Readers get the site's own style sheets without their comments.

The comments in extra_css files say why each rule is there, for editors;
readers' browsers would download them with every first view (about 1.7 KB
gzip of the 75 KB budget, scripts/bench_pages.py). The build publishes, and
the offline copy holds, a copy without them; strings are kept as written.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

# A string is matched first, so that a "/*" inside one is left alone.
COMMENT_OR_STRING = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|/\*.*?\*/""", re.S)


def without_comments(css: str) -> str:
    """`css` without its comments, and without the blank lines they leave."""
    stripped = COMMENT_OR_STRING.sub(lambda match: match[1] or "", css)
    return "\n".join(line for line in stripped.split("\n") if line.strip()) + "\n"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for uri in config.extra_css:
        file = files.get_file_from_path(uri)
        if file is None or file.generated_by is not None:
            continue
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=without_comments(file.content_string)))
    return files
