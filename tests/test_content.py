"""Nothing of the report is lost or silently changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DOCS, SOURCE, article_text, fold, front_matter

REPORT_PAGES = ["index", "battle", "looting", "evacuation", "diplomacy"]


def editorial_changes() -> list[tuple[str, str]]:
    """The (source has, site has) rows of the table on the About page."""
    about = (DOCS / "about.md").read_text(encoding="utf-8")
    return re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|", about, re.M)


def source_paragraphs() -> list[str]:
    """The report's paragraphs, with the About page's changes applied."""
    text = SOURCE.read_text(encoding="utf-8").strip()
    # The first line's date marker became each page's `date`.
    text = re.sub(r"^date \d{4}-\d\d-\d\d ", "", text)
    for before, after in editorial_changes():
        text = text.replace(before, after)
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def test_about_page_lists_changes_that_apply_to_the_source() -> None:
    source = SOURCE.read_text(encoding="utf-8")
    changes = editorial_changes()
    assert len(changes) >= 9
    for before, _ in changes:
        assert before in source, f"the About page lists {before!r}, which the source does not have"


def test_source_date_marker_is_every_page_date() -> None:
    marker = re.match(r"date (\d{4}-\d\d-\d\d) ", SOURCE.read_text(encoding="utf-8").strip())
    assert marker
    for page in DOCS.glob("*.md"):
        assert str(front_matter(page)["date"]) == marker.group(1), page.name


@pytest.mark.parametrize("paragraph", source_paragraphs(), ids=lambda p: p[:40])
def test_every_paragraph_of_the_report_is_on_a_page(built_site: Path, paragraph: str) -> None:
    folded = fold(paragraph)
    holders = [name for name in REPORT_PAGES if folded in fold(article_text(built_site / f"{name}.html"))]
    assert len(holders) == 1, f"found on {holders or 'no page'}: {paragraph[:80]}"


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
