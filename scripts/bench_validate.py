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

    python scripts/bench_validate.py --hook-share [--repeat 15] [--compare DIR]

times instead `make site` itself (`mkdocs build --strict`, then the offline
copy into dist/) on copies of this site: without the validate hook, with it
and an empty cache, with it and the cache of the build before, and with that
cache after one page was edited (issue 12: the hook adds at most 10%). Each
round runs every variant once, in an order that rotates from round to round,
so that all meet the same load; each round's share is taken against that
round's build without the hook, and the median of the rounds' shares is
printed with its quartiles (the noise), beside each variant's median wall and
CPU times. With --compare, DIR's hook (another checkout's) is timed in the
same rounds: before/after figures. On a loaded machine a process's CPU time
varies by a fifth from run to run, so the share is also taken within each
mkdocs process (make runs a stand-in for `mkdocs`, timed_mkdocs): the CPU
time of the hook's events against the rest of that process, which the load
slows alike. Python writes the scripts' bytecode in an untimed first run and
reuses it, as on an editor's machine (PYTHONDONTWRITEBYTECODE is dropped).

    python scripts/bench_validate.py --render-confirmation

times instead, on a copy of this site, what confirming findings against
rendered pages costs (issue 12), in CPU time within one process (steady on a
loaded machine): the validator on the site as it is (nothing to confirm, no
page rendered), then with two findings that must be confirmed (a broken
anchor into one page, an undefined reference on another: two pages rendered).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

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
    best = [[float("inf"), float("inf"), None] for _ in commands]
    for _ in range(repeat):
        for command, figures in zip(commands, best):
            if prepare is not None:
                prepare()
            wall, cpu, result = _run_timed(command, cwd)
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


def site_copy(source: Path, destination: Path, hook: bool = True) -> Path:
    """A copy of the site at `source` (a checkout of this repository) to build with `make site`; without the
    validate hook's line in its mkdocs.yml if not `hook`."""
    skip = {".git", ".venv", "site", "dist", "tests", "node_modules", ".pytest_cache", ".hypothesis", "__pycache__",
            ".cache"}
    shutil.copytree(source, destination, ignore=lambda folder, names: [n for n in names if n in skip])
    if not hook:
        config = (destination / "mkdocs.yml").read_text(encoding="utf-8")
        hook_line = next(line for line in config.splitlines(keepends=True) if "scripts/hooks/validate.py" in line)
        (destination / "mkdocs.yml").write_text(config.replace(hook_line, ""), encoding="utf-8")
    return destination


HOOK_TIMES = "BENCH_HOOK_TIMES"  # where timed_mkdocs writes its figures
MKDOCS_SHIM = """#!{python}
import sys
sys.path.insert(0, {scripts!r})
import bench_validate
bench_validate.timed_mkdocs()
"""


def timed_mkdocs() -> None:
    """MkDocs' command line (a stand-in for $(BIN)/mkdocs in `make site`) that writes into the file $BENCH_HOOK_TIMES
    the CPU time spent in the validate hook's events and that of the whole process: a share taken within one
    process, whose parts a loaded machine slows alike."""
    import atexit

    from mkdocs.__main__ import cli
    from mkdocs.config.config_options import Hooks

    spent = [0.0]

    def timed(event: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(event)  # keeps its mkdocs_priority
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return event(*args, **kwargs)
            finally:
                spent[0] += time.process_time() - start
        return run

    load_hook = Hooks._load_hook

    def load_timed(self: Hooks, name: str, path: str) -> Any:
        module = load_hook(self, name, path)
        if Path(path).parts[-2:] == ("hooks", "validate.py"):
            for event in [name for name in vars(module) if name.startswith("on_")]:
                setattr(module, event, timed(getattr(module, event)))
        return module

    Hooks._load_hook = load_timed  # type: ignore[method-assign]
    atexit.register(lambda: Path(os.environ[HOOK_TIMES]).write_text(f"{spent[0]} {time.process_time()}\n"))
    cli()


def edit_a_page(project: Path, edits: itertools.count) -> None:
    """One more sentence at the end of a page of the site: the next build's validator reads that page again."""
    with open(project / "docs" / "battle.md", "a", encoding="utf-8") as page:
        page.write(f"\nEdit {next(edits)}: one more sentence.\n")


def make_site(project: Path, bin_dir: Path) -> list[str]:
    """`make site` itself in `project`, with `bin_dir`'s mkdocs (-o: the venv is not installed again)."""
    return ["make", "-s", "-C", str(project), "-o", ".venv/.installed-build", "site", f"BIN={bin_dir}"]


class Arm(NamedTuple):
    name: str
    project: Path
    prepare: Callable[[], object] | None = None  # before each run, untimed


class Run(NamedTuple):
    wall: float  # `make site`
    cpu: float
    hook_cpu: float  # within the mkdocs process
    process_cpu: float


def hook_share(repeat: int, compare: Path | None) -> int:
    """Wall and CPU time of `make site` on copies of this site: without the validate hook, with it and an empty
    cache, with it and the cache of the build before (one page edited since, or none); with `compare`, another
    checkout's hook too."""
    with tempfile.TemporaryDirectory(prefix="bench-hook-") as tmp:
        this, bare = site_copy(ROOT, Path(tmp) / "this"), site_copy(ROOT, Path(tmp) / "bare", hook=False)
        edits = itertools.count()
        arms = [Arm("without the hook", bare),
                Arm("with the hook, empty cache", this, lambda: clear_cache(this)),
                Arm("with the hook, cache of the build before", this),
                Arm("with the hook, cache of the build before, one page edited since", this,
                    lambda: edit_a_page(this, edits))]
        if compare is not None:
            that = site_copy(compare.resolve(), Path(tmp) / "that")
            arms += [Arm(f"{compare}'s hook, empty cache", that, lambda: clear_cache(that)),
                     Arm(f"{compare}'s hook, cache of the build before", that),
                     Arm(f"{compare}'s hook, cache of the build before, one page edited since", that,
                         lambda: edit_a_page(that, edits))]
        print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start; `make site` on copies of "
              f"this site, {repeat} rounds, each variant once a round in an order that rotates.", flush=True)
        runs = _rounds(arms, repeat, Path(tmp))
    if runs is None:
        return 1
    base = runs[arms[0].name]
    print(f"{arms[0].name}: {_medians(base)}")
    for arm in arms[1:]:
        # Each round's share (against the build without the hook in that round, under the same load), then their
        # median: steadier than the ratio of the medians on a machine whose load changes.
        wall = [run.wall / other.wall - 1 for run, other in zip(runs[arm.name], base)]
        cpu = [run.cpu / other.cpu - 1 for run, other in zip(runs[arm.name], base)]
        within = [run.hook_cpu / (run.process_cpu - run.hook_cpu) for run in runs[arm.name]]
        print(f"{arm.name}: {_medians(runs[arm.name])}\n  the hook's share of `make site`: {_share(wall)} wall, "
              f"{_share(cpu)} CPU; within the mkdocs process: its events "
              f"{statistics.median(run.hook_cpu for run in runs[arm.name]):.3f} s CPU, {_share(within)} of the rest")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


def _rounds(arms: list[Arm], repeat: int, tmp: Path) -> dict[str, list[Run]] | None:
    """Each arm's runs, by name: a first, untimed run of each (it writes the scripts' bytecode and fills each
    cache), then `repeat` rounds, each running every arm once, starting one further each round."""
    bin_dir, times = tmp / "bin", tmp / "hook-times"
    bin_dir.mkdir()
    (bin_dir / "mkdocs").write_text(MKDOCS_SHIM.format(python=sys.executable, scripts=str(ROOT / "scripts")))
    (bin_dir / "mkdocs").chmod(0o755)
    env = {HOOK_TIMES: str(times)}
    for arm in arms:
        if not _succeeded(_run_timed(make_site(arm.project, bin_dir), arm.project, keep_bytecode=True, env=env)[2]):
            return None
    runs: dict[str, list[Run]] = {arm.name: [] for arm in arms}
    for round_number in range(repeat):
        shift = round_number % len(arms)
        for arm in arms[shift:] + arms[:shift]:
            if arm.prepare is not None:
                arm.prepare()
            wall, cpu, result = _run_timed(make_site(arm.project, bin_dir), arm.project, keep_bytecode=True, env=env)
            if not _succeeded(result):
                return None
            hook_cpu, process_cpu = map(float, times.read_text().split())
            runs[arm.name].append(Run(wall, cpu, hook_cpu, process_cpu))
        print(f"round {round_number + 1} of {repeat} done", file=sys.stderr, flush=True)
    return runs


def _succeeded(result: subprocess.CompletedProcess[str]) -> bool:
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
    return result.returncode == 0


def _medians(runs: list[Run]) -> str:
    walls, cpus = [run.wall for run in runs], [run.cpu for run in runs]
    return (f"median {statistics.median(walls):.2f} s wall ({min(walls):.2f}-{max(walls):.2f}), "
            f"{statistics.median(cpus):.2f} s CPU ({min(cpus):.2f}-{max(cpus):.2f})")


def _share(shares: list[float]) -> str:
    """The median share, and its quartiles: the noise."""
    if len(shares) < 2:
        return f"{shares[0] * 100:+.1f}%"
    low, _, high = statistics.quantiles(shares, n=4)
    return f"{statistics.median(shares) * 100:+.1f}% (quartiles {low * 100:+.1f}%, {high * 100:+.1f}%)"


def _run_timed(command: list[str], cwd: Path, keep_bytecode: bool = False, env: dict[str, str] | None = None
               ) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall and CPU time (user + system of the command and every process it waited for) of one run, with `env`
    added to the environment. With `keep_bytecode`, Python writes and reuses the scripts' bytecode, as on an
    editor's machine, even where the environment says PYTHONDONTWRITEBYTECODE."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1667865600", **(env or {})}
    if keep_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, result


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
    parser.add_argument("--repeat", type=int, help="runs of the validator and the lower bound, the best counts "
                        "(default 3); with --hook-share, rounds, the medians count (default 15)")
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="also time DIR/scripts/validate.py (another checkout), cold and peak memory; "
                        "with --hook-share, DIR's hook")
    parser.add_argument("--render-confirmation", action="store_true",
                        help="time confirming findings by rendering pages, on a copy of this site")
    parser.add_argument("--hook-share", action="store_true",
                        help="time `make site` on a copy of this site with and without the validate hook")
    args = parser.parse_args(argv)
    if args.render_confirmation:
        return render_confirmation()
    if args.hook_share:
        return hook_share(args.repeat or 15, args.compare)
    args.repeat = args.repeat or 3
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
