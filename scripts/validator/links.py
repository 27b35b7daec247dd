"""Where links, images and nav entries lead, resolved as the build resolves them: facts for the link rules.

Markdown links are resolved against the page's source path, with MkDocs' own
`_RelativePathTreeprocessor._target_uri`, and looked up among the files the
build has. MkDocs leaves URLs in raw HTML (`<a href>`, `<img src>`) as
written, so those are resolved against the page's URL in the built site. Nav
entries are paths in the docs directory, looked up as `get_navigation` does.

Resolving judges nothing: it says what a link leads to (facts.Resolution),
and the link rules (site_checks.py) say what is wrong with that.
"""

from __future__ import annotations

import difflib
import functools
import posixpath
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import _RelativePathTreeprocessor
from mkdocs.utils import get_relative_url

from .facts import Link, Resolution
from .project import is_published
from .safety import url_problems

target_uri = _RelativePathTreeprocessor._target_uri


class LinkResolver:
    def __init__(self, docs_dir: Path, files: Files, pages: Mapping[str, Any], ids: Mapping[str, Sequence[str]],
                 rendered_has_id: Callable[[str, str], bool] | None = None) -> None:
        self.docs_dir = docs_dir
        self.rendered_has_id = rendered_has_id  # (src_uri, id): confirms a missing id against the rendered page
        self.files = files
        self.pages = pages
        self.page_ids = ids  # each page's ids in document order (its `page_anchors`' ids)
        self.by_lower = {uri.lower(): uri for uri in files.src_uris}
        self.by_dest = {file.dest_uri: file for file in files if is_published(file)}
        # Remembered for the run: the same targets are linked from page after page, and a renamed page's every
        # link would otherwise have its likeliest meaning guessed anew, comparing it with every file's path.
        self.file_at: Callable[[str], File | None] = functools.cache(files.get_file_from_path)
        self._guess: Callable[[str, bool], str | None] = functools.cache(self._closest)

    def ids(self, src_uri: str) -> Sequence[str] | None:
        """The ids of a page in document order, or None if it could not be read."""
        page = self.pages.get(src_uri)
        if page is None or not page.readable:
            return None
        return self.page_ids[src_uri]

    def resolve(self, link: Link, path: str, file: File) -> Resolution:
        """Where `link`, on the page of `file` (printed as `path`), leads."""
        url = link.url
        if not url.strip():
            return Resolution(link, path, "empty")
        if unsafe := url_problems(url, "link", f"'{url}'", image=link.image, loads=link.image):
            return Resolution(link, path, "unsafe", unsafe=unsafe)
        try:
            parts = urlsplit(url)
        except ValueError as error:
            return Resolution(link, path, "invalid", detail=str(error))
        if parts.scheme:  # urlsplit lowercases it
            return Resolution(link, path, "external", detail=parts.scheme)
        if parts.netloc:  # //host/path: external, scheme of the page
            return Resolution(link, path, "found")
        if url.startswith(("/", "\\")):
            return Resolution(link, path, "absolute", write=self._absolute(parts.path, file))
        target, fragment = unquote(parts.path), parts.fragment
        if not target:
            return self._anchor(Resolution(link, path, "found"), file, file, fragment)
        if link.raw_html:
            return self._raw_html(Resolution(link, path, "found"), target, fragment, file)
        found = Resolution(link, path, "found", target=target_uri(file.src_uri, target))
        if found.target == ".." or found.target.startswith("../"):
            found.kind = "outside"
            return found
        target_file = self.file_at(found.target)
        if target_file is None:
            return self._missing(found, target, file)
        if not is_published(target_file):
            found.kind = "excluded"
            found.detail = "draft" if target_file.inclusion == InclusionLevel.DRAFT else "excluded"
            return found
        if target_file.is_documentation_page():
            return self._anchor(found, file, target_file, fragment)
        return found

    def _relative(self, src_uri: str, file: File) -> str:
        return get_relative_url(src_uri, file.src_uri)

    def _absolute(self, path: str, file: File) -> str | None:
        """The link relative to the page, if a file of the build is what the absolute path means."""
        stripped = unquote(path).lstrip("/\\")
        candidates = [stripped, stripped + ".md", posixpath.join(stripped, "index.md"),
                      stripped.removesuffix("/").removesuffix(".html") + ".md"]
        by_dest = self.by_dest.get(stripped) or self.by_dest.get(posixpath.join(stripped, "index.html"))
        target = next((c for c in candidates if self.file_at(c)), by_dest.src_uri if by_dest else None)
        return self._relative(target, file) if target else None

    def _missing(self, found: Resolution, path: str, file: File) -> Resolution:
        """No file of the build is `found.target`: a directory, another letter case, or nothing (with a guess)."""
        target = found.target
        if path.endswith("/") or target == "." or (self.docs_dir / target).is_dir():
            index = next((posixpath.normpath(posixpath.join(target, name)) for name in ("index.md", "README.md")
                          if self.file_at(posixpath.normpath(posixpath.join(target, name)))), None)
            found.kind, found.write = "directory", self._relative(index, file) if index else None
        elif (actual := self.by_lower.get(target.lower())) is not None:
            found.kind, found.target, found.write = "case", actual, self._relative(actual, file)
        else:
            guess = self._guess(target, found.link.image)
            found.kind, found.write = "missing", self._relative(guess, file) if guess else None
        return found

    def _closest(self, target: str, image: bool) -> str | None:
        """The file a missing `target` likely meant (`_guess`, remembered)."""
        stem, extension = posixpath.splitext(target)
        for candidate in (stem + ".md", target + ".md", posixpath.join(target, "index.md")):
            if not image and candidate != target and self.file_at(candidate):
                return candidate
        docs_dir = str(self.docs_dir)
        pool = [f.src_uri for f in self.files if (f.is_documentation_page() != image) and is_published(f)
                and f.src_dir == docs_dir]
        close = difflib.get_close_matches(target, pool, n=1, cutoff=0.8)
        return close[0] if close else None

    def _anchor(self, found: Resolution, file: File, target_file: File, fragment: str) -> Resolution:
        """`found`, or, if the target page will not have the fragment's id, a "no-anchor" resolution."""
        # A text fragment (#:~:text=...) is a search for words, not an id; an id may come before it.
        fragment = fragment.split(":~:", 1)[0]
        if not fragment:
            return found
        ids = self.ids(target_file.src_uri)
        if ids is None or fragment in ids:
            return found
        if self.rendered_has_id is not None and self.rendered_has_id(target_file.src_uri, fragment):
            return found  # an id made by an extension, hook or plugin
        found.kind, found.target, found.detail, found.ids = "no-anchor", target_file.src_uri, fragment, ids
        found.itself = target_file is file
        return found

    def _raw_html(self, found: Resolution, path: str, fragment: str, file: File) -> Resolution:
        """Raw HTML's URL, relative to the page's URL in the built site."""
        found.target = target = posixpath.normpath(posixpath.join(posixpath.dirname(file.dest_uri), path))
        if target == ".." or target.startswith("../"):
            found.kind = "outside"
            return found
        built = self.by_dest.get(target) or self.by_dest.get(posixpath.join(target, "index.html"))
        if built is None:
            source = self.file_at(target_uri(file.src_uri, path))
            if source is not None and source.is_documentation_page():
                found.kind, found.detail, found.write = "raw-source", source.url, self._relative(source.src_uri, file)
            else:
                found.kind, found.detail = "missing", file.url or "./"
            return found
        if built.is_documentation_page():
            return self._anchor(found, file, built, fragment)
        return found

    def nav_entry(self, entry: Link, config_file: str) -> Resolution:
        """Where a nav entry (`entry.url`: its path) leads, as get_navigation looks it up; "found" also for URLs."""
        path = entry.url
        try:
            parts = urlsplit(path) if "\\" not in path else None
        except ValueError:  # not a URL: looked up as a path
            parts = None
        if parts is not None and (parts.scheme or parts.netloc):
            return Resolution(entry, config_file, "found", nav=True)
        if path.startswith("/"):
            return Resolution(entry, config_file, "absolute", nav=True)
        file = self.file_at(path)
        if file is None:
            if (actual := self.by_lower.get(path.lower())) is not None:
                return Resolution(entry, config_file, "case", target=actual, nav=True)
            close = difflib.get_close_matches(path, [f.src_uri for f in self.files.documentation_pages()], n=1,
                                              cutoff=0.8)
            return Resolution(entry, config_file, "missing", write=close[0] if close else None, nav=True)
        if not is_published(file):
            return Resolution(entry, config_file, "excluded", target=file.src_uri, nav=True)
        return Resolution(entry, config_file, "found", target=file.src_uri, nav=True)
