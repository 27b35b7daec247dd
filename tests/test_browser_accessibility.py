"""WCAG 2.2 AA in a real browser: axe-core finds nothing on any page, in either
palette, on a desktop and a phone screen; keyboard focus is always visible."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browser import AXE, DESKTOP, Reader, open_reader

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SCREENS = {"desktop": DESKTOP, "phone": PHONE}
# Each palette: the reader's system preference, and the scheme Material then shows.
PALETTES = {"light": ("light", "default"), "dark": ("dark", "slate")}
# axe's defaults (WCAG 2.0-2.2 A and AA, and best practices) plus the WCAG 2.2
# AA rule axe leaves off by default.
AXE_OPTIONS = {"rules": {"target-size": {"enabled": True}}}
MISSING_PAGE = "no-such-page.html"


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as URLs relative to its root; the 404 page as a missing URL."""
    pages = [path.relative_to(site).as_posix() for path in sorted(site.rglob("*.html"))]
    return [MISSING_PAGE if page == "404.html" else page for page in pages]


@pytest.fixture(params=[(screen, palette) for screen in SCREENS for palette in PALETTES], ids="-".join)
def styled_reader(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[Reader, str]]:
    """A tab with the screen and the palette of the parameter; also yields the scheme Material must show."""
    screen, palette = request.param
    preference, scheme = PALETTES[palette]
    context = browser.new_context(**SCREENS[screen], color_scheme=preference)
    yield open_reader(context), scheme
    context.close()


def _violations(page: Page) -> list[str]:
    # Colours are judged once they settle: mid-fade, text is paler than it will be.
    page.wait_for_function("document.getAnimations().every(animation => animation.playState !== 'running')")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("options => axe.run(document, options).then(result => result.violations)", AXE_OPTIONS)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']}: {node['target']}: {node['failureSummary']}"
        for v in found
        for node in v["nodes"][:3]
    ]


def _open(reader: Reader, url: str) -> None:
    response = reader.page.goto(url)
    assert response is not None
    if url.endswith(MISSING_PAGE):
        assert response.status == 404
        # Chromium reports the 404 of the page itself as a console error.
        reader.console_errors = [error for error in reader.console_errors if MISSING_PAGE not in error]
    else:
        assert response.status == 200, url


def test_axe_finds_no_violations_on_any_page(styled_reader: tuple[Reader, str], served_site: str, built_site: Path) -> None:
    reader, scheme = styled_reader
    page = reader.page
    violations = []
    for path in site_pages(built_site):
        _open(reader, served_site + path)
        assert page.get_attribute("body", "data-md-color-scheme") == scheme
        violations += _violations(page)
    # The search dialog, open with results.
    _open(reader, served_site + "index.html")
    page.locator('label.md-header__button[for="__search"], .md-search__input').locator("visible=true").first.click()
    page.keyboard.type("Potemkin")
    page.locator(".md-search-result__item").first.wait_for()
    violations += _violations(page)
    assert not violations, "\n".join(violations)
    reader.check()


# The element that shows a focused control: itself, or for a visually hidden
# radio (the palette switch) the visible label beside it, which must then show
# a focus ring, as a link must. Visible means: in the viewport, not transparent
# or hidden, and on top at its centre (not under the sticky header, not in a
# closed drawer).
FOCUS_PROBLEM = """() => {
  let shown = document.activeElement;
  if (shown === document.body) return null;
  if (shown.tagName === "INPUT" && shown.getBoundingClientRect().width < 2) {
    shown = [...shown.parentElement.children].find(e => e.tagName === "LABEL" && e.getBoundingClientRect().width > 0) || shown;
  }
  const box = shown.getBoundingClientRect();
  const name = `${shown.tagName} ${(shown.innerText || shown.getAttribute("aria-label") || shown.getAttribute("title") || "").trim().slice(0, 40)}`;
  if (box.width < 1 || box.height < 1) return `${name}: no size`;
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return `${name}: outside the viewport`;
  for (let node = shown; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.visibility !== "visible" || +style.opacity < 0.5) return `${name}: invisible`;
  }
  const top = document.elementFromPoint(x, y);
  if (!top || !(shown.contains(top) || top.contains(shown))) return `${name}: covered by ${top && top.className}`;
  const style = getComputedStyle(shown);
  const ringed = shown.tagName === "A" || shown !== document.activeElement;
  if (ringed && style.outlineStyle === "none" && style.boxShadow === "none") return `${name}: no focus ring`;
  return "";
}"""
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


@pytest.mark.parametrize("screen", SCREENS)
def test_keyboard_focus_is_always_visible(screen: str, browser: Browser, served_site: str, built_site: Path) -> None:
    """Tabs through the pages; the first stop is the skip link, which leads to the content.

    On a desktop screen every page; on a phone the overview, whose header,
    drawer and search (what differs on a phone) are those of every page."""
    context = browser.new_context(**SCREENS[screen])
    reader = open_reader(context)
    page = reader.page
    problems = []
    for path in site_pages(built_site) if screen == "desktop" else ["index.html"]:
        _open(reader, served_site + path)
        page.add_style_tag(content=NO_TRANSITIONS)  # judge where focus ends up, not the way there
        # Backwards, from the last stop to the first: this way the browser
        # scrolls each element to the top, where the sticky header could hide it.
        for _ in range(500):
            page.keyboard.press("Shift+Tab")
            problem = page.evaluate(FOCUS_PROBLEM)
            if problem is None:
                break
            if problem:
                problems.append(f"{path}: {problem}")
        if path != MISSING_PAGE:
            _open(reader, served_site + path)
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.classList.contains('md-skip')"), f"{path}: the first stop is not the skip link"
            page.keyboard.press("Enter")
            target = page.evaluate("decodeURIComponent(location.hash.slice(1))")
            assert target, f"{path}: the skip link leads nowhere"
            assert page.locator(f'article [id="{target}"]').is_visible(), f"{path}: the skip link's target is not in the content"
    context.close()
    assert not problems, "\n".join(problems)
    reader.check()
