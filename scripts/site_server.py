"""Serve a built site on 127.0.0.1 the way the published host does.

Pages are served under the path of the site's canonical URL (`/site/` for
https://kherson-report.github.io/site/), missing files get the site's 404.html
with status 404, and with `--gzip` text responses are gzip-compressed for
clients that accept it. The browser tests and the page benchmark use it;
`python scripts/site_server.py site` previews a build as published.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import mimetypes
import re
import threading
from collections.abc import Iterator, Sequence
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml)|image/svg\+xml)")


def published_root(site: Path) -> str | None:
    """The published site's root URL, from its home page's canonical link (None without one)."""
    try:
        home = (site / "index.html").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    return match.group(1)[: match.group(1).rfind("/") + 1] if match else None


def published_path(site: Path) -> str:
    """The URL path the site is published under: /site/ for https://example.org/site/."""
    return urlsplit(published_root(site) or "/").path or "/"


class SiteHandler(BaseHTTPRequestHandler):
    def __init__(self, *args: object, site: Path, prefix: str, compress: bool, **kwargs: object) -> None:
        self.site, self.prefix, self.compress = site, prefix, compress
        super().__init__(*args, **kwargs)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def _respond(self, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        file = self._file(path)
        if file is not None and file.is_dir():
            # As a static host does: /site -> /site/, /site/ -> /site/index.html
            if not path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = file / "index.html"
        status = HTTPStatus.OK
        if file is None or not file.is_file():
            status, file = HTTPStatus.NOT_FOUND, self.site / "404.html"
        body = file.read_bytes() if file.is_file() else b"Not found"
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        self.send_response(status)
        self.send_header("Content-Type", content_type + ("; charset=utf-8" if content_type.startswith("text/") else ""))
        if self.compress and COMPRESSIBLE.match(content_type) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            with contextlib.suppress(ConnectionError):  # the browser left before the end
                self.wfile.write(body)

    def _file(self, path: str) -> Path | None:
        """The file behind a URL path, or None when it is outside the site."""
        if path + "/" == self.prefix:
            return self.site
        if not path.startswith(self.prefix):
            return None
        file = (self.site / path[len(self.prefix):]).resolve()
        return file if file.is_relative_to(self.site) else None

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the tests and the benchmark print what matters


@contextlib.contextmanager
def serve(site: Path, *, compress: bool = False, port: int = 0) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 in a background thread; yields the site's root URL."""
    site = site.resolve()
    prefix = published_path(site)
    handler = partial(SiteHandler, site=site, prefix=prefix, compress=compress)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"), help="the built site (default: site)")
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    parser.add_argument("--gzip", action="store_true", help="gzip-compress text responses")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site}/index.html not found: build the site first (make site)")
    try:
        with serve(args.site, compress=args.gzip, port=args.port) as url:
            print(f"Serving {args.site} at {url} (Ctrl-C stops)")
            with contextlib.suppress(KeyboardInterrupt):
                threading.Event().wait()
    except OSError as error:
        parser.error(f"cannot listen on 127.0.0.1:{args.port}: {error.strerror}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
