"""Content from pull requests: raw HTML that runs code, embeds, restyles or loads from other hosts; markup in plain text.

What makes a tag, an attribute, a URL or a plain-text string unsafe; the rules
(checks.py, site_checks.py) place it. `url_problems` alone names rule ids: one
verdict on a URL wherever it is written.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import yaml

UNSAFE_TAGS = {
    "script": "runs code in readers' browsers",
    "iframe": "embeds another site",
    "frame": "embeds another site",
    "frameset": "embeds other sites",
    "object": "embeds a plug-in or another document",
    "embed": "embeds a plug-in or another document",
    "applet": "embeds a plug-in",
    "form": "sends readers' input somewhere",
    "base": "changes where every link of the page points",
    "meta": "can redirect the page",
    "link": "loads a stylesheet or other resource",
    "style": "restyles the whole site",
}
# Attributes whose value is one URL, in HTML, SVG and MathML (HTMLParser lowercases names).
URL_ATTRIBUTES = {"href", "xlink:href", "src", "action", "formaction", "poster", "data", "background", "cite",
                  "longdesc", "usemap", "manifest", "codebase", "classid", "archive", "profile", "icon", "ping",
                  "lowsrc", "dynsrc", "definitionurl"}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}  # a list of "URL descriptor" candidates
# Attributes whose URL the browser fetches by itself as the page loads (not a link a reader follows).
LOADING_ATTRIBUTES = {"src", "poster", "data", "background", "lowsrc", "dynsrc", "codebase", "classid", "archive",
                      "manifest", "icon", *SRCSET_ATTRIBUTES}
# SVG elements whose href (or xlink:href) is fetched as the page loads.
LOADING_HREF_TAGS = {"image", "use", "feimage"}
# SVG animation elements can set an attribute, href included, to another value.
ANIMATION_TAGS = {"set", "animate"}
# The link rules (site_checks.py) judge these, with everything else about the link or image.
LINK_CHECKER_URLS = {("a", "href"), ("img", "src")}
# SVG presentation attributes that take a CSS url(), fetched as the page loads.
CSS_URL_ATTRIBUTES = {"fill", "stroke", "filter", "mask", "clip-path", "marker-start", "marker-mid", "marker-end",
                      "cursor"}
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_IGNORED_URL_CHARS = re.compile(r"[\t\n\r]")


def active_scheme(url: str, *, image: bool = False) -> str | None:
    """The scheme of `url` if it runs code or embeds content (as browsers read it), else None.

    Browsers drop tabs and newlines anywhere in a URL and spaces or control
    characters around it, and schemes are case-insensitive.
    """
    cleaned = _clean(url).lower()
    scheme, colon, _ = cleaned.partition(":")
    if not colon:
        return None
    if scheme in ("javascript", "vbscript"):
        return scheme
    if scheme == "data" and not (image and re.match(r"data:image/(png|gif|jpe?g|webp|avif);", cleaned)):
        return scheme
    return None


def _clean(url: str) -> str:
    return _IGNORED_URL_CHARS.sub("", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                               "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")


def remote_host(url: str) -> str | None:
    """The other host `url` loads from (as browsers read it: '\\' is '/', //host keeps the page's scheme), else None.

    Any URL with a scheme or a host is outside the site; data: images are judged by `active_scheme`.
    """
    try:
        parts = urlsplit(_clean(url).replace("\\", "/"))
    except ValueError:
        return None
    if parts.scheme.lower() == "data":
        return None
    if parts.netloc or parts.scheme:
        return parts.hostname or parts.netloc or f"{parts.scheme}:"
    return None


def remote_message(shown: str, host: str) -> str:
    return (f"{shown} loads a file from {host} by itself when the page opens: readers' browsers would contact that "
            "host, and the offline copy would lack the file; save the file under docs/ and use its path relative "
            "to the page (plain links to other sites are fine)")


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset's candidates, split as the HTML standard splits them (a URL may contain commas)."""
    urls, position = [], 0
    while True:
        while position < len(value) and (value[position].isspace() or value[position] == ","):
            position += 1
        if position >= len(value):
            return urls
        end = position
        while end < len(value) and not value[end].isspace():
            end += 1
        url = value[position:end]
        position = end
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # skip the descriptors, up to a comma outside parentheses
            depth = 0
            while position < len(value) and (value[position] != "," or depth):
                depth += {"(": 1, ")": -1}.get(value[position], 0)
                position += 1
        if url:
            urls.append(url)


def _urls(tag: str, name: str, value: str, attrs: dict[str, str | None]) -> list[tuple[str, bool]]:
    """(URL, loads by itself) for each URL in the attribute `name`=`value` of `tag`."""
    if name in SRCSET_ATTRIBUTES:
        return [(url, True) for url in srcset_urls(value)]
    if name in URL_ATTRIBUTES:
        return [(value, name in LOADING_ATTRIBUTES or (name in ("href", "xlink:href") and tag in LOADING_HREF_TAGS))]
    if tag in ANIMATION_TAGS and name in ("to", "from", "by", "values") and \
            str(attrs.get("attributename") or "").lower() in URL_ATTRIBUTES:
        return [(part, False) for part in value.split(";") if part.strip()]
    if name in CSS_URL_ATTRIBUTES:
        return [(match.group(2), True) for match in _CSS_URL.finditer(value)]
    return []


def url_problems(url: str, context: str, shown: str, *, image: bool = False, loads: bool = False) -> list[tuple[str, str]]:
    """(rule, message) for a URL that runs code or embeds content, or that loads a file from another host.

    `context`: "link" (a link or image; `shown` is its quoted URL), "attribute" (`shown` names the attribute)
    or "field" (a plain-text URL field; `shown` is its name). `image`: data: images are fine there; `loads`:
    the browser fetches the URL by itself as the page loads.
    """
    if scheme := active_scheme(url, image=image):
        what = "image" if image else "link"
        does = "runs code" if scheme != "data" else "embeds content"
        message = {
            "link": f"{shown} — a {scheme}: {what} runs code or embeds content in readers' browsers: "
                    "link to an https:// page or a file in the docs directory instead",
            "attribute": f"{shown} uses {scheme}:, which {does}: remove it",
            "field": f"'{shown}' is '{url[:60]}', a {scheme}: URL, which runs code or embeds content: give an https:// URL",
        }[context]
        return [("active-scheme", message)]
    if loads and (host := remote_host(url)):
        return [("remote-resource", remote_message(shown if context == "attribute" else f"the image {shown}", host))]
    return []


def attribute_urls(tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str, bool]]:
    """(attribute, URL, loads by itself) for each URL in the attributes of `tag` ("": an attribute list), but those
    the link rules judge (LINK_CHECKER_URLS)."""
    found = []
    for name, value in attrs:
        name = name.lower()
        if not value or (tag, name) in LINK_CHECKER_URLS:
            continue
        found.extend((name, url, loads) for url, loads in _urls(tag, name, value, dict(attrs)))
    return found


# Plain-text fields -----------------------------------------------------------
# Front-matter strings and names-file strings are plain text: readers see them as written. In HTML text, '<' starts
# markup when a letter (a tag), '/' (an end tag, or a bogus comment), '!' (a comment, <!DOCTYPE, <![CDATA[) or '?'
# (a processing instruction, read as a comment) follows it, as the HTML tokenizer's "tag open state" says;
# before anything else, as in "a < b", it is text.
_MARKUP_START = re.compile(r"<[A-Za-z/!?]")
# A character reference is not markup, and the build escapes '&', so readers would see "&lt;" as written: surely
# not what the editor meant, and the same text in HTML would mean '<'. Flagged so that nobody writes HTML in them.
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;)")
TEXT_TAG = "tag:yaml.org,2002:str"  # PyYAML's tag of a string
URL_FIELDS = {"url", "href", "link"}  # names of fields whose string is a URL


def markup_in_text(field: str, text: str) -> str | None:
    """Why `text`, the value of the plain-text field `field`, is not plain text (the message), or None."""
    if match := _MARKUP_START.search(text):
        end = text.find(">", match.start())
        part = text[match.start():end + 1 if end >= 0 else len(text)]
        part = part if len(part) <= 60 else part[:59] + "\u2026"
        return (f"'{field}' is plain text, shown to readers as written, so it cannot hold HTML: remove '{part}' "
                "(a '<' before a letter, '/', '!' or '?' starts markup; 'a < b' is fine)")
    for match in _CHARACTER_REFERENCE.finditer(text):
        reference = match.group(0)
        character = html.unescape(reference)
        if character != reference and (reference.startswith("&#") or reference[1:] in html.entities.html5):
            return (f"'{field}' is plain text, shown to readers as written: they would see '{reference}', "
                    f"not '{character}'; write the character itself")
    return None


def scalar_nodes(root: yaml.Node | None, tag: str) -> Iterator[tuple[str, yaml.ScalarNode]]:
    """(field, node) for every value tagged `tag` under `root`, in any mapping or list, in document order;
    field: the nearest key."""
    stack: list[tuple[str, yaml.Node | None]] = [("", root)]
    while stack:
        field, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack.extend((str(key.value), value) for key, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((field, item) for item in reversed(node.value))
        elif isinstance(node, yaml.ScalarNode) and node.tag == tag:
            yield field, node
