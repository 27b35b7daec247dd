"""Validator rules for links and images: targets, anchors, schemes, alt text, references, footnotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator_project import CONFIG, make_project, page, problems

TARGET = page("# Target page\n\n## Grigory Potemkin\n\n## Second part {#custom-id}\n\n## Second part\n", "Target")


def check(tmp_path: Path, body: str, **extra: str | bytes) -> list[tuple[str, int, int, str, str]]:
    """Problems of docs/index.md: `body` from line 7, then a heading 'Home'; beside it target.md and img/map.png."""
    project = make_project(tmp_path, {"index.md": page(body + "\n\n# Home\n", "Home"), "target.md": TARGET,
                                      "img/map.png": b"\x89PNG", "img/my map.png": b"\x89PNG", **extra})
    return problems(project)


def test_valid_links_images_and_anchors_pass(tmp_path: Path) -> None:
    body = (
        "[a page](target.md), [an anchor](target.md#grigory-potemkin), [custom](target.md#custom-id),\n"
        "[duplicate heading](target.md#second-part), [here](#home), [query](target.md?x=1#second-part),\n"
        "![A map](img/map.png), [space encoded](img/my%20map.png), <https://example.org>, [mail](mailto:a@b.org),\n"
        "[ref][target] and [target][] and [Target] (labels are case-insensitive), [empty]() and [top](#).\n"
        "\n"
        "[target]: target.md#grigory-potemkin\n"
    )
    assert check(tmp_path, body) == []


@pytest.mark.parametrize(("body", "expected"), [
    ("See [the map](map.md).",
     (7, 5, "broken-link", "'map.md' — there is no file map.md in the docs directory")),
    ("See [it](targte.md).",
     (7, 5, "broken-link", "'targte.md' — there is no file targte.md in the docs directory (did you mean 'target.md'?)")),
    ("See [it](target.html).",
     (7, 5, "broken-link", "'target.html' — there is no file target.html in the docs directory (did you mean 'target.md'?)")),
    ("See [it](target).",
     (7, 5, "broken-link", "'target' — there is no file target in the docs directory (did you mean 'target.md'?)")),
    ("A [case](Target.md) link.",
     (7, 3, "case-mismatch", "'Target.md' — the file is target.md: write 'target.md' with that letter case; "
                             "a case-insensitive laptop finds it, the server does not")),
    ("An [absolute](/target/) link.",
     (7, 4, "absolute-link", "'/target/' — an absolute link depends on where the site is served and breaks "
                             "from file://: write 'target.md'")),
    ("Up [and out](../README.md).",
     (7, 4, "escapes-docs", "'../README.md' — leads out of the docs directory, so the built site will not have it: "
                            "link to a file inside the docs directory, or give the full https:// URL")),
    ("A [directory](img/).",
     (7, 3, "directory-link", "'img/' — points to a directory: link to a page file (.md) inside it")),
    ("![A missing map](img/mapp.png)",
     (7, 1, "missing-image", "'img/mapp.png' — there is no image file img/mapp.png in the docs directory "
                             "(did you mean 'img/map.png'?)")),
    ("![A missing photo](img/photo.jpg)",
     (7, 1, "missing-image", "'img/photo.jpg' — there is no image file img/photo.jpg in the docs directory")),
    ("![](img/map.png)",
     (7, 1, "image-alt", "image 'img/map.png' has no alt text: describe what it shows in the brackets: "
                         "![what it shows](img/map.png)")),
    ('<img src="img/map.png" alt="">',
     (7, 1, "image-alt", "image 'img/map.png' has no alt text: add alt=\"what it shows\" to the <img>")),
    ("[Potemkin](target.md#potemkin)",
     (7, 1, "broken-anchor", "'target.md#potemkin' — target.md has no heading with id 'potemkin' "
                             "(did you mean '#grigory-potemkin'?)")),
    ("[part](target.md#second-part_1)",
     (7, 1, "broken-anchor", "'target.md#second-part_1' — target.md has no heading with id 'second-part_1' "
                             "(did you mean '#second-part'?)")),
    ("[self](#hom)",
     (7, 1, "broken-anchor", "'#hom' — this page has no heading with id 'hom' (did you mean '#home'?)")),
    ("An [old site](http://example.org/page).",
     (7, 4, "insecure-link", "'http://example.org/page' — http:// is not encrypted and browsers may block it: "
                             "use 'https://example.org/page' if the site supports it")),
    ("A [script](javascript:alert(1)).",
     (7, 3, "active-scheme", "'javascript:alert(1)' — a javascript: link runs code or embeds content in readers' "
                             "browsers: link to an https:// page or a file in the docs directory instead")),
    ("A [shouting](JaVaScRiPt:alert(1)) one.",
     (7, 3, "active-scheme", "'JaVaScRiPt:alert(1)' — a javascript: link runs code or embeds content in readers' "
                             "browsers: link to an https:// page or a file in the docs directory instead")),
    ('<a href=" java&#9;script:alert(1)">a tab, as browsers read it</a>',
     (7, 1, "active-scheme", "' java\tscript:alert(1)' — a javascript: link runs code or embeds content in readers' "
                             "browsers: link to an https:// page or a file in the docs directory instead")),
    ('<a href="data:text/html,x">data</a>',
     (7, 1, "active-scheme", "'data:text/html,x' — a data: link runs code or embeds content in readers' browsers: "
                             "link to an https:// page or a file in the docs directory instead")),
    ("A [reference][nowhere] link.",
     (7, 3, "undefined-reference", "reference '[nowhere]' is not defined on this page: add a line "
                                   "'[nowhere]: target.md', or write an inline link [text](target.md)")),
    ("A [collapsed][] one.",
     (7, 3, "undefined-reference", "reference '[collapsed]' is not defined on this page: add a line "
                                   "'[collapsed]: target.md', or write an inline link [text](target.md)")),
    ("A note.[^1]",
     (7, 8, "undefined-footnote", "footnote '[^1]' has no definition: add a line '[^1]: text'")),
    ("A note.\n\n[^2]: Never referenced.",
     (9, 1, "unused-footnote", "footnote '[^2]' is never referenced, so its back-link '#fnref:2' leads nowhere: "
                               "reference it in the text with [^2], or delete the definition")),
    ('<a href="target.md">raw</a>',
     (7, 1, "broken-link", "'target.md' — MkDocs does not rewrite URLs in raw HTML (<a href>), and the built site "
                           "has target/, not target.md: write a Markdown link [text](target.md) instead")),
    ('<a href="target/#grigory">raw</a>',
     (7, 1, "broken-anchor", "'target/#grigory' — target.md has no heading with id 'grigory' "
                             "(did you mean '#grigory-potemkin'?)")),
    # Ids are compared as browsers compare them: with their letter case.
    ("[Potemkin](target.md#Grigory-Potemkin)",
     (7, 1, "broken-anchor", "'target.md#Grigory-Potemkin' — target.md has no heading with id 'Grigory-Potemkin' "
                             "(did you mean '#grigory-potemkin'?)")),
    ('<a href="../outside.html">out</a>',
     (7, 1, "escapes-docs", "'../outside.html' — leads out of the built site: link to a page of the site, "
                            "or give the full https:// URL")),
    ('<a href="..">up</a>',
     (7, 1, "escapes-docs", "'..' — leads out of the built site: link to a page of the site, "
                            "or give the full https:// URL")),
    ("[up](..)",
     (7, 1, "escapes-docs", "'..' — leads out of the docs directory, so the built site will not have it: "
                            "link to a file inside the docs directory, or give the full https:// URL")),
    ("![ ](img/map.png)",
     (7, 1, "image-alt", "image 'img/map.png' has no alt text: describe what it shows in the brackets: "
                         "![what it shows](img/map.png)")),
    ('<img src="img/map.png" alt=" ">',
     (7, 1, "image-alt", "image 'img/map.png' has no alt text: add alt=\"what it shows\" to the <img>")),
    ("A [macro](vbscript:msgbox(1)).",
     (7, 3, "active-scheme", "'vbscript:msgbox(1)' — a vbscript: link runs code or embeds content in readers' "
                             "browsers: link to an https:// page or a file in the docs directory instead")),
    ("An [old site](HTTP://example.org/page).",
     (7, 4, "insecure-link", "'HTTP://example.org/page' — http:// is not encrypted and browsers may block it: "
                             "use 'https://example.org/page' if the site supports it")),
])
def test_broken_link_is_reported_at_its_position(tmp_path: Path, body: str, expected: tuple) -> None:
    assert check(tmp_path, body) == [("docs/index.md", *expected)]


def test_links_in_code_are_not_links(tmp_path: Path) -> None:
    body = (
        "Inline `[code](nowhere.md)` and ``![double `tick`](nowhere.png)``.\n"
        "\n"
        "    [indented](nowhere.md)\n"
        "\n"
        "```markdown\n"
        "[fenced](nowhere.md) ![](nowhere.png) <script>x</script>\n"
        "```\n"
        "\n"
        "~~~\n"
        "[tilde fence](nowhere.md)\n"
        "~~~\n"
        "\n"
        "Escaped \\[not a link\\]\\[nowhere\\] and <!-- [a comment](nowhere.md) -->.\n"
    )
    assert check(tmp_path, body) == []


def test_positions_are_columns_of_the_source_line(tmp_path: Path) -> None:
    body = (
        "> Quoted [one](a.md)\n"
        "> and [two](b.md).\n"
        "\n"
        "- Item [three](c.md)\n"
        "  continued [four](d.md)\n"
        "\n"
        "| Cell | [five](e.md) |\n"
        "|---|---|\n"
        "| x | [six](f.md) |\n"
        "\n"
        "Stremoúsov’s [seven](g.md) after non-ASCII text.\n"
    )
    found = [(line, column, message.split("'")[1]) for _, line, column, _, message in check(tmp_path, body)]
    assert found == [(7, 10, "a.md"), (8, 7, "b.md"), (10, 8, "c.md"), (11, 13, "d.md"),
                     (13, 10, "e.md"), (15, 7, "f.md"), (17, 14, "g.md")]


def test_reference_definition_to_missing_file_is_reported_where_used(tmp_path: Path) -> None:
    body = "First [use][gone], then [again][GONE].\n\n[gone]: missing.md\n"
    assert [p[1:4] for p in check(tmp_path, body)] == [(7, 7, "broken-link"), (7, 25, "broken-link")]


def test_links_to_excluded_and_draft_pages(tmp_path: Path) -> None:
    config = CONFIG + "exclude_docs: |\n  private.md\ndraft_docs: |\n  draft.md\n"
    project = make_project(tmp_path, {
        "index.md": page("[private](private.md) and [draft](draft.md) and [hidden](.hidden.md)", "Home"),
        "private.md": page("# Private", "Private"), "draft.md": page("# Draft", "Draft"),
        ".hidden.md": page("# Hidden", "Hidden")}, config=config)
    assert problems(project) == [
        ("docs/index.md", 7, 1, "excluded-target", "'private.md' — private.md is excluded (exclude_docs), so the "
                                                   "built site will not have it: link to a published page, or publish the target"),
        ("docs/index.md", 7, 27, "excluded-target", "'draft.md' — draft.md is a draft (draft_docs), so the built "
                                                    "site will not have it: link to a published page, or publish the target"),
        ("docs/index.md", 7, 49, "excluded-target", "'.hidden.md' — .hidden.md is excluded (exclude_docs), so the "
                                                    "built site will not have it: link to a published page, or publish the target"),
    ]


def test_raw_html_urls_are_resolved_against_the_built_page(tmp_path: Path) -> None:
    # The default theme uses directory URLs: sub/page.md becomes sub/page/index.html.
    project = make_project(tmp_path, {
        "index.md": page('<a href="sub/page/">ok</a> <img src="img/map.png" alt="A map">', "Home"),
        "sub/page.md": page('<img src="../img/map.png" alt="Wrong depth"> <img src="../../img/map.png" alt="Right">', "Sub"),
        "img/map.png": b"\x89PNG"})
    assert problems(project) == [
        ("docs/sub/page.md", 7, 1, "missing-image",
         "'../img/map.png' — the built site has no sub/img/map.png (raw HTML URLs are relative to the page's URL, sub/page/)"),
    ]


def test_links_to_theme_and_generated_files_resolve(tmp_path: Path) -> None:
    # The mkdocs theme ships css/base.css; the build copies it into the site.
    assert check(tmp_path, '<a href="css/base.css">theme stylesheet</a>') == []


def test_links_to_pages_that_hooks_generate_resolve(tmp_path: Path) -> None:
    hook = (
        "from mkdocs.structure.files import File\n\n"
        "def on_files(files, config):\n"
        "    files.append(File.generated(config, 'generated.md', content='# Generated'))\n"
        "    return files\n"
    )
    (tmp_path / "generate.py").write_text(hook, encoding="utf-8")
    project = make_project(tmp_path, {"index.md": page("[generated](generated.md)", "Home")},
                           config=CONFIG + "hooks:\n  - generate.py\n")
    assert problems(project) == []


def test_markdown_inside_html_is_checked_with_md_in_html(tmp_path: Path) -> None:
    body = "<div markdown>\n## Inside\n[a link](missing.md)\n</div>\n\n<div>\n[raw text, not a link](missing.md)\n</div>\n"
    project = make_project(tmp_path, {"index.md": page(body + "\n[up](#inside)\n", "Home")},
                           config=CONFIG.replace("  - attr_list\n", "  - attr_list\n  - md_in_html\n"))
    assert problems(project) == [
        ("docs/index.md", 9, 1, "broken-link", "'missing.md' — there is no file missing.md in the docs directory")]


def test_theme_files_are_those_the_build_copies(tmp_path: Path) -> None:
    # The validator lists a theme's files without walking its dot directories (Material's .icons holds
    # thousands of files the build never copies): the same files as MkDocs' own listing, from a custom_dir too.
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files
    from validator.events import _theme_env

    overrides = tmp_path / "overrides"
    for name in ("extra.css", ".hidden/skipped.css", "assets/.cache/skipped.js", "assets/kept.js", ".top.css"):
        (overrides / name).parent.mkdir(parents=True, exist_ok=True)
        (overrides / name).write_text("/* */\n", encoding="utf-8")
    project = make_project(tmp_path / "p", {"index.md": page("# Home", "Home")},
                           config=CONFIG.replace("  name: mkdocs\n", f"  name: material\n  custom_dir: {overrides}\n"))
    config = load_config(str(project / "mkdocs.yml"))
    built, validated = Files([]), Files([])
    built.add_files_from_theme(config.theme.get_env(), config)
    validated.add_files_from_theme(_theme_env(config), config)
    listed = [(file.src_uri, file.abs_src_path) for file in validated]
    assert listed == [(file.src_uri, file.abs_src_path) for file in built]
    assert ("extra.css", str(overrides / "extra.css")) in listed and ("assets/kept.js", str(overrides / "assets/kept.js")) in listed
    assert len(listed) > 20 and not any("/." in uri or uri.startswith(".") for uri, _ in listed)


def test_a_renamed_page_linked_from_many_places_is_guessed_at_once(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # Each guess compares the target with every file's path: done per link, a page linked from every page of a
    # large site took minutes to report once renamed.
    import validator.links

    compared = []
    close_matches = validator.links.difflib.get_close_matches
    monkeypatch.setattr(validator.links.difflib, "get_close_matches",
                        lambda word, *args, **kwargs: compared.append(word) or close_matches(word, *args, **kwargs))
    found = check(tmp_path, "[one](targte.md), [two](targte.md) and [three](./targte.md).",
                  **{"other.md": page("# Other\n\n[four](targte.md)\n", "Other")})
    assert [(path, rule) for path, _, _, rule, _ in found] == [("docs/index.md", "broken-link")] * 3 + \
        [("docs/other.md", "broken-link")]
    assert compared == ["targte.md"]
