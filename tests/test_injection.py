"""Nothing an editor writes can run in a reader's browser or load from another host.

A copy of the project gets hostile values in every plain-text field (front
matter, names file) and two hostile page bodies. The validator must reject
each at its own line and column; the build, run without the validator (a
file that never went through it), must still write each value as text, not
markup; and Debian chromium, opening every page, must see no dialog and no
element or attribute from them. A title with '&', curly quotes and 'a < b'
must show as itself everywhere: nothing escaped twice.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from conftest import build_site, copy_project
from validator_project import validate_cli

# Each carries alert(N) or a marker, so that any trace of it as markup can be found.
TITLE = "Battle </title><script>alert(2)</script> [t](javascript:alert(7))"
DESCRIPTION = "Evil <img src=x onerror=alert(3)>"
BREAKOUT = '"><svg onload=alert(4)>'
JAVASCRIPT = "javascript:alert(5)"
COMMENT = "<!-- hostile-comment --> hidden"
ENTITIES = "&lt;script&gt;alert(6)&lt;/script&gt;"
MARKDOWN_LINK = "[link](javascript:alert(9))"
NAME = "Evil <b onmouseover=alert(8)>Name</b>"
# A title real content may have: shown exactly as written, never escaped twice.
HONEST_TITLE = "Evacuation & \u201csiege\u201d: 1 < 2"
BODY_SVG = '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'
BODY_IMAGE = '<img src="https://tracker.example/pixel.gif" alt="pixel">'
HOSTILE_BODIES = f"\n{BODY_SVG}\n\n{BODY_IMAGE}\n"

# The HTML a build must never hold: markup that came from the values above.
FOUND_IN_DOM = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (a.name.startsWith("on") && /alert\\(/.test(a.value)) found.push(`${el.localName} ${a.name}`);
      if (/^(href|xlink:href|src|action|formaction)$/.test(a.name) && /^\\s*javascript:/i.test(a.value))
        found.push(`${el.localName} ${a.name}=${a.value}`);
    }
    if (el.localName === "script" && /alert\\(/.test(el.textContent)) found.push("script " + el.textContent);
    if (el.localName === "img" && el.getAttribute("src") === "x") found.push("img src=x");
  }
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT);
  while (walker.nextNode()) if (walker.currentNode.data.includes("hostile-comment")) found.push("comment");
  return found;
}"""


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _set_field(page: Path, field: str, value: str) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(rf"(?m)^{field}: .*$", lambda _: f"{field}: {_quoted(value)}", text, count=1),
                    encoding="utf-8")


def _append_items(page: Path, field: str, values: list[str]) -> None:
    """Add items to a block list of the front matter (after its last item)."""
    lines = page.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"{field}:")
    end = start + 1
    while lines[end].startswith("  - "):
        end += 1
    lines[end:end] = [f"  - {_quoted(value)}" for value in values]
    page.write_text("\n".join(lines), encoding="utf-8")


def _position(path: Path, value: str) -> tuple[int, int]:
    """1-based line and column where the quoted `value` is written in `path`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if _quoted(value) in line:
            return number, line.index(_quoted(value)) + 1
    raise AssertionError(f"{value!r} is not in {path}")


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("injection") / "project")
    docs = project / "docs"
    _set_field(docs / "battle.md", "title", TITLE)
    _set_field(docs / "battle.md", "description", BREAKOUT)
    _append_items(docs / "battle.md", "people", [ENTITIES, NAME])
    _append_items(docs / "battle.md", "places", [JAVASCRIPT, COMMENT])
    _append_items(docs / "battle.md", "tags", [MARKDOWN_LINK])
    _set_field(docs / "looting.md", "title", COMMENT)
    _set_field(docs / "looting.md", "description", DESCRIPTION)
    _set_field(docs / "evacuation.md", "title", HONEST_TITLE)
    names = docs / "data" / "names.yml"
    text = names.read_text(encoding="utf-8")
    # The first entry's description and side, whatever they say today.
    text, replaced = re.subn(r"(?m)^(  - name: Kirill Stremousov\n)    description: .*\n    side: .*\n",
                             lambda m: f"{m[1]}    description: {_quoted(DESCRIPTION)}\n"
                                       f"    side: {_quoted(BREAKOUT)}\n", text, count=1)
    assert replaced == 1, "names.yml no longer starts its people with Kirill Stremousov's description and side"
    text = text.replace("    short_forms: [Stremousov]\n",
                        f"    short_forms: [Stremousov, {_quoted(COMMENT)}]\n", 1)
    text = text.replace("people:\n", "people:\n"
                        f"  - name: {_quoted(NAME)}\n"
                        f"    description: {_quoted(MARKDOWN_LINK)}\n"
                        f"    side: {_quoted(JAVASCRIPT)}\n"
                        f"    variants: [{_quoted(ENTITIES)}]\n", 1)
    names.write_text(text, encoding="utf-8")
    return project


def test_validator_rejects_markup_in_every_plain_text_field_at_its_line(hostile_project: Path) -> None:
    docs = hostile_project / "docs"
    timeline = docs / "timeline.md"
    clean = timeline.read_text(encoding="utf-8")
    timeline.write_text(clean + HOSTILE_BODIES, encoding="utf-8")
    try:
        result = validate_cli(cwd=hostile_project)
    finally:
        timeline.write_text(clean, encoding="utf-8")
    assert result.returncode == 1
    found = {(path, int(line), int(column), rule) for path, line, column, rule in
             re.findall(r"^(\S+?):(\d+):(\d+): ([a-z-]+): ", result.stdout, re.M)}
    names = docs / "data" / "names.yml"
    markup = [("docs/battle.md", TITLE), ("docs/battle.md", BREAKOUT), ("docs/battle.md", ENTITIES),
              ("docs/battle.md", NAME), ("docs/battle.md", COMMENT),
              ("docs/looting.md", COMMENT), ("docs/looting.md", DESCRIPTION),
              ("docs/data/names.yml", DESCRIPTION), ("docs/data/names.yml", BREAKOUT),
              ("docs/data/names.yml", COMMENT), ("docs/data/names.yml", NAME), ("docs/data/names.yml", ENTITIES)]
    expected = {(path, *_position(hostile_project / path, value), "markup-in-plain-text") for path, value in markup}
    assert {f for f in found if f[3] == "markup-in-plain-text"} == expected, result.stdout
    lines = clean.count("\n")
    assert ("docs/timeline.md", lines + 2, 6, "active-scheme") in found, result.stdout
    assert ("docs/timeline.md", lines + 4, 1, "remote-resource") in found, result.stdout
    # Plain text that is not markup stays allowed: '&', quotes and 'a < b' in a title.
    assert not any(path == "docs/evacuation.md" for path, *_ in found), result.stdout
    assert f"remove '{DESCRIPTION.split(' ', 1)[1]}'" in result.stdout


@pytest.fixture(scope="module")
def hostile_site(hostile_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile project built without the validator: what a file that never went through it would give."""
    config = hostile_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^  - scripts/hooks/validate\.py.*\n", "", text), encoding="utf-8")
    site = tmp_path_factory.mktemp("injection-site") / "site"
    result = build_site(site, config, strict=False)
    assert result.returncode == 0, result.stderr
    return site


class _Markup(HTMLParser):
    """What a page's HTML makes elements, attributes and comments of, as a browser's parser does."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag = tag
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "alert(" in value:
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "xlink:href", "src", "action", "formaction") and \
                    value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
            if tag == "img" and name == "src" and value == "x":
                self.found.append("<img src=x>")

    def handle_data(self, data: str) -> None:
        if self.tag == "script" and "alert(" in data:
            self.found.append(f"<script>{data}")

    def handle_comment(self, data: str) -> None:
        if "hostile-comment" in data:
            self.found.append("<!-- hostile-comment -->")


def test_build_writes_plain_text_fields_as_text(hostile_site: Path) -> None:
    for page in sorted(hostile_site.rglob("*.html")):
        parser = _Markup()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page.relative_to(hostile_site)


def test_browser_runs_and_adds_nothing_from_plain_text_fields(hostile_site: Path, browser: Browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for html_file in sorted(hostile_site.rglob("*.html")):
            page.goto(html_file.as_uri(), wait_until="load")
            page.wait_for_timeout(100)
            assert page.evaluate(FOUND_IN_DOM) == [], html_file.name
        assert dialogs == []
        # Shown exactly as written, once escaped: in the tab, the header, the navigation and the footer.
        page.goto((hostile_site / "evacuation.html").as_uri())
        assert page.title() == f"{HONEST_TITLE} - Kherson, 8 November 2022"
        assert page.locator(".md-header__topic:last-child .md-ellipsis").text_content().strip() == HONEST_TITLE
        assert page.get_attribute('meta[property="og:title"]', "content") == HONEST_TITLE
        page.goto((hostile_site / "battle.html").as_uri())
        assert page.title() == f"{TITLE} - Kherson, 8 November 2022"
        nav = page.eval_on_selector_all("nav.md-nav--primary .md-nav__link", "els => els.map(e => e.textContent.trim())")
        assert TITLE in nav and HONEST_TITLE in nav and COMMENT in nav
        footer = page.locator(".md-footer__link--next .md-ellipsis").text_content().strip()
        assert footer == COMMENT
        page.goto((hostile_site / "people-and-places.html").as_uri())
        text = page.locator("article").inner_text()
        assert DESCRIPTION in text and NAME in text and MARKDOWN_LINK in text and TITLE in text
    finally:
        context.close()
