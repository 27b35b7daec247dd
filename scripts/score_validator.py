"""Precision and recall of a validator on the pattern fixtures: against their expected output, and against the build.

    python scripts/score_validator.py [--validate PATH/TO/validate.py]

The pattern fixtures are those of PATTERN_FIXTURES in tests/fixtures/validator/,
each with an expected*.txt beside the mkdocs*.yml it is the output for. Their expected output is the truth:
tests/test_validate_agreement.py checks it against the real `mkdocs build`.
A finding counts as right when its path, line, column and rule id are
expected; the message is not compared, so that another version of the
validator (say, main's) can be scored read-only on the same fixtures.

Against the build: each fixture is built (a copy, in a temporary directory)
and the links MkDocs reports (broken links and anchors, unused footnotes'
back-links) are compared with the validator's link findings, by page and URL,
counted. MkDocs' own false alarms are left out: an anchor whose id the
built page has (MkDocs collects ids before some extensions finish theirs:
an escaped character in an attribute list, say), and a text fragment
(#:~:text=words) whose part before ':~:' is empty or an id of the page.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "validator"
FINDING = re.compile(r"^(.+?):(\d+):(\d+): ([a-z-]+): ", re.M)
LINK_RULES = {"broken-link", "broken-anchor", "missing-image", "case-mismatch", "directory-link", "absolute-link",
              "excluded-target", "escapes-docs"}
LINK_FINDING = re.compile(r"^(.+?):\d+:\d+: ([a-z-]+): ('[^\n]*?') — ", re.M)
UNUSED_FOOTNOTE = re.compile(r"^(.+?):\d+:\d+: unused-footnote: .*?('#fnref:[^']+')", re.M)
LINK_WARNING = re.compile(r"Doc file '([^']+)' contains (?:a|an unrecognized relative|an absolute) link '([^']+)'")
UNUSED_WARNING = re.compile(r"Doc file '([^']+)' contains a link '#(fnref:[^']+)', but there is no such anchor")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1667865600"}


def findings(text: str) -> set[tuple[str, int, int, str]]:
    return {(path, int(line), int(column), rule) for path, line, column, rule in FINDING.findall(text)}


def link_findings(output: str) -> Counter[tuple[str, str]]:
    """The validator's link findings in `output` (its text format): (path, quoted URL), counted."""
    found: Counter[tuple[str, str]] = Counter(
        (path, url) for path, rule, url in LINK_FINDING.findall(output) if rule in LINK_RULES)
    found.update(UNUSED_FOOTNOTE.findall(output))
    return found


def built_html(site: Path, src_uri: str) -> Path:
    """The built file of page `src_uri` (directory URLs, as the fixtures' mkdocs theme builds them)."""
    stem = src_uri.removesuffix(".md")
    return site / ("index.html" if stem in ("index", "README") else f"{stem}/index.html")


def build_warnings(stderr: str) -> list[str]:
    """MkDocs' warnings in a build's `stderr`, one string each (continuation lines joined)."""
    warnings: list[str] = []
    for line in stderr.splitlines():
        if line.startswith("WARNING"):
            warnings.append(line.split("-  ", 1)[1])
        elif line.startswith("  - ") and warnings:
            warnings[-1] += "\n" + line
    return warnings


def build_link_findings(warnings: list[str], site: Path) -> tuple[Counter[tuple[str, str]], list[str]]:
    """The links the build reports, as (path, quoted URL) counted, and the warnings of any other kind."""
    found: Counter[tuple[str, str]] = Counter()
    other = []
    for warning in warnings:
        if match := UNUSED_WARNING.search(warning):
            found[(f"docs/{match.group(1)}", f"'#{match.group(2)}'")] += 1
        elif match := LINK_WARNING.search(warning):
            page, url = match.groups()
            path, _, fragment = url.partition("#")
            if fragment:
                target = page if not path else os.path.normpath(os.path.join(os.path.dirname(page), path))
                wanted = fragment.split(":~:", 1)[0]
                html = built_html(site, target)
                if (":~:" in fragment and not wanted) or \
                        (html.is_file() and f'id="{wanted}"' in html.read_text(encoding="utf-8")):
                    continue
            found[(f"docs/{page}", f"'{url}'")] += 1
        else:
            other.append(warning)
    return found, other


def build(fixture: Path, config: str, work: Path) -> tuple[Counter[tuple[str, str]], list[str]]:
    """Build a copy of `fixture` in `work`; the links its build reports, and its other warnings."""
    copy = work / fixture.name
    if not copy.exists():
        shutil.copytree(fixture, copy)
    site = work / f"{fixture.name}-{config}-site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(copy / config), "-d", str(site)],
                            capture_output=True, text=True, env=ENV, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{fixture.name}/{config}: mkdocs build failed: {result.stderr}")
    return build_link_findings(build_warnings(result.stderr), site)


# The fixtures of Python-Markdown's reading (issue 12: containers, definitions, caret, text fragments, open
# fences and comments, front matter titles, raw HTML) and of the rules no other fixture shows.
PATTERN_FIXTURES = ("caret", "code-text-reference", "comment-term-deflist", "containers", "definitions", "extension-ids",
                    "files",
                    "front-matter-title", "indented-bodies", "list-blocks", "md-in-html", "nested-blocks",
                    "no-footnotes", "pymd-link-syntax", "raw-html", "refdef-in-paragraph", "text-fragments", "unclosed")


def runs() -> list[tuple[Path, str, Path]]:
    """(fixture directory, configuration file name, expected output) of each pattern fixture run."""
    return sorted((expected.parent, expected.name.replace("expected", "mkdocs").replace(".txt", ".yml"), expected)
                  for name in PATTERN_FIXTURES for expected in (FIXTURES / name).glob("expected*.txt"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--validate", default=str(ROOT / "scripts" / "validate.py"), help="the validate.py to score")
    args = parser.parse_args()
    totals = Counter()
    print(f"{'fixture':32} {'expected: right':>15} {'false':>5} {'missed':>6}   {'build links: right':>18} "
          f"{'false':>5} {'missed':>6}")
    with tempfile.TemporaryDirectory() as work:
        for fixture, config, expected in runs():
            result = subprocess.run([sys.executable, args.validate, "-f", config, "--jobs", "1"], cwd=fixture,
                                    capture_output=True, text=True, env=ENV, check=False)
            if result.returncode not in (0, 1):
                print(f"{fixture.name}/{config}: the validator failed: {result.stderr.strip()}", file=sys.stderr)
                return 2
            got, want = findings(result.stdout), findings(expected.read_text(encoding="utf-8"))
            links, built = link_findings(result.stdout), build(fixture, config, Path(work))[0]
            row = {"right": len(got & want), "false": len(got - want), "missed": len(want - got),
                   "link right": sum((links & built).values()), "link false": sum((links - built).values()),
                   "link missed": sum((built - links).values())}
            totals.update(row)
            print(f"{fixture.name + '/' + config:32} {row['right']:15} {row['false']:5} {row['missed']:6}   "
                  f"{row['link right']:18} {row['link false']:5} {row['link missed']:6}")
    print(f"{'total':32} {totals['right']:15} {totals['false']:5} {totals['missed']:6}   "
          f"{totals['link right']:18} {totals['link false']:5} {totals['link missed']:6}")
    for label, prefix in (("all findings, against the expected output", ""), ("links, against mkdocs build", "link ")):
        right, false, missed = totals[prefix + "right"], totals[prefix + "false"], totals[prefix + "missed"]
        precision = right / (right + false) if right + false else 1.0
        recall = right / (right + missed) if right + missed else 1.0
        print(f"{label}: precision {precision:.2f} ({right}/{right + false}), recall {recall:.2f} ({right}/{right + missed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
