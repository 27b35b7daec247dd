"""Benchmark every page of a built site: first-view bytes and Lighthouse scores.

The site is served on 127.0.0.1 gzip-compressed, as the published host serves
it (scripts/site_server.py). For each page it prints:

- first view: what a browser with an empty cache loads to show the page, raw
  and gzip-compressed; the target is HTML+CSS+JS <= 75 KB gzip;
- script calls: the JavaScript function calls made while the page loads, a
  measure of start-up work that, unlike a time, hardly changes with the
  machine's load;
- Lighthouse 12.2.3 (npm; later versions need Node 22) scores on mobile and
  desktop, the median of --runs runs (scores vary with the machine's load); targets: accessibility, best practices and SEO 100, performance
  >= 99 on mobile and 100 on desktop.

Lighthouse is installed with npm into a cache folder outside the project on
first use. A benchmark, not a test: it prints figures; --check makes it exit
non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Response, sync_playwright

import chromium
from site_server import serve

LIGHTHOUSE = "lighthouse@12.2.3"
LIGHTHOUSE_CACHE = Path.home() / ".cache" / "kherson-report" / LIGHTHOUSE.replace("@", "-")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {  # the metrics the performance score is made of
    "FCP": "first-contentful-paint", "LCP": "largest-contentful-paint", "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift", "SI": "speed-index",
}
FIRST_VIEW_LIMIT = 75 * 1024  # HTML+CSS+JS, gzip
TARGETS = {  # the lowest score each category may have, per form factor
    "mobile": {"performance": 99, "accessibility": 100, "best-practices": 100, "seo": 100},
    "desktop": {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 100},
}


@dataclass
class FirstView:
    requests: int = 0
    raw: int = 0  # HTML+CSS+JS, as the browser uses them
    gzip: int = 0  # HTML+CSS+JS, as sent
    other_gzip: int = 0  # everything else: the search index, icons, images
    script_calls: int = 0  # JavaScript function calls until the network is idle


def _kind(response: Response) -> str:
    content_type = response.headers.get("content-type", "")
    if any(kind in content_type for kind in ("html", "css", "javascript")):
        return "code"
    return "other"


def first_view(browser: Browser, url: str) -> FirstView:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # a new context: an empty cache
    responses: list[Response] = []
    page = context.new_page()
    context.on("response", lambda response: responses.append(response))
    profiler = context.new_cdp_session(page)
    profiler.send("Profiler.enable")
    profiler.send("Profiler.startPreciseCoverage", {"callCount": True, "detailed": False})
    page.goto(url, wait_until="networkidle")
    coverage = profiler.send("Profiler.takePreciseCoverage")["result"]
    view = FirstView()
    # Without `detailed`, each function has one range, counting its calls.
    view.script_calls = sum(function["ranges"][0]["count"] for script in coverage for function in script["functions"])
    for response in responses:
        sent = int(response.headers.get("content-length", 0))
        view.requests += 1
        if _kind(response) == "code":
            view.raw += len(response.body())
            view.gzip += sent
        else:
            view.other_gzip += sent
    context.close()
    return view


def ensure_lighthouse(cache: Path) -> Path:
    cli = cache / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        print(f"Installing {LIGHTHOUSE} into {cache} ...", file=sys.stderr)
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--save-exact", LIGHTHOUSE],
            check=True, stdout=subprocess.DEVNULL,
        )
    return cli


def lighthouse(cli: Path, url: str, form_factor: str) -> tuple[dict[str, int], str]:
    """The page's score in each category, and its performance metrics as Lighthouse shows them."""
    command = [
        "node", str(cli), url, "--output=json", "--output-path=stdout", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags=--headless=new {' '.join(chromium.ARGS)}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chromium.PATH}, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url} ({form_factor}): {result.stderr.strip()[-500:]}")
    report = json.loads(result.stdout)
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    metrics = ", ".join(f"{name} {report['audits'][audit]['displayValue']}" for name, audit in METRICS.items())
    return scores, metrics


def bench_page(browser: Browser, cli: Path | None, runs: int, url: str, page: str) -> tuple[str, list[str]]:
    """One line of figures for the page, and the targets it misses."""
    view = first_view(browser, url)
    line = (
        f"{page:<24} {view.requests:>8} {view.raw / 1024:>13.1f} KB {view.gzip / 1024:>6.1f} KB"
        f" {view.other_gzip / 1024:>8.1f} KB {view.script_calls:>12,}"
    )
    missed = []
    if view.gzip > FIRST_VIEW_LIMIT:
        missed.append(f"{page}: first view {view.gzip / 1024:.1f} KB gzip > {FIRST_VIEW_LIMIT // 1024} KB")
    for form_factor in ("mobile", "desktop") if cli else ():
        # The run with the median performance score: Lighthouse's scores vary from run to run.
        results = sorted((lighthouse(cli, url, form_factor) for _ in range(runs)), key=lambda result: result[0]["performance"])
        scores, metrics = results[len(results) // 2]
        line += f"   {'/'.join(str(scores[name]) for name in CATEGORIES):>23}"
        missed += [
            f"{page}: {form_factor} {name} {scores[name]} < {lowest}" + (f" ({metrics})" if name == "performance" else "")
            for name, lowest in TARGETS[form_factor].items() if scores[name] < lowest
        ]
    return line, missed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"), help="the built site (default: site)")
    parser.add_argument("--page", action="append", default=[], help="only this page, e.g. looting.html (repeatable)")
    parser.add_argument("--no-lighthouse", action="store_true", help="first-view bytes only")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and form factor; the median counts (default: 1)")
    parser.add_argument("--lighthouse-cache", type=Path, default=LIGHTHOUSE_CACHE, help=f"where {LIGHTHOUSE} is installed")
    parser.add_argument("--check", action="store_true", help="exit 1 when a page misses a target")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site}/index.html not found: build the site first (make site)")
    pages = sorted(path.relative_to(args.site).as_posix() for path in args.site.rglob("*.html") if path.name != "404.html")
    if unknown := set(args.page) - set(pages):
        parser.error(f"no such page in {args.site}: {', '.join(sorted(unknown))}")
    pages = [page for page in pages if page in args.page] if args.page else pages
    try:
        cli = None if args.no_lighthouse else ensure_lighthouse(args.lighthouse_cache)
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"error: cannot install {LIGHTHOUSE} with npm: {error}", file=sys.stderr)
        return 2
    header = f"{'page':<24} {'requests':>8} {'HTML+CSS+JS raw':>16} {'gzip':>9} {'other gzip':>11} {'script calls':>12}"
    print(header + ("   mobile perf/a11y/bp/seo   desktop perf/a11y/bp/seo" if cli else ""))
    missed = []
    # Served from a copy: a rebuild of the site during the run does not disturb it.
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        with serve(shutil.copytree(args.site, Path(scratch) / "site"), compress=True) as root:
            browser = playwright.chromium.launch(executable_path=chromium.PATH, args=chromium.ARGS)
            for page in pages:
                try:
                    line, page_missed = bench_page(browser, cli, args.runs, root + page, page)
                except (RuntimeError, ValueError, KeyError) as error:
                    print(f"error: {error}", file=sys.stderr)
                    return 2
                print(line, flush=True)
                missed += page_missed
            browser.close()
    print("\n".join(["", "Targets missed:", *missed]) if missed else "\nEvery page meets every target.")
    return 1 if missed and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
