"""Validator rules for raw HTML from pull requests: tags and attributes that run code, embed or restyle."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator_project import index_problems, make_project, page, problems


@pytest.mark.parametrize(("body", "expected"), [
    ("<script>alert(1)</script>",
     [(7, 1, "unsafe-html", "<script> is not allowed in pages: it runs code in readers' browsers")]),
    ("Text <script src=x.js></script> inline.",
     [(7, 6, "unsafe-html", "<script> is not allowed in pages: it runs code in readers' browsers")]),
    ('<iframe src="https://example.org"></iframe>',
     [(7, 1, "unsafe-html", "<iframe> is not allowed in pages: it embeds another site")]),
    ('<object data="x.swf"></object>',
     [(7, 1, "unsafe-html", "<object> is not allowed in pages: it embeds a plug-in or another document")]),
    ('<embed src="x.swf">',
     [(7, 1, "unsafe-html", "<embed> is not allowed in pages: it embeds a plug-in or another document")]),
    ('<form action="https://example.org"><input name="q"></form>',
     [(7, 1, "unsafe-html", "<form> is not allowed in pages: it sends readers' input somewhere")]),
    ("<div>\n  <p onclick=\"steal()\">Click</p>\n</div>",
     [(8, 3, "unsafe-html", "event handler 'onclick' on <p> runs code in readers' browsers: remove it")]),
    ('A <span style="color: red">red</span> word.',
     [(7, 3, "unsafe-html", "style attribute on <span>: give it a class and style that in the site's stylesheet")]),
    ('<IMG SRC="x.png" ALT="x" OnError="alert(1)">',
     [(7, 1, "missing-image", "'x.png' — the built site has no x.png (raw HTML URLs are relative to the page's URL, ./)"),
      (7, 1, "unsafe-html", "event handler 'onerror' on <img> runs code in readers' browsers: remove it")]),
    ("A paragraph with attributes.\n{: onclick=\"x()\" style=\"color: red\" }",
     [(8, 4, "unsafe-html", "event handler 'onclick' in an attribute list runs code in readers' browsers: remove it"),
      (8, 4, "unsafe-html", "style attribute in an attribute list: give it a class and style that in the site's "
                            "stylesheet")]),
    ('<button formaction="javascript:alert(1)">Go</button>',
     [(7, 1, "active-scheme", "formaction=\"javascript:alert(1)\" on <button> uses javascript:, which runs code: "
                              "remove it")]),
])
def test_unsafe_html_is_an_error_at_its_tag(tmp_path: Path, body: str, expected: list) -> None:
    assert index_problems(tmp_path, page(body, "T")) == expected


def test_harmless_html_and_code_examples_pass(tmp_path: Path) -> None:
    body = (
        '<figure class="photo"><img src="map.svg" alt="A map"><figcaption>Kherson</figcaption></figure>\n'
        "\n"
        "A `<script>` tag in a code span, <kbd>Ctrl</kbd>, <abbr title=\"x\">X</abbr>.\n"
        "\n"
        "```html\n"
        '<iframe src="https://example.org" onload="x()"></iframe>\n'
        "```\n"
        "\n"
        "{ .photo-caption }\n"
    )
    project = make_project(tmp_path, {"index.md": page(body, "T"), "map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n"})
    assert problems(project) == []
