"""The build's files, gathered by following MkDocs' own events as `mkdocs build` calls them.

`mkdocs build` walks the docs directory, adds the theme's files, runs the
plugins' `on_files`, settles what is excluded, builds the navigation and runs
the plugins' `on_nav`. Plugins change what is published on the way: Material's
blog plugin excludes the posts in `on_files` and brings them back (not in the
nav, but published) in `on_nav`. Following both events, through MkDocs' own
plugin collection, the validator reads every page the build publishes and no
page it drops.

Some plugins write into the docs directory on the way (the blog plugin
creates its index page and posts directory when they are missing). The
validator never leaves such a write behind: what a plugin created there
during the events is removed again, and a page it created is kept in memory,
as a generated page (a link target, not read as an editor's page).

A plugin that fails here would stop the build too; the validator instead
falls back to the files as found in the docs directory, and records the
failure at the plugin's line in mkdocs.yml (facts.PluginFailure), which the
site rule `plugin_failed` reports as a warning.

A plugin may also publish builds of its own after the main one:
mkdocs-static-i18n builds each language but the default one that way.
`other_builds` gives the configuration of each, as that build sees it, for
the validator to follow its events and read its pages too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.structure.files import Files, set_exclusions
from mkdocs.structure.nav import get_navigation

from .facts import PluginFailure


class _PluginFailed(Exception):
    def __init__(self, plugin: str, event: str, error: Exception) -> None:
        super().__init__(f"{type(error).__name__}: {error}")
        self.plugin, self.event, self.error = plugin, event, error


def _run(config: Any, event: str, item: Any, **kwargs: Any) -> Any:
    plugins = config.plugins
    try:
        return getattr(plugins, f"on_{event}")(item, config=config, **kwargs)
    except Exception as error:  # noqa: BLE001 - a plugin's failure: fall back, located
        raise _PluginFailed(str(getattr(plugins, "_current_plugin", None) or "?"), f"on_{event}", error) from error


def build_files(discover: Callable[[], tuple[Files, list[Any]]], config: Any, config_file: Path,
                shown_config: str, quiet: Callable[[], Any]) -> tuple[Files, list[Any]]:
    """The files of the build after the plugins' on_files and on_nav, and the facts found on the way (those of
    `discover`, and a PluginFailure)."""
    files, facts = discover()
    files.add_files_from_theme(_theme_env(config), config)
    docs_dir = str(config["docs_dir"])
    before = _tree(docs_dir)
    try:
        with quiet():  # get_navigation's own warnings (pages not in the nav...) are the validator's to report
            files = _run(config, "files", files) or files
            set_exclusions(files, config)
            try:
                nav = get_navigation(files, config)
            except Exception as error:  # noqa: BLE001 - a nav MkDocs cannot build: fall back, located
                raise _PluginFailed("nav", "get_navigation", error) from error
            _run(config, "nav", nav, files=files)
    except _PluginFailed as failure:
        line, column = _plugin_position(config_file, failure.plugin)
        facts.append(PluginFailure(shown_config, line, column, failure.plugin, failure.event, str(failure)))
        files, _ = discover()
        files.add_files_from_theme(_theme_env(config), config)
        set_exclusions(files, config)
    finally:
        _undo_writes(docs_dir, before, files)
    return files, facts


# mkdocs-static-i18n (1.x) builds the default language in the build it is part of, then each other language
# (`build_languages`) in a build of its own, started from its on_post_build: it sets its `current_language` and
# calls MkDocs' build() again on the same configuration. There the plugins' on_config run again (the plugin's
# applies that language's overrides) and its on_files (`reconfigure_files`) chooses that language's files: its
# `page.fr.md` or `docs/fr/page.md`, the default language's where a page has no translation (fallback_to_default),
# in Files of its own (I18nFiles) whose get_file_from_path looks up a link's target in that language first. The
# validator asks the plugin the same way, up to on_nav, rather than restate its rules. Specific to this plugin:
# MkDocs has no event by which a plugin says it publishes other builds, and running its on_post_build would build
# them, into site_dir.
_I18N_PLUGIN = "mkdocs_static_i18n.plugin"


def _i18n_plugin(config: Any) -> Any:
    return next((plugin for plugin in config.plugins.values() if type(plugin).__module__ == _I18N_PLUGIN), None)


def other_builds(config: Any, load_config: Callable[[], Any], config_file: Path, shown_config: str,
                 quiet: Callable[[], Any], failures: list[Any]) -> Iterator[Any]:
    """The configuration of each build a plugin publishes after the main build of `config`, as that build's
    on_config leaves it, one at a time: a build's files are what they are only until the next one is set up.

    The configuration is one of the validator's own (`load_config`, loaded once, as the plugin reuses one for all
    its builds), so that the plugins of `config` (a build's own, inside the hook) keep their state. A plugin that
    fails here is recorded in `failures` (facts.PluginFailure), and the builds after it are not followed.
    """
    plugin = _i18n_plugin(config)
    # `building`: `config` is already one of the plugin's own builds, which the validator's run in it reads.
    if plugin is None or getattr(plugin, "building", False):
        return
    languages = [language for language in plugin.build_languages if language != plugin.current_language]
    for number, language in enumerate(languages):
        try:
            if number == 0:
                config = load_config()
                plugin = _i18n_plugin(config)
                # Each page's alternates (its other languages, for the language switcher and the sitemap, which
                # the validator never renders) take most of the plugin's on_files time, and decide nothing it reads.
                plugin.reconfigure_files_alternates = _no_alternates
            plugin.current_language, plugin.building = language, True  # as its on_post_build sets them
            with quiet():
                config = config.plugins.on_config(config) or config  # as MkDocs' build() starts
        except Exception as error:  # noqa: BLE001 - the build would stop here too: recorded, located
            failures.append(_failure(config_file, shown_config, error, languages[number:]))
            return
        yield config


def _no_alternates(*args: Any, **kwargs: Any) -> None:
    return None


def _failure(config_file: Path, shown_config: str, error: Exception, languages: list[str]) -> PluginFailure:
    """A language build that could not start: it and the ones after it are not read."""
    line, column = _plugin_position(config_file, "i18n")
    builds = ", ".join(f"'{language}'" for language in languages)
    return PluginFailure(shown_config, line, column, "i18n", f"on_config of its '{languages[0]}' build",
                         f"{type(error).__name__}: {error}",
                         f"the validator read the pages of the other builds, not those of {builds}")


class _VisibleFilesLoader(jinja2.FileSystemLoader):
    """Lists a theme's files as FileSystemLoader does, without walking dot directories: add_files_from_theme
    drops every path with a part that starts with a dot ('.*', '*/.*'), and Material's .icons holds 14,000."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                for filename in filenames:
                    template = os.path.join(dirpath, filename)[len(searchpath):].strip(os.path.sep).replace(os.path.sep, "/")
                    found.add(template.removeprefix("./"))
        return sorted(found)


def _theme_env(config: Any) -> Any:
    """The theme's Jinja environment, for add_files_from_theme to list the theme's files from (the same files)."""
    env = config.theme.get_env()
    loader = env.loader
    if type(loader) is jinja2.FileSystemLoader:  # what MkDocs' Theme.get_env makes; anything else is left alone
        env.loader = _VisibleFilesLoader(loader.searchpath, loader.encoding, loader.followlinks)
    return env


def _tree(docs_dir: str) -> set[str]:
    """Every file and directory under docs_dir (symlinks not followed)."""
    found = set()
    for folder, dirnames, filenames in os.walk(docs_dir):
        found.update(os.path.join(folder, name) for name in dirnames + filenames)
    return found


def _undo_writes(docs_dir: str, before: set[str], files: Files) -> None:
    """Remove what plugins created in docs_dir during the events; keep the pages they created in memory."""
    created = _tree(docs_dir) - before
    if not created:
        return
    by_path = {os.path.normpath(file.abs_src_path): file for file in files if file.abs_src_path}
    for path in sorted(created, key=len, reverse=True):  # a directory's contents before the directory
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                os.rmdir(path)  # only if empty: something else wrote there meanwhile otherwise
                continue
            file = by_path.get(os.path.normpath(path))
            if file is not None:
                with open(path, encoding="utf-8-sig") as stream:
                    file.content_string = stream.read()
                file.generated_by = file.generated_by or "the validator: written by a plugin during on_files or on_nav"
            os.remove(path)
        except (OSError, UnicodeError):
            continue


def _plugin_position(config_file: Path, plugin: str) -> tuple[int, int]:
    """Where mkdocs.yml names `plugin` (a plugin's name, or a hook's path), or its first line."""
    name = plugin.split("/")[-1].removesuffix(".py")
    try:
        lines = config_file.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeError):
        return 1, 1
    pattern = re.compile(rf"^\s*-\s*['\"]?(\S*?{re.escape(name)}(?:\.py)?)['\"]?\s*:?\s*(?:#.*)?$")
    for number, text in enumerate(lines, 1):
        match = pattern.match(text)
        if match:
            return number, match.start(1) + 1
    return 1, 1
