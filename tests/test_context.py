"""Readers' context: names with tooltips and links, People and places, the timeline, the map."""

from __future__ import annotations

import calendar
import os
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag

import pytest
import yaml

from browser import Reader  # its fixtures (browser, desktop_reader) come through conftest.py
from conftest import DOCS, ROOT, VOID, build_site, copy_project, fold, front_matter, pages
from validator_project import make_project, validate_cli

NAMES = yaml.safe_load((DOCS / "data" / "names.yml").read_text(encoding="utf-8"))
KINDS = ("people", "places")
ENTRIES_PAGE = "people-and-places.html"
MAP = DOCS / "assets" / "images" / "kherson-map.svg"
NAMES_HOOK = ROOT / "scripts" / "hooks" / "names.py"


def entries() -> list[dict]:
    return [entry for kind in KINDS for entry in NAMES[kind]]


def html_name(page: Path) -> str:
    return page.relative_to(DOCS).with_suffix(".html").as_posix()


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    ancestors: list[str]
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def name(self) -> str:
        """A heading's text as a name: without its permalink sign, with straight apostrophes."""
        return self.text.removesuffix("¶").strip().replace("’", "'")


class _Article(HTMLParser):
    """Every element of the page's <article>, in document order, each with its text and ancestors' tags."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[Element] = []
        self.elements: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.open and tag != "article":
            return
        element = Element(tag, {k: v or "" for k, v in attrs}, [e.tag for e in self.open])
        self.elements.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if self.open and tag not in VOID:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.parts.append(data)


def article(html_file: Path) -> list[Element]:
    parser = _Article()
    parser.feed(html_file.read_text(encoding="utf-8"))
    assert parser.elements, f"{html_file.name} has no <article>"
    return parser.elements


def by_id(elements: list[Element]) -> dict[str, Element]:
    return {e.attrs["id"]: e for e in elements if "id" in e.attrs}


def entry_sections(site: Path) -> dict[str, list[Element]]:
    """People and places: each entry's id -> the elements from its heading to the next heading."""
    sections: dict[str, list[Element]] = {}
    current: list[Element] | None = None
    for element in article(site / ENTRIES_PAGE):
        if element.tag in {"h1", "h2", "h3"}:
            current = sections.setdefault(element.attrs.get("id", ""), []) if element.tag == "h3" else None
        if current is not None:
            current.append(element)
    return sections


def test_every_name_has_an_entry_with_a_stable_anchor(built_site: Path) -> None:
    sections = entry_sections(built_site)
    headings = {section[0].name: anchor for anchor, section in sections.items()}
    for entry in entries():
        anchor = headings.get(entry["name"])
        assert anchor, f"no entry for {entry['name']} on {ENTRIES_PAGE}"
        # Stable: made of the name's letters and digits alone, so it changes only with the name.
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", anchor), anchor
        assert anchor.replace("-", "") == re.sub(r"[^a-z0-9]", "", entry["name"].casefold()), anchor
        text = " ".join(e.text for e in sections[anchor][1:] if e.tag == "p")
        assert fold(entry["description"]) in fold(text), entry["name"]
        if "side" in entry:
            assert fold(entry["side"]) in fold(text), entry["name"]
    assert len(sections) == len(entries()), "an entry on the page that the names file does not have"


def test_front_matter_names_are_in_the_names_file() -> None:
    for page in pages():
        meta = front_matter(page)
        for kind in KINDS:
            known = {entry["name"] for entry in NAMES[kind]}
            unknown = set(meta.get(kind) or []) - known
            assert not unknown, f"{page.name}: {kind} {sorted(unknown)} not in docs/data/names.yml"


def test_mentioned_on_lists_the_pages_whose_front_matter_names_the_entry(built_site: Path) -> None:
    sections = entry_sections(built_site)
    anchors = {section[0].name: anchor for anchor, section in sections.items()}
    for entry in entries():
        kind = "people" if entry in NAMES["people"] else "places"
        expected = {html_name(page) for page in pages() if entry["name"] in (front_matter(page).get(kind) or [])}
        expected.discard(ENTRIES_PAGE)
        listed = _mentioned_on(sections[anchors[entry["name"]]])
        assert listed == expected, entry["name"]
        for target in listed:
            assert (built_site / target).is_file(), target


def _mentioned_on(section: list[Element]) -> set[str]:
    """The pages the entry's "Mentioned on" line links to."""
    line = [e for e in section if e.tag == "p" and e.text.startswith("Mentioned on:")]
    if not line:
        return set()
    start = section.index(line[0])
    return {e.attrs["href"] for e in section[start + 1:] if e.tag == "a" and e.ancestors[-1] == "p"}


@dataclass
class Mention:
    tag: str  # "a" (a link to the entry) or "abbr"
    entry: str
    in_heading: bool


def mentions(html_file: Path) -> list[Mention]:
    """Every element that carries a name's description: links to entries and abbreviations."""
    description_of = {entry["description"]: entry["name"] for entry in entries()}
    found = []
    for element in article(html_file):
        name = description_of.get(element.attrs.get("title", ""))
        if element.tag in {"a", "abbr"} and name:
            found.append(Mention(element.tag, name, any(t in {"h1", "h2", "h3", "h4", "h5", "h6"} for t in element.ancestors)))
    return found


@pytest.mark.parametrize("page", [p for p in pages() if html_name(p) != ENTRIES_PAGE], ids=lambda p: p.name)
def test_names_on_a_page_are_its_front_matter_first_linked_then_abbreviated(built_site: Path, page: Path) -> None:
    html_file = built_site / html_name(page)
    found = mentions(html_file)
    meta = front_matter(page)
    assert {m.entry for m in found} == set(meta.get("people") or []) | set(meta.get("places") or []), (
        "the names the page shows differ from its front matter's people/places"
    )
    assert not any(m.in_heading for m in found), "a name in a heading carries a tooltip"
    seen: set[str] = set()
    for mention in found:
        assert mention.tag == ("abbr" if mention.entry in seen else "a"), f"{mention.entry}: first mention must be the link"
        seen.add(mention.entry)
    # Each link leads to that name's own entry.
    sections = entry_sections(built_site)
    for element in article(html_file):
        url, anchor = urldefrag(element.attrs.get("href", ""))
        if element.tag == "a" and url.endswith(ENTRIES_PAGE) and anchor:
            description = {e["name"]: e["description"] for e in entries()}[sections[anchor][0].name]
            assert element.attrs["title"] == description, f"{element.text} links to another name's entry"


def test_names_on_people_and_places_stay_plain(built_site: Path) -> None:
    assert mentions(built_site / ENTRIES_PAGE) == []


def test_tooltips_are_abbreviations_with_the_description(built_site: Path) -> None:
    abbreviations = [m for page in pages() for m in mentions(built_site / html_name(page)) if m.tag == "abbr"]
    assert {m.entry for m in abbreviations} >= {"Kherson", "Jake Sullivan"}  # "Sullivan" alone, later on Diplomacy
    looting = article(built_site / "looting.html")
    cathedral = [e for e in looting if e.tag == "a" and e.text == "St. Catherine’s Cathedral"]
    assert cathedral and cathedral[0].attrs["href"].endswith("#st-catherines-cathedral"), "curly apostrophe not matched"


def timeline_rows(site: Path) -> list[list[Element]]:
    rows: list[list[Element]] = []
    for element in article(site / "timeline.html"):
        if element.tag == "tr" and "tbody" in element.ancestors:
            rows.append([])
        elif rows and "tbody" in element.ancestors:
            rows[-1].append(element)
    return rows


def test_timeline_is_in_order_and_links_each_event_to_its_paragraph(built_site: Path) -> None:
    rows = timeline_rows(built_site)
    assert len(rows) >= 7
    dates = [next(e.attrs["datetime"] for e in row if e.tag == "time") for row in rows]
    assert dates == sorted(dates), "events out of order"
    for row, date in zip(rows, dates):
        links = [e for e in row if e.tag == "a" and "#" in e.attrs["href"] and not e.attrs.get("title")]
        assert len(links) == 1, f"{date}: one link to the report expected"
        target, anchor = urldefrag(links[0].attrs["href"])
        paragraph = by_id(article(built_site / target)).get(anchor)
        # A paragraph, or a photo's figure: its caption is the report's paragraph.
        assert paragraph is not None and paragraph.tag in ("p", "figure"), f"{date}: {target} has no paragraph #{anchor}"
        # The row quotes the report's dating words; they are in the paragraph it links to.
        cells = [e for e in row if e.tag == "td"]
        quote = re.search(r"“(.+?)”", cells[-1].text)
        assert quote and fold(quote.group(1)) in fold(paragraph.text), f"{date}: quote not in {target}#{anchor}"
        # A date the report does not spell out is marked as resolved.
        year, month, day = (date.split("-") + [None, None])[:3]
        finest = str(int(day)) if day else calendar.month_name[int(month)] if month else year
        spelled = re.search(rf"\b{finest}\b", quote.group(1)) is not None
        assert ("resolved" in cells[0].text) != spelled, f"{date}: 'resolved' mark wrong for “{quote.group(1)}”"


def test_map_svg_parses_and_describes_itself() -> None:
    svg = etree.parse(MAP).getroot()
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert svg.get("role") == "img"
    labelled_by = (svg.get("aria-labelledby") or "").split()
    title, desc = svg.find("svg:title", ns), svg.find("svg:desc", ns)
    assert title is not None and desc is not None and title.text and desc.text
    assert labelled_by == [title.get("id"), desc.get("id")]
    labels = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text")).replace("’", "'").casefold()
    # Every place with an entry that a map at this scale can mark: St. Catherine's
    # Cathedral is a point inside Kherson, and the map names the town of Beryslav,
    # whose district has no drawn border.
    for place in NAMES["places"]:
        forms = [place["name"], *place.get("short_forms", []), place["name"].removesuffix(" district")]
        if place["name"] != "St. Catherine's Cathedral":
            assert any(form.casefold() in labels for form in forms), f"the map has no label for {place['name']}"
    # Drawn, not fetched: nothing in it points anywhere.
    source = MAP.read_text(encoding="utf-8")
    assert not re.search(r"href|url\(|<image|@import", source)


def test_map_is_shown_with_alt_text(built_site: Path) -> None:
    images = [e for e in article(built_site / ENTRIES_PAGE) if e.tag == "img" and e.attrs["src"].endswith(MAP.name)]
    assert len(images) == 1
    alt = images[0].attrs.get("alt", "")
    assert "map" in alt.casefold() and all(place in alt for place in ("Kherson", "Oleshky", "Crimea"))
    assert (built_site / images[0].attrs["src"]).is_file()


def project_copy(tmp_path: Path, path: str, before: str, after: str) -> Path:
    """A copy of the project (no tests, no build output) with one change to one file."""
    project = copy_project(tmp_path / "project")
    changed = project / path
    text = changed.read_text(encoding="utf-8")
    assert before in text, f"{path} no longer holds {before!r}"
    changed.write_text(text.replace(before, after, 1), encoding="utf-8")
    return project


def test_mentioned_on_follows_a_change_to_front_matter(tmp_path: Path) -> None:
    """Built from a copy whose Battle page swaps one person in its front matter for another."""
    project = project_copy(tmp_path, "docs/battle.md", "  - Natalia Humeniuk\n", "  - Jake Sullivan\n")
    result = build_site(project / "site", project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    sections = entry_sections(project / "site")
    assert "battle.html" not in _mentioned_on(sections["natalia-humeniuk"])
    assert "battle.html" in _mentioned_on(sections["jake-sullivan"])


def test_a_broken_names_file_fails_the_build_with_the_validators_located_message(tmp_path: Path) -> None:
    project = project_copy(tmp_path, "docs/data/names.yml", "    description: President of Ukraine\n", "")
    names_file = project / "docs" / "data" / "names.yml"
    line = names_file.read_text(encoding="utf-8").split("\n").index("  - name: Volodymyr Zelensky") + 1
    result = build_site(project / "site", project / "mkdocs.yml")
    assert result.returncode != 0
    # The validator, run as editors run it, prints the same line (and is not stopped by the names hook's on_config).
    command = validate_cli("-f", str(project / "mkdocs.yml"), cwd=Path.cwd())
    assert command.returncode == 1
    assert command.stdout == (f"{os.path.relpath(names_file)}:{line}:5: invalid-names-file: the entry 'Volodymyr "
                              "Zelensky' has no 'description:': add one, a line saying who or what it is\n")
    assert command.stdout in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_names_hook_alone_stops_the_build_with_the_validators_lines(tmp_path: Path) -> None:
    """Without the validate hook, the names hook reports a broken names file itself, as the validator does."""
    config = f"site_name: Test\ntheme:\n  name: mkdocs\nmarkdown_extensions:\n  - abbr\nhooks:\n  - {NAMES_HOOK}\n"
    names = ("people:\n  - name: Anna Example\n    description: D\n    short_forms: [Kherson]\n"
             "places:\n  - name: Kherson\n    description: E\n")
    project = make_project(tmp_path / "project", {"index.md": "# Home\n", "people-and-places.md": "# Entries\n"},
                           config=config, names=names, schema=None)
    result = build_site(tmp_path / "site", project / "mkdocs.yml")
    assert result.returncode == 1
    command = validate_cli("-f", str(project / "mkdocs.yml"), cwd=Path.cwd())
    assert command.returncode == 1
    assert command.stdout == (f"{os.path.relpath(project / 'docs' / 'data' / 'names.yml')}:6:11: invalid-names-file: "
                              "the name 'Kherson' is also the short form 'Kherson' of 'Anna Example' (line 4): "
                              "a mention must lead to one entry; remove the spelling from one of them\n")
    assert command.stdout in result.stderr  # logged by MkDocs as the build error
    assert "Traceback" not in result.stderr


def test_focusing_or_hovering_a_name_shows_its_description(built_site: Path, desktop_reader: Reader) -> None:
    page = desktop_reader.page
    page.goto((built_site / "diplomacy.html").as_uri())
    description = next(e["description"] for e in NAMES["people"] if e["name"] == "Jake Sullivan")
    tooltip = page.locator(".md-tooltip2--active")
    # Keyboard: the first mention is a link, so Tab reaches it.
    page.locator("article a[href$='#jake-sullivan']").focus()
    tooltip.filter(has_text=description).wait_for(timeout=3000)
    page.locator("article a[href$='#jake-sullivan']").blur()
    tooltip.wait_for(state="detached", timeout=3000)
    # Pointer: a later mention is an abbreviation.
    page.locator("article abbr", has_text="Sullivan").first.hover()
    tooltip.filter(has_text=description).wait_for(timeout=3000)
    desktop_reader.check()
