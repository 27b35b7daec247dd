"""Links and images: their targets, anchors, schemes and alt text, resolved as the build resolves them.

Markdown links are resolved against the page's source path, with MkDocs' own
`_RelativePathTreeprocessor._target_uri`, and looked up among the files the
build has. MkDocs leaves URLs in raw HTML (`<a href>`, `<img src>`) as
written, so those are resolved against the page's URL in the built site.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import _RelativePathTreeprocessor
from mkdocs.utils import get_relative_url

from .anchors import Anchor
from .facts import Link, Page, included_note
from .project import Project, is_published
from .rules import Problem
from .safety import url_problems

target_uri = _RelativePathTreeprocessor._target_uri


def target_rule(finding: str, *, image: bool = False) -> str:
    """The rule of each finding about where a link, an image or a nav entry leads: the one place naming them.

    The rules of safety.url_problems (a URL that runs code or loads from elsewhere) pass through as they are.
    """
    return {
        "invalid": "broken-link",
        "missing": "missing-image" if image else "broken-link",
        "directory": "missing-image" if image else "directory-link",
        "case": "case-mismatch",
        "excluded": "excluded-target",
        "escapes": "escapes-docs",
        "absolute": "absolute-link",
        "anchor": "broken-anchor",
        "no-alt": "image-alt",
        "http": "insecure-link",
    }.get(finding, finding)


class LinkChecker:
    def __init__(self, project: Project, files: Files, pages: dict[str, Page], anchors: dict[str, list[Anchor]],
                 rendered_has_id: Callable[[str, str], bool] | None = None) -> None:
        self.project = project
        self.rendered_has_id = rendered_has_id  # (src_uri, id): confirms a missing id against the rendered page
        self.files = files
        self.pages = pages
        self.anchors = anchors  # each page's `page_anchors`
        self.docs_dir = str(project.docs_dir)
        self.by_lower = {uri.lower(): uri for uri in files.src_uris}
        self.by_dest = {file.dest_uri: file for file in files if is_published(file)}
        self._ids: dict[str, list[str]] = {}

    def ids(self, src_uri: str) -> list[str] | None:
        """The ids of a page in document order, or None if it could not be read."""
        if src_uri not in self._ids:
            page = self.pages.get(src_uri)
            if page is None or not page.readable:
                return None
            self._ids[src_uri] = [a.id for a in self.anchors[src_uri]]
        return self._ids[src_uri]

    def check(self, page: Page, file: File) -> list[Problem]:
        problems: list[Problem] = []
        for link in page.links:
            for rule, message in self._check(link, file):
                problems.append(Problem(page.path, link.line, link.column, rule, message + included_note(link.included)))
        return problems

    def _check(self, link: Link, file: File) -> list[tuple[str, str]]:
        """(rule, message) for each problem of `link`, on the page of `file`."""
        return [(target_rule(finding, image=link.image), message) for finding, message in self._findings(link, file)]

    def _findings(self, link: Link, file: File) -> list[tuple[str, str]]:
        url, shown = link.url, f"'{link.url}'"
        found: list[tuple[str, str]] = []
        if link.image and (link.alt is None or not link.alt.strip()):
            how = 'add alt="what it shows" to the <img>' if link.raw_html else \
                f"describe what it shows in the brackets: ![what it shows]({url})"
            found.append(("no-alt", f"image {shown} has no alt text: {how}"))
        if not url.strip():
            if link.image:
                found.append(("missing", "the image has no source: give the path of the image file"))
            return found
        if unsafe := url_problems(url, "link", shown, image=link.image, loads=link.image):
            return found + unsafe
        try:
            parts = urlsplit(url)
        except ValueError as error:
            found.append(("invalid", f"{shown} — not a valid URL ({error})"))
            return found
        if parts.scheme:
            if parts.scheme == "http":  # urlsplit lowercases it: HTTP:// too
                found.append(("http", f"{shown} — http:// is not encrypted and browsers may block it: "
                                      f"use 'https://{url.split('://', 1)[-1]}' if the site supports it"))
            return found
        if parts.netloc:  # //host/path: external, scheme of the page
            return found
        if url.startswith(("/", "\\")):
            found.append(("absolute", self._absolute(url, parts.path, file)))
            return found
        path, fragment = unquote(parts.path), parts.fragment
        if not path:
            if fragment:
                found.extend(self._anchor(shown, file, file, fragment))
            return found
        if link.raw_html:
            found.extend(self._raw_html(link, shown, path, fragment, file))
            return found
        target = target_uri(file.src_uri, path)
        if target == ".." or target.startswith("../"):
            found.append(("escapes", f"{shown} — leads out of the docs directory, so the built site will not have it: "
                                     "link to a file inside the docs directory, or give the full https:// URL"))
            return found
        target_file = self.files.get_file_from_path(target)
        if target_file is None:
            found.append(self._missing(link, shown, path, target, file))
        elif not is_published(target_file):
            why = "is a draft (draft_docs)" if target_file.inclusion == InclusionLevel.DRAFT else "is excluded (exclude_docs)"
            found.append(("excluded", f"{shown} — {target} {why}, so the built site will not have it: "
                                      "link to a published page, or publish the target"))
        elif fragment and target_file.is_documentation_page():
            found.extend(self._anchor(shown, file, target_file, fragment))
        return found

    def _relative(self, src_uri: str, file: File) -> str:
        return get_relative_url(src_uri, file.src_uri)

    def _absolute(self, url: str, path: str, file: File) -> str:
        stripped = unquote(path).lstrip("/\\")
        candidates = [stripped, stripped + ".md", posixpath.join(stripped, "index.md"),
                      stripped.removesuffix("/").removesuffix(".html") + ".md"]
        by_dest = self.by_dest.get(stripped) or self.by_dest.get(posixpath.join(stripped, "index.html"))
        target = next((c for c in candidates if self.files.get_file_from_path(c)), by_dest.src_uri if by_dest else None)
        hint = f": write '{self._relative(target, file)}'" if target else ": write the path relative to the page, to the .md file"
        return f"'{url}' — an absolute link depends on where the site is served and breaks from file://{hint}"

    def _missing(self, link: Link, shown: str, path: str, target: str, file: File) -> tuple[str, str]:
        on_disk = self.project.docs_dir / target
        if path.endswith("/") or target == "." or on_disk.is_dir():
            index = next((posixpath.normpath(posixpath.join(target, name)) for name in ("index.md", "README.md")
                          if self.files.get_file_from_path(posixpath.normpath(posixpath.join(target, name)))), None)
            hint = f": link to the page itself, '{self._relative(index, file)}'" if index else \
                ": link to a page file (.md) inside it"
            return ("directory", f"{shown} — points to a directory{hint}")
        if (actual := self.by_lower.get(target.lower())) is not None:
            return ("case", f"{shown} — the file is {actual}: write '{self._relative(actual, file)}' with that "
                                     "letter case; a case-insensitive laptop finds it, the server does not")
        guess = self._guess(target, path, link.image)
        hint = f" (did you mean '{self._relative(guess, file)}'?)" if guess else ""
        noun = "image file" if link.image else "file"
        return "missing", f"{shown} — there is no {noun} {target} in the docs directory{hint}"

    def _guess(self, target: str, path: str, image: bool) -> str | None:
        stem, extension = posixpath.splitext(target)
        for candidate in (stem + ".md", target + ".md", posixpath.join(target, "index.md")):
            if not image and candidate != target and self.files.get_file_from_path(candidate):
                return candidate
        pool = [f.src_uri for f in self.files if (f.is_documentation_page() != image) and is_published(f)
                and f.src_dir == self.docs_dir]
        close = difflib.get_close_matches(target, pool, n=1, cutoff=0.8)
        return close[0] if close else None

    def _anchor(self, shown: str, file: File, target_file: File, fragment: str) -> list[tuple[str, str]]:
        # A text fragment (#:~:text=...) is a search for words, not an id; an id may come before it.
        fragment = fragment.split(":~:", 1)[0]
        if not fragment:
            return []
        ids = self.ids(target_file.src_uri)
        if ids is None or fragment in ids:
            return []
        if self.rendered_has_id is not None and self.rendered_has_id(target_file.src_uri, fragment):
            return []  # an id made by an extension, hook or plugin
        where = "this page" if target_file is file else target_file.src_uri
        # Footnote ids are links' targets too, but never what an editor meant to type.
        candidates = [i for i in ids if not i.startswith(("fn:", "fnref"))]
        close = difflib.get_close_matches(fragment, candidates, n=1, cutoff=0.5) or \
            [i for i in candidates if fragment.lower() in i.lower() or (len(i) > 3 and i in fragment)][:1]
        listed = f"{', '.join(candidates[:8])}{' …' if len(candidates) > 8 else ''}"
        hint = f" (did you mean '#{close[0]}'?)" if close else (f"; its ids are: {listed}" if candidates else "")
        return [("anchor", f"{shown} — {where} has no heading with id '{fragment}'{hint}")]

    def _raw_html(self, link: Link, shown: str, path: str, fragment: str, file: File) -> list[tuple[str, str]]:
        base = posixpath.dirname(file.dest_uri)
        target = posixpath.normpath(posixpath.join(base, path))
        if target == ".." or target.startswith("../"):
            return [("escapes", f"{shown} — leads out of the built site: link to a page of the site, "
                                     "or give the full https:// URL")]
        built = self.by_dest.get(target) or self.by_dest.get(posixpath.join(target, "index.html"))
        if built is None:
            source = self.files.get_file_from_path(target_uri(file.src_uri, path))
            if source is not None and source.is_documentation_page():
                kind = "<a href>" if not link.image else "<img src>"
                return [("invalid", f"{shown} — MkDocs does not rewrite URLs in raw HTML ({kind}), and the built site "
                                        f"has {source.url}, not {target}: write a Markdown link "
                                        f"[text]({self._relative(source.src_uri, file)}) instead")]
            return [("missing", f"{shown} — the built site has no {target} (raw HTML URLs are relative to the page's URL, "
                           f"{file.url or './'})")]
        if fragment and built.is_documentation_page():
            return self._anchor(shown, file, built, fragment)
        return []
