"""Nothing of the report is lost, moved or silently changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import DOCS, ROOT, SOURCE, article_text, fold, front_matter

# A row of the About page's table: the report's words struck through, then ours.
CHANGE_ROW = re.compile(r"^\| <del>(.+?)</del> <ins>(.+?)</ins> \|", re.M)


def nav_pages() -> list[str]:
    """The pages of mkdocs.yml's nav, in reading order."""
    def walk(items: list) -> list[str]:
        found = []
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            found += walk(value) if isinstance(value, list) else [value]
        return found
    return walk(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"])


# The report's pages in reading order: every page of the nav but the reference pages (timeline, names, About).
REPORT_PAGES = [page.removesuffix(".md") for page in nav_pages()
                if "reference" not in (front_matter(DOCS / page).get("tags") or [])]


def editorial_changes() -> list[tuple[str, str]]:
    """The (report has, site has) rows of the table on the About page."""
    return CHANGE_ROW.findall((DOCS / "about.md").read_text(encoding="utf-8"))


def apply_changes(text: str) -> tuple[str, dict[str, int]]:
    """`text` with the About page's changes made in one pass (the longest first where two start at one place),
    and how often each applied."""
    changes = dict(editorial_changes())
    applied = dict.fromkeys(changes, 0)

    def replace(match: re.Match[str]) -> str:
        applied[match.group(0)] += 1
        return changes[match.group(0)]

    if not changes:
        return text, applied
    pattern = "|".join(map(re.escape, sorted(changes, key=len, reverse=True)))
    return re.sub(pattern, replace, text), applied


def source_paragraphs() -> list[str]:
    """The report's paragraphs, with the About page's changes applied."""
    text = SOURCE.read_text(encoding="utf-8").strip()
    # The first line's date marker became each page's `date`.
    text = re.sub(r"^date \d{4}-\d\d-\d\d ", "", text)
    text, _ = apply_changes(text)
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def page_text(site: Path, name: str) -> str:
    """The text of a built page's article as readers read it, whitespace collapsed."""
    return " ".join(article_text(site / f"{name}.html", separator="").split())


def test_about_page_lists_changes_that_apply_to_the_source() -> None:
    changes = editorial_changes()
    assert len(changes) >= 9
    _, applied = apply_changes(SOURCE.read_text(encoding="utf-8"))
    for before, count in applied.items():
        assert count, f"the About page lists {before!r}, which the source does not have (or another row covers)"


def test_source_date_marker_is_every_page_date() -> None:
    marker = re.match(r"date (\d{4}-\d\d-\d\d) ", SOURCE.read_text(encoding="utf-8").strip())
    assert marker
    for page in DOCS.glob("*.md"):
        assert str(front_matter(page)["date"]) == marker.group(1), page.name


@pytest.mark.parametrize("paragraph", source_paragraphs(), ids=lambda p: p[:40])
def test_every_paragraph_of_the_report_is_on_one_page_word_for_word(built_site: Path, paragraph: str) -> None:
    """As the About page's changes make it, to the letter: any other change to the words fails here."""
    holders = [name for name in REPORT_PAGES if paragraph in page_text(built_site, name)]
    assert len(holders) == 1, f"found on {holders or 'no page'}: {paragraph[:80]}"


def test_report_pages_in_reading_order_keep_the_reports_order(built_site: Path) -> None:
    """A heading of ours may group paragraphs, never move them."""
    text = " ".join(page_text(built_site, name) for name in REPORT_PAGES)
    previous, cursor = "", 0
    for paragraph in source_paragraphs():
        found = text.find(paragraph, cursor)
        assert found >= 0, f"out of the report's order: {paragraph[:60]!r} should follow {previous[:60]!r}"
        previous, cursor = paragraph, found + len(paragraph)


def test_report_subheadings_stay_headings(built_site: Path) -> None:
    subheadings = [p for p in source_paragraphs() if not re.search(r"[.”:]$", p)]
    assert len(subheadings) == 2
    html = " ".join((built_site / f"{name}.html").read_text(encoding="utf-8") for name in REPORT_PAGES)
    for subheading in subheadings:
        headings = re.findall(r"<h2[^>]*>(.*?)<a class=\"headerlink\"", html)
        assert any(fold(h) == fold(subheading) for h in headings), subheading


def test_quotations_are_block_quotes(built_site: Path) -> None:
    quoted = [p for p in source_paragraphs() if p.startswith("“")]
    assert len(quoted) == 4
    html = " ".join((built_site / f"{name}.html").read_text(encoding="utf-8") for name in REPORT_PAGES)
    blockquotes = [fold(re.sub(r"<[^>]+>", " ", q)) for q in re.findall(r"<blockquote>(.*?)</blockquote>", html, re.S)]
    for quote in quoted:
        assert fold(quote) in blockquotes, quote[:60]


def test_photo_credits_are_captions_not_prose(built_site: Path) -> None:
    html = " ".join((built_site / f"{name}.html").read_text(encoding="utf-8") for name in REPORT_PAGES)
    # A caption may carry an id too (the timeline links to the Oleshky photo's),
    # and its names are links to their entries: compare the text.
    captions = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r'<p class="photo-caption"[^>]*>(.*?)</p>', html, re.S)]
    assert len(captions) == 2
    assert "Photo: Dimitar Dilkoff/AFP" in captions[0] + captions[1]
    assert "Photo: Alexander Ermochenko/Reuters" in captions[0] + captions[1]
    assert "DILKOFF" not in html and "©" not in html
