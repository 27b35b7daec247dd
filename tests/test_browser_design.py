"""The report as a reader sees it in Debian's chromium: its type, quotes, figures, linked-to
passages, and the whole report printed to PDF. Both palettes (the reader's system setting picks
one), a phone (390 px) and a desktop (1280 px) where it matters."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from browser import Reader, open_reader

PALETTES = {"light": "default", "dark": "slate"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# A4 sheets the whole report may take when printed (issue 11: it took 15).
MOST_SHEETS = 10
# Fewer characters than this make a sheet near empty: about two lines.
LEAST_TEXT_ON_A_SHEET = 200

# The colour a reader sees of an element's text: its colour laid over the first opaque background
# behind it, and the WCAG contrast ratio between the two.
CONTRAST = """element => {
  const channels = value => (value.match(/[\\d.]+/g) || []).map(Number);
  const over = (top, bottom) => {
    const alpha = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map(i => top[i] * alpha + bottom[i] * (1 - alpha));
  };
  let background = [255, 255, 255];
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const colour = channels(getComputedStyle(node).backgroundColor);
    if (colour.length && (colour.length < 4 || colour[3] > 0)) layers.push(colour);
    if (colour.length && (colour.length < 4 || colour[3] === 1)) break;
  }
  for (const layer of layers.reverse()) background = over(layer, background);
  const text = over(channels(getComputedStyle(element).color), background);
  const luminance = rgb => {
    const [r, g, b] = rgb.map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}"""

# Characters on each rendered line of an element's text, top to bottom.
LINE_LENGTHS = """element => {
  const lines = new Map();
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      const top = Math.round(rect.top);
      lines.set(top, (lines.get(top) || 0) + 1);
    }
  }
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(entry => entry[1]);
}"""


@pytest.fixture(params=list(PALETTES))
def palette(request: pytest.FixtureRequest) -> str:
    return request.param


@contextmanager
def reader_for(browser: Browser, viewport: dict, palette: str = "light", **options) -> Iterator[Reader]:
    """A tab in the reader's palette; on leaving, no request left the machine and the console logged no error."""
    context = browser.new_context(viewport=viewport, color_scheme=palette, **options)
    try:
        reader = open_reader(context)
        yield reader
        reader.check()
    finally:
        context.close()


def open_page(reader: Reader, site: Path, name: str, palette: str = "light") -> Page:
    page = reader.page
    page.goto((site / name).as_uri())
    assert page.locator("body").get_attribute("data-md-color-scheme") == PALETTES[palette]
    return page


def style(page: Page, selector: str, prop: str) -> list[str]:
    return page.eval_on_selector_all(selector, f"els => els.map(e => getComputedStyle(e).getPropertyValue('{prop}'))")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
@pytest.mark.parametrize("name", ["evacuation.html", "diplomacy.html"])
def test_the_title_is_the_strongest_heading(browser: Browser, built_site: Path, palette: str, viewport: dict,
                                            name: str) -> None:
    """Bolder, larger and at least as dark as the section headings, on a phone and a desktop."""
    with reader_for(browser, viewport, palette) as reader:
        page = open_page(reader, built_site, name, palette)
        title = page.locator("article h1")
        weight, size = (float(v.removesuffix("px")) for v in (title.evaluate("h => getComputedStyle(h).fontWeight"),
                                                               title.evaluate("h => getComputedStyle(h).fontSize")))
        title_contrast = title.evaluate(CONTRAST)
        assert title_contrast >= 7, f"the title's contrast is {title_contrast:.1f}:1"
        headings = page.locator("article h2")
        assert headings.count() >= 2
        for index in range(headings.count()):
            heading = headings.nth(index)
            assert weight > float(heading.evaluate("h => getComputedStyle(h).fontWeight"))
            assert size >= 1.3 * float(heading.evaluate("h => getComputedStyle(h).fontSize").removesuffix("px"))
            assert title_contrast >= heading.evaluate(CONTRAST) - 0.01


def test_quotes_are_in_the_full_text_colour_and_set_apart(browser: Browser, built_site: Path, palette: str) -> None:
    with reader_for(browser, DESKTOP, palette) as reader:
        page = open_page(reader, built_site, "evacuation.html", palette)
        paragraph = page.locator("article > p:not(.page-dates)").first
        quote = page.locator("article blockquote").first
        quote_text = quote.locator("p").first
        assert quote_text.evaluate(CONTRAST) >= paragraph.evaluate(CONTRAST) - 0.01 >= 7
        # Set apart by more than colour: a rule beside it and its text indented from the paragraphs'.
        assert float(quote.evaluate("q => getComputedStyle(q).borderLeftWidth").removesuffix("px")) >= 3
        assert quote_text.bounding_box()["x"] - paragraph.bounding_box()["x"] >= 12


@pytest.mark.parametrize(("name", "kind", "count"), [("looting.html", "photo", 1), ("evacuation.html", "photo", 1),
                                                      ("people-and-places.html", "map", 1)])
def test_photos_and_the_map_are_figures_with_captions(browser: Browser, built_site: Path, name: str, kind: str,
                                                      count: int) -> None:
    with reader_for(browser, DESKTOP) as reader:
        page = open_page(reader, built_site, name)
        figures = page.locator("article figure")
        assert figures.count() == count
        figure = figures.first
        caption = figure.locator("figcaption")
        assert caption.count() == 1 and caption.is_visible()
        if kind == "photo":
            placeholder = figure.locator(".photo-placeholder")
            assert placeholder.inner_text() == "Photo not reproduced" and placeholder.is_visible()
            assert "Photo:" in caption.inner_text() and "(not reproduced)" in caption.inner_text()
        else:  # one map shows, in the reader's palette
            assert figure.locator("img:visible").count() == 1
        # The caption sits under what it describes and reads as no quote: no rule beside it.
        above = figure.locator(":scope > :not(figcaption)").first.bounding_box()
        assert caption.bounding_box()["y"] >= above["y"] + above["height"]
        assert caption.evaluate("c => getComputedStyle(c).borderLeftStyle") == "none"


@pytest.mark.parametrize("width", [1280, 1600])
def test_report_paragraphs_run_60_to_75_characters_a_line(browser: Browser, built_site: Path, width: int) -> None:
    with reader_for(browser, {"width": width, "height": 900}) as reader:
        page = open_page(reader, built_site, "battle.html")
        paragraphs = page.locator("article > p:not(.page-dates)")
        lengths = []
        for index in range(paragraphs.count()):
            lengths += paragraphs.nth(index).evaluate(LINE_LENGTHS)[:-1]  # a paragraph's last line is short
        assert len(lengths) >= 5, lengths
        average = sum(lengths) / len(lengths)
        assert 60 <= average <= 75, f"{average:.0f} characters a line at {width} px: {lengths}"


@pytest.mark.parametrize(("target", "kind"), [("evacuation.html#power-restored", "paragraph"),
                                              ("people-and-places.html#oleshky", "heading")])
def test_what_a_link_leads_to_is_marked_without_a_stray_mark(browser: Browser, built_site: Path, palette: str,
                                                             target: str, kind: str) -> None:
    with reader_for(browser, DESKTOP, palette) as reader:
        page = reader.page
        page.goto((built_site / target.split("#")[0]).as_uri() + "#" + target.split("#")[1])
        marked = page.locator(":target")
        assert marked.count() == 1
        tag = marked.evaluate("e => e.tagName.toLowerCase()")
        assert (tag == "p") if kind == "paragraph" else re.fullmatch(r"h[2-6]", tag)
        unmarked = page.locator(f"article {tag}:not(:target):not(.page-dates)").first
        looks = "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.backgroundColor]; }"
        outline, background = marked.evaluate(looks)
        assert (outline != "none" or background != unmarked.evaluate(looks)[1]) and \
            [outline, background] != unmarked.evaluate(looks)
        page.mouse.move(0, 0)
        for permalink in range(marked.locator(".headerlink").count()):
            assert marked.locator(".headerlink").nth(permalink).evaluate("a => getComputedStyle(a).opacity") == "0"


def test_titles_carry_no_permalink(browser: Browser, built_site: Path) -> None:
    names = [path.name for path in sorted(built_site.glob("*.html")) if path.name != "404.html"]
    assert len(names) >= 9
    with reader_for(browser, PHONE) as reader:
        for name in names:
            page = open_page(reader, built_site, name)
            title = page.locator("article h1")
            assert title.locator("a").count() == 0 and "¶" not in title.text_content(), name


def test_a_tap_on_a_heading_shows_no_permalink_mark(browser: Browser, built_site: Path) -> None:
    with reader_for(browser, PHONE, has_touch=True, is_mobile=True) as reader:
        page = open_page(reader, built_site, "evacuation.html")
        assert page.evaluate("matchMedia('(hover: none)').matches")
        heading = page.locator("article h2").first
        heading.tap()
        assert heading.locator(".headerlink").evaluate("a => getComputedStyle(a).opacity") == "0"


@pytest.fixture(scope="module")
def printed_report(browser: Browser, built_site: Path) -> tuple[list[str], list[str]]:
    """The whole report printed to PDF on A4: each sheet's text lines, and the text of every heading."""
    with reader_for(browser, DESKTOP) as reader:
        page = open_page(reader, built_site, "whole-report.html")
        page.emulate_media(media="print")
        headings = page.eval_on_selector_all("article :is(h1, h2, h3, h4, h5, h6)",
                                             "hs => hs.filter(h => h.offsetParent).map(h => h.innerText.trim())")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True, print_background=True)))
        sheets = [(sheet.extract_text() or "") for sheet in pdf.pages]
    return sheets, headings


def test_the_whole_report_prints_on_at_most_10_sheets(printed_report: tuple[list[str], list[str]]) -> None:
    sheets, _ = printed_report
    assert 1 < len(sheets) <= MOST_SHEETS, f"{len(sheets)} A4 sheets"
    text = " ".join(" ".join(sheet.split()) for sheet in sheets)
    # What only makes sense on screen stays there: the overview's download and unzip instructions.
    assert "The battle for Kherson" in text and "Moscow has not yet ruled" in text
    assert "unzip" not in text and "Download the offline copy" not in text


def test_no_printed_sheet_is_near_empty_or_holds_a_heading_alone(printed_report: tuple[list[str], list[str]]) -> None:
    sheets, headings = printed_report
    assert len(headings) >= 20
    heading_lines = {" ".join(heading.split()) for heading in headings}
    for number, sheet in enumerate(sheets, 1):
        lines = [" ".join(line.split()) for line in sheet.splitlines() if line.strip()]
        assert len(" ".join(lines)) >= LEAST_TEXT_ON_A_SHEET, f"sheet {number} is near empty: {lines}"
        assert not all(line in heading_lines for line in lines), f"sheet {number} holds only a heading: {lines}"
        # A heading at the foot of a sheet, what it heads on the next.
        assert lines[-1] not in heading_lines, f"sheet {number} ends with the heading {lines[-1]!r}"
