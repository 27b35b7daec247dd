"""Benchmark the page validator against `mkdocs build` and against a lower bound, on synthetic sites.

    python scripts/bench_validate.py [N ...] [--build-up-to N] [--jobs J]

For each N (default: 1000 and 5000) it generates, in a temporary directory,
a MkDocs project like ours with N pages (front matter, headings, links with
anchors to other pages, images, a table, a definition list, code blocks),
then times, each in a fresh process:

  validator    scripts/validate.py on the project (the command editors run)
  mkdocs build a strict build of the same project (Material, search, offline)
  lower bound  reading every page and one regex pass over it for links

  warm         the validator again after one page changed (the cache of
               page facts, .cache/validate/, holds the others)

The validator's cold runs start with no cache. Its peak memory is the
largest resident set of the validator's processes (getrusage
RUSAGE_CHILDREN of a process that runs only the validator).

Targets (issue 12): at N=1000, cold at most 1/10 of the build and at most
15x the lower bound; warm after one page changed at most 1/30 of the build;
the 10k/1k time ratio at most 11; peak memory under 100 MB.

With --compare DIR (another checkout of this repository, main's say), its
scripts/validate.py is timed too, cold and for peak memory, on the same
projects in the same run, each cold run of it right after one of this
checkout's: before/after figures under the same load.

    python scripts/bench_validate.py --hook-share

times instead, on a copy of this site, `mkdocs build --strict` (what `make
site` runs) with and without the validate hook, in CPU time: the hook's share
with an empty cache and with the cache of the build before.

    python scripts/bench_validate.py --render-confirmation

times instead, on a copy of this site, what confirming findings against
rendered pages costs (issue 12), in CPU time within one process (steady on a
loaded machine): the validator on the site as it is (nothing to confirm, no
page rendered), then with two findings that must be confirmed (a broken
anchor into one page, an undefined reference on another: two pages rendered).
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES_PER_SECTION = 100
SECTIONS_PER_PAGE = 5
TAGS = ["battle", "cultural-heritage", "diplomacy", "evacuation", "infrastructure", "looting", "nuclear-risk"]
PEOPLE = ["Kirill Stremousov", "Natalia Humeniuk", "Vladimir Putin", "Jake Sullivan", "Mykhailo Podolyak"]
PLACES = ["Kherson", "Crimea", "Oleshky", "Dnieper River", "Beryslav district"]
LOWER_BOUND = """
import re, sys
from pathlib import Path
links = re.compile(r"!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)")
count = 0
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    count += len(links.findall(path.read_bytes().decode("utf-8")))
print(count)
"""


def page_path(number: int) -> str:
    return f"section-{number // PAGES_PER_SECTION:02d}/page-{number:05d}.md"


def page_text(number: int, total: int, rng: random.Random) -> str:
    here = page_path(number)

    def link_to(other: int) -> str:
        return os.path.relpath(page_path(other), os.path.dirname(here)).replace(os.sep, "/")

    lines = [
        "---",
        f"title: Page {number} of the synthetic report",
        f"description: Synthetic page {number}, generated to time the validator against the build.",
        "date: 2022-11-08",
        f"tags: [{rng.choice(TAGS)}]",
        f"people: [{rng.choice(PEOPLE)}]",
        f"places: [{rng.choice(PLACES)}]",
        "---",
        "",
        f"# Page {number} of the synthetic report",
        "",
        "Ukrainian forces are approaching the city in southern Ukraine, determined to retake the country’s "
        "first capital taken by the Russians, last March, in the first days of the war.",
        "",
    ]
    for section in range(1, SECTIONS_PER_PAGE + 1):
        other = rng.randrange(total)
        lines += [
            f"## Section {section}: the *fighting* to come",
            "",
            f"In the south, Kyiv forces prepare for heavy fighting, as [page {other}]({link_to(other)}#section-{section}-the-fighting-to-come) "
            f"and [the start of this page](#page-{number}-of-the-synthetic-report) describe; "
            f"`code that mentions [a link](nowhere.md)` stays code, and [the first page]({link_to(0)}) opens the report.",
            "",
            f"![A map of the region, section {section}](../assets/map.svg)",
            "",
            "| Place | Bank |",
            "|---|---|",
            f"| [Kherson]({link_to(rng.randrange(total))}) | right |",
            "",
            "Term",
            ":   A definition with a [reference link][ref] and a footnote-free sentence.",
            "",
            "```python",
            "print('[not a link](missing.md)')",
            "```",
            "",
        ]
    lines += [f"[ref]: {link_to(rng.randrange(total))}", ""]
    return "\n".join(lines)


def generate(directory: Path, count: int) -> None:
    rng = random.Random(count)
    docs = directory / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "assets" / "map.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    (docs / "data").mkdir()
    shutil.copy(ROOT / "docs" / "data" / "names.yml", docs / "data" / "names.yml")
    (directory / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "front-matter.schema.json", directory / "scripts")
    for number in range(count):
        path = docs / page_path(number)
        path.parent.mkdir(exist_ok=True)
        path.write_text(page_text(number, count, rng), encoding="utf-8")
    (docs / "index.md").write_text(
        "---\ntitle: Synthetic report\ndescription: The synthetic report’s overview.\ndate: 2022-11-08\n---\n\n"
        f"# Synthetic report\n\nStart with [the first page]({page_path(0)}).\n", encoding="utf-8")
    nav = "\n".join(f"  - {page_path(n)}" for n in range(count))
    (directory / "mkdocs.yml").write_text(
        "site_name: Synthetic report\nsite_url: https://example.org/\nstrict: true\n"
        "validation:\n  nav:\n    omitted_files: warn\n    not_found: warn\n"
        "  links:\n    not_found: warn\n    anchors: warn\n    absolute_links: warn\n    unrecognized_links: warn\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - offline\n"
        "markdown_extensions:\n  - attr_list\n  - def_list\n  - toc:\n      permalink: true\n"
        f"nav:\n  - index.md\n{nav}\n", encoding="utf-8")


def timed(command: list[str], cwd: Path, repeat: int = 1,
          prepare: Callable[[], object] | None = None) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Best wall time and CPU time (user + system, the process and its workers) of `repeat` runs; `prepare`
    runs before each (untimed)."""
    return timed_in_turn([command], cwd, repeat, prepare)[0]


def timed_in_turn(commands: list[list[str]], cwd: Path, repeat: int = 1, prepare: Callable[[], object] | None = None
                  ) -> list[tuple[float, float, subprocess.CompletedProcess[str]]]:
    """`timed` for each of `commands`, run in turn within each repeat: on a machine whose load changes (other
    work on it), each command meets the same load, and their ratio holds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1667865600"}
    best = [[float("inf"), float("inf"), None] for _ in commands]
    for _ in range(repeat):
        for command, figures in zip(commands, best):
            if prepare is not None:
                prepare()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            figures[:] = [min(figures[0], wall), min(figures[1], cpu), result]
    return [(wall, cpu, result) for wall, cpu, result in best]  # type: ignore[misc]


PEAK_MEMORY = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], capture_output=True, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # KiB on Linux: the largest of its processes
"""


def clear_cache(project: Path) -> None:
    shutil.rmtree(project / ".cache", ignore_errors=True)


def change_one_page(project: Path, edits: itertools.count) -> None:
    with open(project / "docs" / page_path(1), "a", encoding="utf-8") as page:
        page.write(f"\nEdit {next(edits)}: one more sentence.\n")


def peak_memory_mb(command: list[str], cwd: Path) -> float:
    out = subprocess.run([sys.executable, "-c", PEAK_MEMORY, *command], cwd=cwd, capture_output=True, text=True,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=True).stdout
    return int(out) / 1024


def hook_share(repeat: int) -> int:
    """CPU time of `mkdocs build --strict` on a copy of this site, without and with the validate hook."""
    skip = {".git", ".venv", "site", "dist", "tests", "node_modules", ".pytest_cache", ".hypothesis", "__pycache__",
            ".cache"}
    with tempfile.TemporaryDirectory(prefix="bench-hook-") as tmp:
        project = Path(tmp) / "site-copy"
        shutil.copytree(ROOT, project, ignore=lambda folder, names: [n for n in names if n in skip])
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        hook_line = next(line for line in config.splitlines(keepends=True) if "scripts/hooks/validate.py" in line)
        (project / "mkdocs-no-validate.yml").write_text(config.replace(hook_line, ""), encoding="utf-8")
        build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
        results = {}
        for name, command, prepare in (
                ("without the hook", [*build, "-f", "mkdocs-no-validate.yml"], None),
                ("with the hook, empty cache", build, lambda: clear_cache(project)),
                ("with the hook, cache of the build before", build, None)):
            wall, cpu, result = timed(command, project, repeat, prepare)
            if result.returncode != 0:
                print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
                return 1
            results[name] = (wall, cpu)
            print(f"{name}: {wall:.2f} s wall / {cpu:.2f} s CPU (best of {repeat}); load average "
                  f"{os.getloadavg()[0]:.1f}", flush=True)
    base_wall, base_cpu = results["without the hook"]
    for name in ("with the hook, empty cache", "with the hook, cache of the build before"):
        wall, cpu = results[name]
        print(f"  hook's share, {name.removeprefix('with the hook, ')}: +{(cpu / base_cpu - 1) * 100:.1f}% CPU, "
              f"+{(wall / base_wall - 1) * 100:.1f}% wall")
    return 0


IN_PROCESS = """
import sys, time
sys.path.insert(0, sys.argv[1])
from validator import load_project, run
start = time.process_time()
result = run(load_project("mkdocs.yml"))
print(time.process_time() - start, result.render_seconds, result.rendered_pages, *sorted(p.rule for p in result.problems))
"""


def render_confirmation() -> int:
    """CPU time of one validator run on a copy of this site, and the part of it spent rendering pages to confirm findings."""
    skip = {".git", ".venv", "site", "dist", "tests", "node_modules", ".pytest_cache", ".hypothesis", "__pycache__"}
    with tempfile.TemporaryDirectory(prefix="bench-confirm-") as tmp:
        project = Path(tmp) / "site-copy"
        shutil.copytree(ROOT, project, ignore=lambda folder, names: [n for n in names if n in skip])
        command = [sys.executable, "-c", IN_PROCESS, str(project / "scripts")]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        clean = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, check=True).stdout.split()
        with open(project / "docs" / "battle.md", "a", encoding="utf-8") as page:
            page.write("\nSee [the timeline](timeline.md#no-such-id) and [the looting][no-such-label].\n")
        seeded = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, check=True).stdout.split()
    if clean[2:] != ["0"] or seeded[2:] != ["2", "broken-anchor", "undefined-reference"]:
        print("unexpected runs:", clean, seeded, file=sys.stderr)
        return 1
    total, rendering = float(seeded[0]), float(seeded[1])
    print(f"this site, CPU time in one process: validator {float(clean[0]):.2f} s with nothing to confirm (0 pages "
          f"rendered); {total:.2f} s with 2 findings to confirm, of which {rendering:.3f} s rendering 2 pages")
    print(f"  confirming 2 findings: {rendering / total * 100:.1f}% of that run; nothing to confirm: no page rendered")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000], metavar="N", help="pages (default: 1000 5000)")
    parser.add_argument("--build-up-to", type=int, default=1000, metavar="N",
                        help="run mkdocs build only for sizes up to N (default 1000; it takes ~N/50 s)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="the validator's --jobs")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the validator and the lower bound; the best counts")
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="also time DIR/scripts/validate.py (another checkout), cold and peak memory")
    parser.add_argument("--render-confirmation", action="store_true",
                        help="time confirming findings by rendering pages, on a copy of this site")
    parser.add_argument("--hook-share", action="store_true",
                        help="time `mkdocs build --strict` of a copy of this site with and without the validate hook")
    args = parser.parse_args(argv)
    if args.render_confirmation:
        return render_confirmation()
    if args.hook_share:
        return hook_share(args.repeat)
    python = sys.executable
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start; validator --jobs {args.jobs}; "
          f"best of {args.repeat} runs (the build: one run). Times: wall clock / CPU (user + system, workers included).")
    rows = []
    for count in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-validate-{count}-") as tmp:
            project = Path(tmp)
            generate(project, count)
            lower, lower_cpu, result = timed([python, "-c", LOWER_BOUND, "docs"], project, args.repeat)
            assert result.returncode == 0, result.stderr
            command = [python, str(ROOT / "scripts" / "validate.py"), "--jobs", str(args.jobs)]
            other = None if args.compare is None else \
                [python, str(args.compare.resolve() / "scripts" / "validate.py"), "--jobs", str(args.jobs)]
            cold = timed_in_turn([command] if other is None else [command, other], project, args.repeat,
                                 lambda: clear_cache(project))
            validator, validator_cpu, result = cold[0]
            if result.returncode != 0:
                print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
                return 1
            edits = itertools.count()
            if other is not None:  # the cache holds the other validator's entries (its cold run was the last): refill it
                clear_cache(project)
                timed(command, project)
            warm, warm_cpu, result = timed(command, project, args.repeat, lambda: change_one_page(project, edits))
            if result.returncode != 0:
                print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
                return 1
            clear_cache(project)
            peak = peak_memory_mb(command, project)
            build = build_cpu = None
            if count <= args.build_up_to:
                build, build_cpu, result = timed([python, "-m", "mkdocs", "build", "--strict", "-q"], project)
                if result.returncode != 0:
                    print(result.stderr[-2000:], file=sys.stderr)
                    return 1
            if other is not None:
                other_wall, other_cpu, result = cold[1]
                clear_cache(project)
                other_peak = peak_memory_mb(other, project)
                clear_cache(project)
                print(f"N={count}: {args.compare} validator cold {other_wall:.2f} s / {other_cpu:.2f} s CPU, peak memory "
                      f"{other_peak:.0f} MB; this one / that one: {validator / other_wall:.2f} wall, "
                      f"{validator_cpu / other_cpu:.2f} CPU, {peak / other_peak:.2f} memory", flush=True)
                to_build = (f"validator/build 1/{build / other_wall:.1f} wall, 1/{build_cpu / other_cpu:.1f} CPU; "
                            if build is not None and build_cpu is not None else "")
                print(f"  that one: {to_build}validator/lower bound {other_wall / lower:.1f}x wall, "
                      f"{other_cpu / lower_cpu:.1f}x CPU", flush=True)
            rows.append((count, validator, validator_cpu))
            print(f"N={count}: validator cold {validator:.2f} s / {validator_cpu:.2f} s CPU "
                  f"({validator_cpu / count * 1000:.2f} ms CPU per page), peak memory {peak:.0f} MB; "
                  f"warm after one page changed {warm:.2f} s / {warm_cpu:.2f} s CPU; lower bound {lower:.3f} s / {lower_cpu:.3f} s CPU; "
                  + (f"mkdocs build {build:.1f} s / {build_cpu:.1f} s CPU" if build is not None and build_cpu is not None
                     else "mkdocs build skipped (--build-up-to)") + f"; load average {os.getloadavg()[0]:.1f}", flush=True)
            ratios = [f"validator/lower bound {validator / lower:.1f}x wall, {validator_cpu / lower_cpu:.1f}x CPU"]
            if build is not None and build_cpu is not None:
                ratios.insert(0, f"validator/build 1/{build / validator:.1f} wall, 1/{build_cpu / validator_cpu:.1f} CPU; "
                                 f"warm/build 1/{build / warm:.0f} wall, 1/{build_cpu / warm_cpu:.0f} CPU")
            print("  " + "; ".join(ratios), flush=True)
    if len(rows) >= 2:
        (small, small_wall, small_cpu), (large, large_wall, large_cpu) = rows[0], rows[-1]
        print(f"growth: {large / small:.0f}x the pages took {large_wall / small_wall:.1f}x the wall time, "
              f"{large_cpu / small_cpu:.1f}x the CPU time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
