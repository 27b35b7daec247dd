"""Nothing of the report is lost, moved or silently changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import DOCS, ROOT, SOURCE, article_text, fold, front_matter

# A row of the About page's table: the report's words struck through, then ours.
CHANGE_ROW = re.compile(r"^\| ~~(.+?)~~ \^\^(.+?)\^\^ \|", re.M)


def nav_pages() -> list[str]:
    """The pages of mkdocs.yml's nav written in docs/, in reading order (not the whole report, which
    scripts/hooks/whole_report.py generates from them)."""
    def walk(items: list) -> list[str]:
        found = []
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            found += walk(value) if isinstance(value, list) else [value]
        return found
    return [page for page in walk(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"])
            if (DOCS / page).is_file()]


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


def test_photo_credits_are_figure_captions_not_prose(built_site: Path) -> None:
    """Each photo we do not show is a figure: a placeholder, then the report's caption, word for word, as its <figcaption>."""
    html = " ".join((built_site / f"{name}.html").read_text(encoding="utf-8") for name in REPORT_PAGES)
    # A figure may carry an id (the timeline links to the Oleshky photo's), and
    # the caption's names are links to their entries: compare the text.
    figures = re.findall(r'<figure class="photo"[^>]*>(.*?)</figure>', html, re.S)
    assert len(figures) == 2
    captions = []
    for figure in figures:
        placeholder, caption = re.fullmatch(r'\s*<p class="photo-placeholder">(.*?)</p>\s*<figcaption>(.*?)</figcaption>\s*',
                                            figure, re.S).groups()
        assert placeholder == "Photo not reproduced"
        captions.append(" ".join(re.sub(r"<[^>]+>", "", caption).split()))
    credits = {"Photo: Dimitar Dilkoff/AFP (not reproduced).", "Photo: Alexander Ermochenko/Reuters (not reproduced)."}
    assert {credit for credit in credits for caption in captions if caption.endswith(credit)} == credits
    # Word for word: each caption is a paragraph of the report as the About page's changes make it.
    assert all(caption in source_paragraphs() for caption in captions), captions
    assert "DILKOFF" not in html and "©" not in html


# Our words, held to the house style (CONTRIBUTING.md): never state as fact what the report attributes to someone.
# A clause of ours that shares two distinctive words with a sentence in which the report attributes a claim
# ("Kyiv said", "accuse", "promised", "both sides have described") must carry a verb of saying itself.
SAYING = ("say says said accuse accuses denounce denounces admit admits assure assures promise promises offer "
          "offers confirm confirms deny denies urge urges describe describes rule rules ask asks claim claims call "
          "calls speak speaks recall recalls according")
# Words that say nothing of a claim: function words, the report itself, dates.
STOP = set("the a an and or of to in on at by for from with as is are was were be been has have had it its this that "
           "these those who whom what where which their them they there not no all any one first after before into than "
           "also report january february march april may june july august september october november december monday "
           "tuesday wednesday thursday friday saturday sunday weekend".split())


def stem(word: str) -> str:
    """A crude English stem, enough to match "stripping" with "strip" and "payment" with "pays"."""
    word = word.casefold()
    for suffix in ("ments", "ment", "ings", "ing", "ers", "er", "ies", "ied", "es", "ed", "s", "e", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    return word[:-1] if len(word) > 3 and word[-1] == word[-2] else word


SAYING_STEMS = {stem(word) for word in SAYING.split()}


def stems(text: str) -> set[str]:
    """The stems of `text`'s words, without what is in quotation marks: a quotation is attributed by its marks."""
    text = re.sub(r"“[^”]*”", " ", text)
    return {stem(word) for word in re.findall(r"\w{3,}", text) if word.casefold() not in STOP and not word.isdigit()}


def attributed_claims() -> list[tuple[str, set[str]]]:
    """(sentence, its distinctive stems) for each sentence of the report that attributes what it says."""
    paragraphs = source_paragraphs()
    # Sentences, and the two halves of "X happens as Y admit Z": the attribution covers its own half only.
    sentences = [s for p in paragraphs for s in re.split(r"(?<!\bSt\.)(?<=[.!?”])\s+(?=[“A-Z])| as ", p)]
    # Words in more than five paragraphs (Kherson, Russian, Kyiv, troops …) say who or where, not what.
    counts: dict[str, int] = {}
    for paragraph in paragraphs:
        for word in stems(paragraph):
            counts[word] = counts.get(word, 0) + 1
    return [(s, {w for w in stems(s) if counts.get(w, 0) <= 5} - SAYING_STEMS) for s in sentences if stems(s) & SAYING_STEMS]


def name_stems() -> set[str]:
    """The words of every name in the names file: they say who or where, not what anyone did."""
    names = yaml.safe_load((DOCS / "data" / "names.yml").read_text(encoding="utf-8"))
    return {word for kind in ("people", "places") for entry in names[kind]
            for form in [entry["name"], *entry.get("short_forms", [])] for word in stems(form)}


# Where our words tell the report's events: besides every page's description, the report's pages (what is not the
# report on them: headings, the overview's guide) and the timeline. People and places says who and where, with
# sources (unsourced-description); About says what we changed.
EVENT_PAGES = [*(f"{name}.md" for name in REPORT_PAGES), "timeline.md"]


def our_words(site: Path) -> list[tuple[str, str]]:
    """(where, text) of every description and every block of our own words on the EVENT_PAGES."""
    paragraphs = source_paragraphs()
    found = [("mkdocs.yml site_description", yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_description"])]
    for name in nav_pages():
        html_file = site / name.replace(".md", ".html")
        found += [(f"{name} description", d) for d in re.findall(r'<meta name="description" content="([^"]*)"',
                                                                 html_file.read_text(encoding="utf-8"))]
        blocks = [" ".join(block.split()) for block in article_text(html_file, separator="").split("\n")]
        found += [(name, b) for b in blocks if name in EVENT_PAGES and b and not any(p in b for p in paragraphs)]
    return found


def unattributed(text: str, claims: list[tuple[str, set[str]]]) -> list[str]:
    """The report's attributed sentences that a clause of `text` states without a verb of saying."""
    found, names = [], name_stems()
    # Clauses: sentences, and their parts joined by ";", ":", ", and", ", but", ", while" (a list stays one clause).
    for clause in re.split(r"[()]|[.;:!?¶—]\s|, (?:and|but|while) ", re.sub(r"“[^”]*”", " ", text) + " "):
        words = stems(clause)
        if words & SAYING_STEMS:
            continue
        # Two shared words, one of them more than a name: the clause says what the report's source said.
        found += [f"{clause.strip()!r} states as fact, without a verb of saying, what the report attributes "
                  f"(shared words: {', '.join(sorted(words & claim))}): {sentence!r}"
                  for sentence, claim in claims if len(words & claim) >= 2 and words & claim - names]
    return found


def test_our_words_keep_the_reports_attribution(built_site: Path) -> None:
    claims = attributed_claims()
    assert len(claims) >= 15  # the report attributes most of what it says
    problems = [f"{where}: {problem}" for where, text in our_words(built_site) for problem in unattributed(text, claims)]
    assert not problems, "\n".join(problems)


def test_attribution_check_catches_what_the_report_only_reports() -> None:
    """The check on sentences the report's editors flagged, and on their attributed rewrites."""
    claims = attributed_claims()
    for flagged in ("Russian troops strip homes, take vehicles and cultural treasures",
                    "Russia pays residents to leave for Russia",
                    "and the city is left without power and water",
                    "Washington talks to Russian officials to avoid a nuclear catastrophe"):
        assert unattributed(flagged, claims), flagged
    for attributed in ("Kyiv accuses Russian troops of stripping homes and stealing vehicles",
                       "Russia offers residents money to resettle in Russia",
                       "and both sides describe power and water outages",
                       "Washington confirms talks with Russian officials and says it seeks to avoid a “nuclear catastrophe”"):
        assert not unattributed(attributed, claims), attributed
