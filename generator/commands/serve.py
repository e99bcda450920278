"""`briefing serve`: build with drafts, serve on 127.0.0.1, rebuild on change, reload the page.

The handler serves only regular files inside the built site: paths are decoded,
normalised and resolved, and anything that ends up outside the site (``..``, its
percent-encoded forms, symbolic links) is refused with 404. HTML responses get a
small polling script that reloads the page after a rebuild and shows build errors.
"""

from __future__ import annotations

import errno
import html
import json
import mimetypes
import posixpath
import tempfile
import threading
from collections.abc import Callable
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..build import build
from ..config import parse_config
from ..errors import BuildFailed, EnvironmentProblem
from ..incremental.cache import Cache
from ..options import Options

HOST = "127.0.0.1"
STATUS_PATH = "/__briefing/status"
# Polls the status URL and reloads the page when the build version changes.
RELOAD_SCRIPT = f"""<script>
(function () {{
  var seen = null;
  function poll() {{
    fetch("{STATUS_PATH}", {{cache: "no-store"}})
      .then(function (r) {{ return r.json(); }})
      .then(function (s) {{
        if (seen !== null && s.version !== seen) {{ location.reload(); }}
        seen = s.version;
      }})
      .catch(function () {{}})
      .finally(function () {{ setTimeout(poll, 700); }});
  }}
  poll();
}})();
</script>"""


class Preview:
    """The state shared by the watcher and the request handlers."""

    def __init__(self, options: Options, log: Callable[[str], None] = print) -> None:
        self.options = options
        self.root = options.output.resolve()
        self.version = 0
        self.errors: tuple[str, ...] = ()
        self.log = log
        self.lock = threading.Lock()
        self.memory = Cache()  # parsed briefs and output records, kept between rebuilds

    def rebuild(self) -> bool:
        """Build once; on failure keep the last good site and remember the errors."""
        with self.lock:
            try:
                result = build(self.options, memory=self.memory)
            except (BuildFailed, EnvironmentProblem) as failed:
                if isinstance(failed, BuildFailed):
                    self.errors = tuple(str(e) for e in failed.errors)
                else:
                    self.errors = (f"briefing: {failed}",)
                for line in self.errors:
                    self.log(line)
                self.log(
                    f"build failed: {len(self.errors)} problem(s); serving the last good build"
                )
                ok = False
            else:
                self.errors = ()
                for line in result.summary.warnings:
                    self.log(line)
                self.log(f"rebuilt: {result.summary.files} files in {result.seconds:.2f}s")
                ok = True
            self.version += 1
            return ok

    def file_for(self, raw_path: str) -> Path | None:
        """The file a request path names, or None if it is missing or outside the site."""
        path = unquote(urlsplit(raw_path).path)
        if "\x00" in path or "\\" in path:
            return None
        if any(part == ".." for part in path.split("/")):
            return None
        normal = posixpath.normpath("/" + path.lstrip("/"))
        candidate = self.root / normal.lstrip("/")
        if path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            resolved = candidate.resolve(strict=True)
            resolved.relative_to(self.root)
        except (OSError, ValueError):
            return None
        if candidate.is_symlink() or not resolved.is_file():
            return None
        return resolved


# Pagefind's files: its WebAssembly module (which browsers compile while it downloads only
# when it is served as such) and its binary index files
PAGEFIND_TYPES = {".pagefind": "application/wasm", ".wasm": "application/wasm"}


def _kind(name: str) -> str:
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix in PAGEFIND_TYPES:
        return PAGEFIND_TYPES[suffix]
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "briefing-preview"

        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            if urlsplit(self.path).path == STATUS_PATH:
                status = {"version": preview.version, "errors": preview.errors}
                self._send(HTTPStatus.OK, "application/json", json.dumps(status).encode())
                return
            target = preview.file_for(self.path)
            if target is None:
                missing = preview.file_for("/404.html")
                page = missing.read_bytes() if missing else b"Not found"
                self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", self._decorate(page))
                return
            asked = urlsplit(self.path).path
            if target.name == "index.html" and not asked.endswith(("/", "index.html")):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)  # /tags -> /tags/
                self.send_header("Location", asked + "/")
                self.end_headers()
                return
            kind = _kind(target.name)
            body = target.read_bytes()
            if kind == "text/html":
                body = self._decorate(body)
                kind += "; charset=utf-8"
            self._send(HTTPStatus.OK, kind, body)

        def _decorate(self, body: bytes) -> bytes:
            extra = RELOAD_SCRIPT
            if preview.errors:
                items = "".join(f"<li>{html.escape(e)}</li>" for e in preview.errors)
                extra = (
                    '<div role="alert" style="position:fixed;inset:auto 0 0 0;max-height:50vh;'
                    "overflow:auto;background:#7a0000;color:#fff;padding:1rem;font:14px monospace;"
                    f'z-index:99"><strong>Build failed</strong><ul>{items}</ul></div>{extra}'
                )
            return body.replace(b"</body>", extra.encode() + b"</body>", 1)

        def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


def make_server(preview: Preview, port: int) -> ThreadingHTTPServer:
    """A server bound to 127.0.0.1 only; a port in use is an EnvironmentProblem."""
    try:
        server = ThreadingHTTPServer((HOST, port), _handler(preview))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            cause = "port in use by another program; choose another with --port (0 picks one)"
            raise EnvironmentProblem(f"{HOST}:{port}", cause) from None
        raise
    server.daemon_threads = True
    return server


def watched(options: Options) -> list[Path]:
    """Content, site.yaml, and the templates folder it names (assets are inside it)."""
    config_dir = options.config.resolve().parent
    templates = config_dir / "templates"
    try:
        config = parse_config(str(options.config), options.config.read_bytes())
        templates = config_dir / config.templates
    except (OSError, BuildFailed):
        pass  # the build reports the problem; watch the usual place meanwhile
    paths = [options.content.resolve(), options.config.resolve(), templates.resolve()]
    return [p for p in paths if p.exists()]


def watch(preview: Preview, stop: threading.Event) -> None:
    """Rebuild whenever content, templates, assets or site.yaml change."""
    from watchfiles import watch as watch_files

    for _changes in watch_files(*watched(preview.options), stop_event=stop, debounce=150):
        preview.rebuild()


def serve(options: Options, port: int) -> int:
    with tempfile.TemporaryDirectory(prefix="briefing-serve-") as folder:
        base = f"http://{HOST}:{port}/"
        # one worker: the server's threads are running, and forking a threaded process is unsafe
        site = Path(folder) / "site"
        preview = Preview(replace(options, output=site, drafts=True, base_url=base, workers=1))
        server = make_server(preview, port)
        actual = server.server_address[1]
        if actual != port:  # port 0: the system chose one
            preview.options = replace(preview.options, base_url=f"http://{HOST}:{actual}/")
        preview.rebuild()
        stop = threading.Event()
        threading.Thread(target=watch, args=(preview, stop), daemon=True).start()
        print(f"serving on http://{HOST}:{actual}/ (drafts included); Ctrl+C to stop")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print()
        finally:
            stop.set()
            server.server_close()
    return 0
