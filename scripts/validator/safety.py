"""Raw HTML from pull requests: tags and attributes that run code, embed other sites or restyle pages."""

from __future__ import annotations

import re

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
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite"}
_IGNORED_URL_CHARS = re.compile(r"[\t\n\r]")


def active_scheme(url: str, *, image: bool = False) -> str | None:
    """The scheme of `url` if it runs code or embeds content (as browsers read it), else None.

    Browsers drop tabs and newlines anywhere in a URL and spaces or control
    characters around it, and schemes are case-insensitive.
    """
    cleaned = _IGNORED_URL_CHARS.sub("", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                   "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ").lower()
    scheme, colon, _ = cleaned.partition(":")
    if not colon:
        return None
    if scheme in ("javascript", "vbscript"):
        return scheme
    if scheme == "data" and not (image and re.match(r"data:image/(png|gif|jpe?g|webp|avif);", cleaned)):
        return scheme
    return None


def unsafe_attributes(tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """(rule, message) for each unsafe attribute; tag "" means a Markdown attribute list."""
    problems = []
    where = f"on <{tag}>" if tag else "in an attribute list"
    for name, value in attrs:
        name = name.lower()
        if name.startswith("on"):
            problems.append(("unsafe-html", f"event handler '{name}' {where} runs code in readers' browsers: remove it"))
        elif name == "style":
            problems.append(("unsafe-html", f"style attribute {where}: give it a class and style that in the site's stylesheet"))
        elif name in URL_ATTRIBUTES and tag not in ("a", "img") and value and (scheme := active_scheme(value)):
            problems.append(("active-scheme", f"{name}=\"{value[:60]}\" {where} uses {scheme}:, which runs code: remove it"))
    return problems


def unsafe_tag(tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """(rule, message) for an unsafe tag and each of its unsafe attributes."""
    problems = []
    if tag in UNSAFE_TAGS:
        problems.append(("unsafe-html", f"<{tag}> is not allowed in pages: it {UNSAFE_TAGS[tag]}"))
    return problems + unsafe_attributes(tag, attrs)
