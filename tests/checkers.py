"""External checkers for a built site: the tools real readers' software and auditors use.

- Nu HTML Checker (npm ``vnu-jar``, run with Java) over every HTML page in one JVM start;
- internal links: every ``href``/``src``/``srcset`` in every page resolves to a built file,
  and ``#fragment`` targets exist on HTML pages;
- axe-core (npm ``axe-core``) injected into pages in headless Chromium (Debian's, driven by
  Python playwright; never ``playwright install``), pages served over HTTP on 127.0.0.1;
- horizontal overflow at a given viewport width, with a full-page screenshot.

Functions here return lists of human-readable problems (empty when all is well) so the tests
can print every problem at once. Tools are installed by ``.ci/install-tools``; a missing tool
skips locally and fails under ``CI=true`` (see :func:`require_tool`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "run `bash .ci/install-tools` (as root)"

# Flags that let Debian's Chromium run headless as root on a machine with no network.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")

# A stand-in origin for resolving relative URLs; never contacted.
_ORIGIN = "http://site.invalid"


# --- tools -------------------------------------------------------------------------------


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require_tool(name: str, available: bool, why: str) -> None:
    """Skip the calling test when a tool is missing; under ``CI=true`` fail instead."""
    if available:
        return
    message = f"{name} is missing: {why}"
    if in_ci():
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


def have_java() -> bool:
    return shutil.which("java") is not None


def have_chromium() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def have_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


# --- files -------------------------------------------------------------------------------


def html_files(site_dir: Path) -> list[Path]:
    """Every ``*.html`` file under ``site_dir``, sorted."""
    return sorted(p for p in site_dir.rglob("*.html") if p.is_file())


def _display(path: Path, root: Path | None) -> str:
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return str(path)


# --- Nu HTML Checker ---------------------------------------------------------------------


def run_vnu(files: Sequence[Path], root: Path | None = None) -> list[str]:
    """Check ``files`` with the Nu HTML Checker in one JVM; one ``file:line:col: msg`` per error.

    Paths are shown relative to ``root`` when given.
    """
    if not files:
        return []
    command = [
        "java",
        "-jar",
        str(VNU_JAR),
        "--errors-only",
        "--format",
        "json",
        "--stdout",
        "--exit-zero-always",
        *(str(f) for f in files),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"vnu.jar exited {done.returncode}: {done.stderr.strip()}")
    report: dict[str, Any] = json.loads(done.stdout)
    return [_vnu_message(m, root) for m in report.get("messages", []) if m.get("type") != "info"]


def _vnu_message(message: dict[str, Any], root: Path | None) -> str:
    url = str(message.get("url", ""))
    where = _display(Path(url2pathname(url.removeprefix("file:"))), root) if url else "?"
    line = message.get("firstLine", message.get("lastLine", "?"))
    column = message.get("firstColumn", "?")
    extract = str(message.get("extract", "")).replace("\n", "⏎")
    text = f"{where}:{line}:{column}: {message.get('type')}: {message.get('message', '')}"
    return f"{text} [{extract}]" if extract else text


# --- internal links ----------------------------------------------------------------------

_URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "input": ("src",),
    "object": ("data",),
}


@dataclass(frozen=True)
class Reference:
    line: int
    tag: str
    attribute: str
    url: str


class _PageScanner(HTMLParser):
    """Collects URL references and fragment targets (``id``, ``<a name>``) of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[Reference] = []
        self.anchors: set[str] = set()
        self.base_href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.anchors.add(values["name"])
        if tag == "base" and "href" in values and self.base_href is None:
            self.base_href = values["href"]
        line = self.getpos()[0]
        for attribute in _URL_ATTRIBUTES.get(tag, ()):
            value = values.get(attribute)
            if value is None:
                continue
            urls = _srcset_urls(value) if attribute == "srcset" else [value.strip()]
            self.references.extend(Reference(line, tag, attribute, u) for u in urls)


def _srcset_urls(srcset: str) -> list[str]:
    return [part.split()[0] for part in srcset.split(",") if part.split()]


def scan_page(path: Path) -> _PageScanner:
    scanner = _PageScanner()
    scanner.feed(path.read_text(encoding="utf-8", errors="replace"))
    scanner.close()
    return scanner


def page_url(site_dir: Path, page: Path, base_path: str = "/") -> str:
    """The URL path a page is served at, e.g. ``/base/briefs/x/index.html``."""
    return _normal_base(base_path) + page.relative_to(site_dir).as_posix()


def _normal_base(base_path: str) -> str:
    return "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"


def resolve_internal(
    site_dir: Path, url_path: str, base_path: str = "/"
) -> tuple[Path | None, str | None]:
    """Map a URL path of the site to a built file: ``(file, None)`` or ``(None, problem)``."""
    base = _normal_base(base_path)
    path = unquote(url_path)
    if not (path + "/").startswith(base):
        return None, f"is outside the site's base path {base}"
    relative = path[len(base) :]
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    root = site_dir.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        return None, "escapes the site folder"
    if target.is_dir():
        return None, "is a folder: link to it with a trailing slash"
    if not target.is_file():
        return None, f"does not exist ({target.relative_to(root).as_posix()})"
    return target, None


def internal_link_errors(
    site_dir: Path, base_path: str = "/", site_origin: str | None = None
) -> list[str]:
    """Every internal reference that does not resolve to a built file or an existing fragment.

    Relative URLs resolve against the page's own URL (or its ``<base href>``); root-relative
    ones against the site root at ``base_path``. Absolute http(s) URLs are checked only when
    their origin is ``site_origin`` (e.g. ``https://briefing.example``); other hosts, mailto:,
    data: and the like are ignored.
    """
    site_dir = site_dir.resolve()
    pages = {page: scan_page(page) for page in html_files(site_dir)}
    own_origin = site_origin.rstrip("/").lower() if site_origin else None
    errors: list[str] = []
    for page, scan in pages.items():
        here = urljoin(_ORIGIN + page_url(site_dir, page, base_path), scan.base_href or "")
        for ref in scan.references:
            problem = _reference_problem(ref.url, here, own_origin, site_dir, base_path, pages)
            if problem:
                where = f"{_display(page, site_dir)}:{ref.line}"
                errors.append(f'{where}: <{ref.tag} {ref.attribute}="{ref.url}"> {problem}')
    return errors


def _reference_problem(
    url: str,
    page_address: str,
    own_origin: str | None,
    site_dir: Path,
    base_path: str,
    pages: dict[Path, _PageScanner],
) -> str | None:
    parts = urlsplit(urljoin(page_address, url))
    if parts.scheme not in ("http", "https"):
        return None  # mailto:, tel:, data:, javascript: ...
    if f"{parts.scheme}://{parts.netloc}".lower() not in (_ORIGIN, own_origin):
        return None  # another host
    target, problem = resolve_internal(site_dir, parts.path or "/", base_path)
    if problem or target is None:
        return problem
    fragment = unquote(parts.fragment)
    if not fragment or fragment.lower() == "top" or target not in pages:
        return None
    if fragment not in pages[target].anchors:
        return f"#{fragment} has no matching id on {_display(target, site_dir)}"
    return None


# --- HTTP server -------------------------------------------------------------------------


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves one folder at ``base_path``; nothing outside it, no symlink escapes, no logs."""

    base_path = "/"

    def send_head(self):  # type: ignore[no-untyped-def]
        path = unquote(urlsplit(self.path).path)
        root = Path(self.directory).resolve()
        inside = (path + "/").startswith(self.base_path)
        local = Path(self.translate_path(self.path)).resolve() if inside else root.parent
        if not local.is_relative_to(root):
            self.send_error(404, "Not found")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        url_path = urlsplit(path).path
        return super().translate_path("/" + url_path[len(self.base_path) :])

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def serve(site_dir: Path, base_path: str = "/") -> Iterator[str]:
    """Serve ``site_dir`` on 127.0.0.1 (ephemeral port) in a thread; yield its base URL."""
    base = _normal_base(base_path)
    handler = type("Handler", (_SiteHandler,), {"base_path": base})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site_dir)))
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="site-server", daemon=True
    )
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}{base}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- browser checks ----------------------------------------------------------------------

_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.join(' '),
      html: n.html,
      why: [...n.any, ...n.all, ...n.none].map((c) => c.message).filter(Boolean)[0] || '',
    })),
  }));
}"""

_OVERFLOW = """() => {
  const width = window.innerWidth;
  const scroll = document.documentElement.scrollWidth;
  if (scroll <= width) return null;
  const name = (el) => {
    const id = el.id ? '#' + el.id : '';
    const cls = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    return el.tagName.toLowerCase() + id + cls;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    const spills = el.scrollWidth > el.clientWidth + 1
      && getComputedStyle(el).overflowX === 'visible'
      && box.left + el.scrollWidth > width + 0.5;
    if (box.right > width + 0.5 && box.width > 0) {
      culprits.push(`${name(el)} (right edge ${Math.round(box.right)}px)`);
    } else if (spills) {
      culprits.push(`${name(el)} (content ${el.scrollWidth}px wide)`);
    }
    if (culprits.length === 3) break;
  }
  return {width, scroll, culprits};
}"""


def open_page(page: Page, url: str) -> str | None:
    """Load ``url`` and wait for fonts; return a problem (HTTP error) or None."""
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        return f"{url}: HTTP {response.status if response else 'no response'}"
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return None


def axe_violations(
    page: Page, url: str, tags: Iterable[str] = AXE_TAGS, axe_js: Path = AXE_JS
) -> list[str]:
    """Run axe-core on ``url`` in ``page`` (whose color scheme is already set).

    One line per violation, then one indented line for each of up to five elements failing it.
    """
    problem = open_page(page, url)
    if problem:
        return [problem]
    page.add_script_tag(path=str(axe_js))
    violations: list[dict[str, Any]] = page.evaluate(_AXE_RUN, list(tags))
    lines = []
    for v in violations:
        nodes = v["nodes"]
        lines.append(f"{url}: {v['id']} [{v['impact']}] {v['help']} <{v['helpUrl']}>")
        lines += [f"    {n['target']}: {n['why'] or n['html'][:120]}" for n in nodes[:5]]
        if len(nodes) > 5:
            lines.append(f"    ... and {len(nodes) - 5} more")
    return lines


def overflow_check(
    page: Page, url: str, width: int, screenshot: Path | None = None, height: int = 800
) -> str | None:
    """Load ``url`` at ``width`` CSS px; None if nothing scrolls sideways, else a problem.

    A full-page PNG is saved to ``screenshot`` when given.
    """
    page.set_viewport_size({"width": width, "height": height})
    problem = open_page(page, url)
    if problem:
        return problem
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    found: dict[str, Any] | None = page.evaluate(_OVERFLOW)
    if found is None:
        return None
    culprits = ", ".join(found["culprits"]) or "no single element found"
    return (
        f"{url} at {width}px: scrollWidth {found['scroll']} > innerWidth {found['width']}"
        f"; sticking out: {culprits}" + (f"; screenshot {screenshot}" if screenshot else "")
    )


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless, with the flags this machine needs."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
    )


_NOT_LOCAL = re.compile(r"^(?!http://127\.0\.0\.1[:/])")


def new_context(browser: Browser, **options: Any) -> BrowserContext:
    """A fresh browser context that may only reach 127.0.0.1 (other requests are aborted).

    CSP is bypassed so axe-core can be injected into pages with a strict policy.
    """
    context = browser.new_context(bypass_csp=True, **options)
    context.route(_NOT_LOCAL, lambda route: route.abort())
    return context
