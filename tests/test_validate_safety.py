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


REMOTE = ("loads a file from {host} by itself when the page opens: readers' browsers would contact that host, and the "
          "offline copy would lack the file; save the file under docs/ and use its path relative to the page (plain "
          "links to other sites are fine)")


@pytest.mark.parametrize(("body", "expected"), [
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
     [(7, 6, "active-scheme", 'xlink:href="javascript:alert(1)" on <a> uses javascript:, which runs code: remove it')]),
    ('<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
     [(7, 6, "active-scheme", 'to="javascript:alert(1)" on <set> uses javascript:, which runs code: remove it')]),
    ('<math><mi href="JaVaScRiPt:alert(1)">x</mi></math>',
     [(7, 7, "active-scheme", 'href="JaVaScRiPt:alert(1)" on <mi> uses javascript:, which runs code: remove it')]),
    ('<img src="https://tracker.example/pixel.gif" alt="pixel">',
     [(7, 1, "remote-resource", "the image 'https://tracker.example/pixel.gif' " + REMOTE.format(host="tracker.example"))]),
    ("![A photo](https://host.example/photo.jpg)",
     [(7, 1, "remote-resource", "the image 'https://host.example/photo.jpg' " + REMOTE.format(host="host.example"))]),
    ('<img src="map.svg" srcset="map.svg 1x, //cdn.example/map.svg 2x" alt="A map">',
     [(7, 1, "remote-resource", 'srcset="//cdn.example/map.svg" on <img> ' + REMOTE.format(host="cdn.example"))]),
    ('<video poster="https:\\\\t.example/p.jpg"><track src="https://t.example/c.vtt"></video>',
     [(7, 1, "remote-resource", 'poster="https:\\\\t.example/p.jpg" on <video> ' + REMOTE.format(host="t.example")),
      (7, 41, "remote-resource", 'src="https://t.example/c.vtt" on <track> ' + REMOTE.format(host="t.example"))]),
    ('<svg><image href="https://t.example/i.png"/><rect fill="url(https://t.example/g.svg#g)"/></svg>',
     [(7, 6, "remote-resource", 'href="https://t.example/i.png" on <image> ' + REMOTE.format(host="t.example")),
      (7, 45, "remote-resource", 'fill="https://t.example/g.svg#g" on <rect> ' + REMOTE.format(host="t.example"))]),
    ('<input type="image" src="https://t.example/b.png" alt="Go">',
     [(7, 1, "remote-resource", 'src="https://t.example/b.png" on <input> ' + REMOTE.format(host="t.example"))]),
])
def test_every_url_attribute_is_checked(tmp_path: Path, body: str, expected: list) -> None:
    project = make_project(tmp_path, {"index.md": page(body, "T"), "map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n"})
    assert [p[1:] for p in problems(project)] == expected


def test_links_to_other_sites_and_local_media_pass(tmp_path: Path) -> None:
    body = ('[A site](https://example.org/) <a href="https://example.org/">another</a>\n\n'
            '<svg><a xlink:href="https://example.org/"><text>x</text></a><use href="#local"/></svg>\n\n'
            '<video src="clip.mp4" poster="map.svg"></video>\n')
    project = make_project(tmp_path, {"index.md": page(body, "T"), "map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
                                      "clip.mp4": b"\0"})
    assert problems(project) == []


@pytest.mark.parametrize(("title", "part"), [
    ("A <b>bold</b> title", "'<b>'"),
    ("A title<!-- note -->", "'<!-- note -->'"),
    ("A </ title", "'</ title'"),
    ("<![CDATA[x]]> title", "'<![CDATA[x]]>'"),
    ("<?php x ?> title", "'<?php x ?>'"),
])
def test_markup_in_a_front_matter_title_is_an_error_at_the_value(tmp_path: Path, title: str, part: str) -> None:
    text = "---\n" + f"title: {title!r}\n".replace("'", '"') + "description: A page.\ndate: 2022-11-08\n---\n\nText.\n"
    assert index_problems(tmp_path, text) == [
        (2, 8, "markup-in-plain-text", f"'title' is plain text, shown to readers as written, so it cannot hold HTML: "
                                       f"remove {part} (a '<' before a letter, '/', '!' or '?' starts markup; "
                                       "'a < b' is fine)")]


def test_plain_text_may_hold_ampersands_quotes_and_a_lone_less_than(tmp_path: Path) -> None:
    text = "---\ntitle: \"Q&A: \u201cwhy\u201d, \u2018how\u2019 and 1 < 2 & 3 > 2\"\ndescription: AT&T & co.\ndate: 2022-11-08\n---\n\nText.\n"
    assert index_problems(tmp_path, text) == []


def test_a_character_reference_in_plain_text_is_an_error(tmp_path: Path) -> None:
    text = "---\ntitle: T\ndescription: Tom &amp; Jerry\ndate: 2022-11-08\n---\n\nText.\n"
    assert index_problems(tmp_path, text) == [
        (3, 14, "markup-in-plain-text", "'description' is plain text, shown to readers as written: they would see "
                                        "'&amp;', not '&'; write the character itself")]


def test_every_string_of_the_names_file_is_plain_text(tmp_path: Path) -> None:
    names = ("people:\n  - name: Kirill Stremousov\n    description: Deputy <i>head</i>\n"
             "    sources:\n      - {title: \"A <b>source</b>\", url: \"javascript:alert(1)\"}\n")
    project = make_project(tmp_path, {"index.md": page("Text.", "T")}, names=names)
    assert [p for p in problems(project) if p[3] != "invalid-names-file"] == [
        ("docs/data/names.yml", 3, 18, "markup-in-plain-text",
         "'description' is plain text, shown to readers as written, so it cannot hold HTML: remove '<i>' (a '<' "
         "before a letter, '/', '!' or '?' starts markup; 'a < b' is fine)"),
        ("docs/data/names.yml", 5, 17, "markup-in-plain-text",
         "'title' is plain text, shown to readers as written, so it cannot hold HTML: remove '<b>' (a '<' "
         "before a letter, '/', '!' or '?' starts markup; 'a < b' is fine)"),
        ("docs/data/names.yml", 5, 41, "active-scheme",
         "'url' is 'javascript:alert(1)', a javascript: URL, which runs code or embeds content: give an https:// URL"),
    ]
