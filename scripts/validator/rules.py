"""The rule registry: every problem the validator reports has one of these ids.

Ids are stable and kebab-case: CONTRIBUTING.md documents each one from this
registry, and editors search for them. Severity `error` fails the run (exit 1)
and the build; `warning` is printed and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str  # one line: what the problem means
    fix: str  # one line: how to fix it


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem. `path` is the file as the user should open it."""

    path: str
    line: int
    column: int
    rule: str
    message: str

    @property
    def severity(self) -> Severity:
        return RULES[self.rule].severity


_ALL = [
    # Reading files
    Rule("unreadable-file", "error",
         "A file in the docs directory cannot be read as a page: permission denied, binary, not UTF-8, or too large.",
         "Save the page as UTF-8 text, readable by everyone, under the size limit."),
    Rule("empty-page", "error",
         "A Markdown page is empty.",
         "Write the page (front matter and text) or delete the file."),
    Rule("escaping-symlink", "error",
         "A symlink in the docs directory points outside it (or loops), so the build would publish files from elsewhere.",
         "Copy the file into the docs directory, or delete the symlink."),
    # Links and images
    Rule("broken-link", "error",
         "A link points to a file that does not exist in the docs directory.",
         "Correct the path (relative to the page, with the .md extension) or remove the link."),
    Rule("broken-anchor", "error",
         "A link's #fragment names an id that the target page will not have.",
         "Use the id of an existing heading (shown in its permalink) or add {#id} to the heading you mean."),
    Rule("missing-image", "error",
         "An image's source file does not exist in the docs directory.",
         "Add the image file under docs/ or correct its path, relative to the page."),
    Rule("image-alt", "error",
         "An image has no alt text, so screen-reader users learn nothing from it.",
         "Describe the image in the brackets: ![what it shows](file.png), or alt=\"...\" in HTML."),
    Rule("excluded-target", "error",
         "A link points to a file that exclude_docs or draft_docs leaves out of the built site.",
         "Link to a published page instead, or publish the target."),
    Rule("escapes-docs", "error",
         "A link leaves the docs directory; the built site will not contain its target.",
         "Link to a file inside the docs directory, or use the full https:// URL of the outside resource."),
    Rule("case-mismatch", "error",
         "A link differs from the file name only in letter case: it works on some laptops and breaks on the server.",
         "Spell the path with exactly the file's letter case."),
    Rule("absolute-link", "error",
         "A link starts with '/': it depends on where the site is served and breaks from file:// and sub-paths.",
         "Write the path relative to the page, to the .md file (e.g. battle.md)."),
    Rule("directory-link", "error",
         "A link points to a directory, or to a page without its extension; MkDocs cannot resolve it to a page.",
         "Link to the page file itself, e.g. section/index.md."),
    Rule("undefined-reference", "error",
         "A reference-style link [text][label] uses a label with no [label]: definition on the page.",
         "Add the line '[label]: target.md' to the page, or fix the label's spelling."),
    Rule("undefined-footnote", "error",
         "A footnote reference [^label] has no [^label]: definition on the page.",
         "Add the definition '[^label]: text' to the page, or remove the reference."),
    Rule("unused-footnote", "error",
         "A footnote is defined but never referenced, so its back-link (#fnref:label) leads nowhere.",
         "Reference it in the text with [^label], or delete the definition."),
    Rule("missing-include", "error",
         "A pymdownx.snippets include (--8<-- \"file.md\", a -8<- block or auto_append) names a file that is not "
         "there: the build leaves its text out without a word, or stops if check_paths is on.",
         "Correct the path: it is relative to the snippets base_path in mkdocs.yml, not to the page; or add the file. "
         "To show the notation itself, write ;--8<-- \"file.md\"."),
    Rule("insecure-link", "warning",
         "An external link uses http://, which readers' browsers may block or warn about.",
         "Use https:// if the site supports it."),
    Rule("active-scheme", "error",
         "A link, image or other URL (href, xlink:href, src, srcset, action, poster, a names-file url ...) uses a "
         "scheme that runs code or embeds content (javascript:, vbscript:, data:).",
         "Link to an https:// URL or a page in the docs directory instead."),
    Rule("remote-resource", "error",
         "An image, video, audio, track, srcset candidate, poster, SVG image/use/feImage or CSS url() loads a file "
         "from another host by itself: readers' browsers contact that host and the offline copy lacks the file.",
         "Save the file under docs/ (e.g. docs/assets/images/) and use its path relative to the page; plain links to "
         "other sites are fine."),
    # Markdown the build shows as written
    Rule("unclosed-fence", "error",
         "A fenced code block is opened (``` or ~~~) and never closed, so the build prints the fence as text and "
         "reads what follows as Markdown.",
         "Close the code block with a line of the same fence, or remove the opening fence."),
    Rule("unclosed-comment", "error",
         "An HTML comment is opened (<!--) and never closed, so the build prints '<!--' as text and reads what "
         "follows as Markdown.",
         "Close the comment with -->, or remove the '<!--'."),
    # Front matter
    Rule("front-matter-syntax", "error",
         "The YAML front matter between the --- lines is not valid YAML.",
         "Fix the YAML at the reported line; quote values that contain ': ' or start with a special character."),
    Rule("missing-field", "error",
         "The front matter lacks a field the schema requires (or the page has no front matter).",
         "Add the field to the block between the --- lines at the top of the page."),
    Rule("wrong-type", "error",
         "A front-matter field has the wrong type or format (e.g. a date that is not YYYY-MM-DD, a tag that is not a list).",
         "Write the value in the form the schema asks for, e.g. date: 2022-11-08, tags: [battle]."),
    Rule("unknown-field", "error",
         "The front matter has a field the schema does not define (often a misspelling).",
         "Rename it to the suggested field, or remove it."),
    Rule("too-long", "error",
         "A front-matter value is longer than the schema allows (description: 160 characters).",
         "Shorten the value to the limit."),
    Rule("unknown-tag", "error",
         "A tag is not in the vocabulary defined by the front-matter schema.",
         "Use one of the listed tags, or add the new tag to the schema's vocabulary in the same change."),
    Rule("front-matter-schema", "error",
         "The front matter breaks another rule of the front-matter schema (e.g. an empty value, a repeated item).",
         "Change the value as the message says; the schema file describes every field."),
    Rule("block-syntax", "error",
         "A /// block (pymdownx.blocks: caption, details …) the build cannot read: an unknown name or unreadable "
         "options, printed as text, or a block never closed, which takes in the rest of the page.",
         "Correct the name or the options (YAML lines indented by four spaces under the first line), and end the "
         "block with as many slashes as it starts with."),
    # Site structure
    Rule("plugin-failed", "warning",
         "A plugin (or the nav) failed while the validator followed the build's on_files and on_nav events, so it "
         "read the docs directory as it is: pages that plugin adds or drops may be misjudged.",
         "Fix the plugin's settings in mkdocs.yml at the reported line; `mkdocs build` shows the same failure."),
    Rule("not-in-nav", "error",
         "A page exists in the docs directory but the nav in mkdocs.yml does not list it, so readers cannot reach it.",
         "Add the page to nav in mkdocs.yml, or list it under not_in_nav if that is intended."),
    Rule("nav-missing-file", "error",
         "An entry of nav in mkdocs.yml names a file that is not in the docs directory.",
         "Correct the path (relative to the docs directory) or remove the entry."),
    Rule("duplicate-id", "error",
         "Two elements of one page would get the same id, so links to it reach only the first.",
         "Give one of them another {#id} or id=\"...\"."),
    Rule("duplicate-title", "error",
         "Two pages have the same title, so navigation and search results cannot tell them apart.",
         "Give each page a distinct title in its front matter."),
    # Safety
    Rule("unsafe-html", "error",
         "Raw HTML that can run code or restyle the site: script, iframe, object, embed, form and similar tags, on* event handlers, style attributes.",
         "Use Markdown instead; layout belongs in the stylesheet, behaviour in the theme."),
    Rule("markup-in-plain-text", "error",
         "A plain-text field (any front-matter value, any value in the names file) holds HTML: a tag, an end tag, a "
         "comment, <!...> or <?...>, or a character reference such as &lt; that readers would see as written.",
         "Write plain text: remove the markup and write characters themselves; & and a < before a space "
         "(a < b) are fine."),
    # Typography
    Rule("straight-quote", "error",
         "A straight quotation mark or apostrophe (\" or ') in prose, where readers should see a typographic one.",
         "Write “ ” for quotations, ‘ ’ for quotations inside them and ’ for apostrophes; code, URLs and HTML "
         "attributes keep straight ones."),
    # Names
    Rule("name-variant", "error",
         "A person or place is spelled in a variant form that the names file rejects.",
         "Use the canonical spelling; to quote a source verbatim, put <!-- verbatim --> on the line before its block quote."),
    Rule("unknown-name", "error",
         "A people or places entry in the front matter is not a name in the names file.",
         "Use the name exactly as the names file spells it, or add the person or place to the names file."),
    Rule("unsourced-description", "error",
         "A names-file entry's description says more than the report's words but names no source, so readers cannot "
         "tell where it comes from.",
         "Add sources: (a list of {title, url}, each url https://), or describe the entry only in the report's words "
         "and end the description with ', as the report describes him' (her, it, them; or 'credits')."),
    Rule("invalid-names-file", "error",
         "The names file (data/names.yml in the docs directory) is not valid YAML, not in its documented shape, or "
         "ambiguous: a spelling or entry id shared by two entries, or a spelling that is also a variant.",
         "Fix the file so that people: and places: are lists of {name, description, side, short_forms, variants, "
         "sources} and each spelling belongs to one entry, as the message says."),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _ALL}
