"""Each page shows the report's date under its title, and its <head> carries the
link-preview tags (Open Graph, Twitter card) from its front matter, escaped."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import DOCS, build_site, copy_project, front_matter, pages


class _Head(HTMLParser):
    """The <head>'s meta tags by name or property, its canonical link and the title's date line."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.times: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        key = a.get("property") or a.get("name")
        if tag == "meta" and key:
            assert key not in self.meta, f"two <meta> tags for {key}"
            self.meta[key] = a.get("content") or ""
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        if tag == "time":
            self.times.append(a.get("datetime") or "")


def head(html_file: Path) -> _Head:
    parser = _Head()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser


def built_page(site: Path, page: Path) -> Path:
    return site / page.relative_to(DOCS).with_suffix(".html")


def long_date(value: object) -> str:
    day = datetime.date.fromisoformat(str(value))
    return f"{day.day} {day.strftime('%B')} {day.year}"


def test_every_page_has_preview_tags_from_its_front_matter(built_site: Path) -> None:
    site_name = head(built_site / "index.html").meta["og:site_name"]
    assert site_name
    for page in pages():
        meta, tags = front_matter(page), head(built_page(built_site, page))
        assert tags.canonical and tags.canonical.startswith("https://"), page.name
        expected = {
            "description": meta["description"],
            "og:title": meta["title"],
            "og:description": meta["description"],
            "og:url": tags.canonical,
            "og:type": "article",
            "og:site_name": site_name,
            "twitter:card": "summary",
            "twitter:title": meta["title"],
            "twitter:description": meta["description"],
            "article:published_time": str(meta["date"]),
        }
        assert {key: tags.meta.get(key) for key in expected} == expected, page.name


def test_every_page_says_under_its_title_what_it_is(built_site: Path) -> None:
    """The report's pages: its date (unless the title shows it), "News report, machine-translated" and a link to
    About; context pages (tagged reference): that they are ours, not the report. Then the update's date, if any."""
    for page in pages():
        meta = front_matter(page)
        html = built_page(built_site, page).read_text(encoding="utf-8")
        line = re.search(r"</h1>\s*<p class=\"page-dates\">(.*?)</p>", html, re.S)
        assert line, f"{page.name}: no line right under the title"
        text = " ".join(re.sub(r"<[^>]+>", "", line.group(1)).split())
        context = "reference" in (meta.get("tags") or [])
        shows_date = not context and long_date(meta["date"]) not in meta["title"]
        dates = ([meta["date"]] if shows_date else []) + ([meta["updated"]] if "updated" in meta else [])
        times = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', line.group(1))
        assert times == [(str(day), long_date(day)) for day in dates], page.name
        what = "Written for this site, not part of the report" if context else "News report, machine-translated"
        assert what in text and "Report of" not in text, f"{page.name}: {text}"
        about_link = re.findall(r'<a href="([^"]+)">About this report</a>', line.group(1))
        assert about_link == ([] if page.name == "about.md" else ["about.html"]), page.name


def test_quotes_and_brackets_in_front_matter_stay_inside_their_tags(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    looting = project / "docs" / "looting.md"
    description = 'Troops "strip" homes & take < everything > across the Dnieper.'  # '<' before a space is text
    # Written as YAML escapes: the validator's straight-quote rule rejects a typed straight quote in a description.
    written = description.replace('"', "\\x22")
    text = looting.read_text(encoding="utf-8")
    text = re.sub(r"^description: .*$", lambda _: f'description: "{written}"\nupdated: 2022-11-09', text, count=1,
                  flags=re.M)
    looting.write_text(text, encoding="utf-8")
    result = build_site(project / "site", project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    tags = head(project / "site" / "looting.html")
    for key in ("description", "og:description", "twitter:description"):
        assert tags.meta[key] == description, key
    assert tags.meta["article:modified_time"] == "2022-11-09"
    assert tags.times == ["2022-11-08", "2022-11-09"]
