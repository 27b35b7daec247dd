"""The People and places map: drawn by scripts/draw_map.py from pinned data, the
same bytes every time, readable on a phone in both palettes, sources named."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browser import Reader, open_reader
from conftest import DOCS, ROOT, article_text

SCRIPT = ROOT / "scripts" / "draw_map.py"
IMAGES = DOCS / "assets" / "images"
MAPS = {"default": "kherson-map.svg", "slate": "kherson-map-dark.svg"}
PAGE = "people-and-places.html"
# The narrowest phone the issue names; the map's labels must stay at least this size there.
PHONE = {"viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SMALLEST_LABEL_PX = 12


def test_regenerating_gives_the_same_bytes(tmp_path: Path) -> None:
    data = ROOT / "scripts" / "map" / "node_modules"
    assert data.is_dir(), "the map's data is not installed: `make map` (npm ci in scripts/map/) first"
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    for name in MAPS.values():
        assert (tmp_path / name).read_bytes() == (IMAGES / name).read_bytes(), f"{name} differs from what the script draws"


@pytest.mark.parametrize("name", MAPS.values())
def test_map_labels_what_the_story_needs(name: str) -> None:
    svg = (IMAGES / name).read_text(encoding="utf-8")
    for label in ("Dnieper", "Dnieper–Bug", "estuary", "Black Sea", "Kherson", "Oleshky", "Beryslav",
                  "Perekop", "Isthmus", "to Crimea", "Syvash"):
        assert f">{label}</text>" in svg, f"{name} has no label {label!r}"
    assert "<title" in svg and "<desc" in svg
    # Drawn, not fetched: nothing in it points anywhere.
    assert not re.search(r"href|url\(|<image|@import", svg)


@pytest.fixture
def phone_reader(browser: Browser) -> Iterator[Reader]:
    context = browser.new_context(**PHONE)
    reader = open_reader(context)
    yield reader
    context.close()


def _switch_palette(page: Page) -> None:
    """Click the header's palette switch, as a reader would."""
    page.locator("form[data-md-component=palette] label").locator("visible=true").first.click()


def _shown_map(page: Page) -> dict:
    """The map image the reader sees, once scrolled to and loaded: its URL and rendered width; also how many are shown."""
    page.locator('article img[src*="kherson-map"]').locator("visible=true").first.scroll_into_view_if_needed(timeout=5000)
    page.wait_for_function("""() => [...document.querySelectorAll('article img[src*="kherson-map"]')]
        .filter(img => img.getBoundingClientRect().width > 0).every(img => img.complete && img.naturalWidth > 0)""")
    return page.evaluate("""() => {
        const maps = [...document.querySelectorAll('article img[src*="kherson-map"]')];
        const shown = maps.filter(img => img.getBoundingClientRect().width > 0 && getComputedStyle(img).display !== "none");
        return {count: shown.length, src: shown.length ? shown[0].src : null,
                width: shown.length ? shown[0].getBoundingClientRect().width : 0};
    }""")


def _smallest_label_px(page: Page, svg_url: str, width: float) -> float:
    """The smallest label of the SVG drawn `width` CSS px wide: font size times the label's own screen scale."""
    page.goto(svg_url)
    return page.evaluate("""width => {
        const svg = document.documentElement;
        svg.setAttribute("width", width);
        svg.removeAttribute("height");
        return Math.min(...[...document.querySelectorAll("text")].map(text => {
            const m = text.getScreenCTM();
            return parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b);
        }));
    }""", width)


def test_map_on_a_phone_in_both_palettes(phone_reader: Reader, built_site: Path) -> None:
    page = phone_reader.page
    page.goto((built_site / PAGE).as_uri())
    seen = {}
    for step in range(2):
        if step:
            _switch_palette(page)
        scheme = page.get_attribute("body", "data-md-color-scheme")
        shown = _shown_map(page)
        assert shown["count"] == 1, f"{scheme}: {shown['count']} maps shown"
        assert shown["src"].endswith("/" + MAPS[scheme]), f"{scheme} palette shows {shown['src']}"
        seen[scheme] = shown
    assert set(seen) == set(MAPS), f"the palette switch did not switch: {seen}"
    for scheme, shown in seen.items():
        assert 300 <= shown["width"] <= 360, f"{scheme}: the map is {shown['width']} px wide on a 360 px screen"
        smallest = _smallest_label_px(page, shown["src"], shown["width"])
        assert smallest >= SMALLEST_LABEL_PX, f"{scheme}: a label is {smallest:.1f} px at {shown['width']} px wide"
    phone_reader.check()


def test_caption_names_the_sources_and_licences(built_site: Path) -> None:
    text = article_text(built_site / PAGE)
    caption = text[text.index("The map is drawn"):]
    caption = caption[:caption.index("northern neck")]
    for source in ("Natural Earth", "public domain", "GeoNames", "CC BY 4.0"):
        assert source in caption, f"the map's caption does not name {source!r}"
