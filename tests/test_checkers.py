"""External checkers on the built sites (design.md §3).

Both the fixture site (tests/fixtures/site/) and the real briefing (content/ + site.yaml at the
repository root) are built once per session with `briefing build`, then read the way real users'
tools read them: the Nu HTML Checker on every page, an internal link check on every page, and
axe-core plus overflow screenshots in headless Chromium on the key pages, served over HTTP.

Tools come from `.ci/install-tools`. Locally a missing tool skips its tests; with CI=true it
fails them. The first tests below check the checkers themselves on a small broken page, so a
checker that silently finds nothing cannot pass. Tests that run Java, Chromium or anything in
node_modules are marked `external`; the link checker and the test server are plain Python.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from checkers import (
    _AXE_RUN as AXE_RUN,
)
from checkers import (
    AXE_JS,
    AXE_TAGS,
    INSTALL_HINT,
    VNU_JAR,
    axe_violations,
    have_java,
    html_files,
    internal_link_errors,
    new_context,
    overflow_check,
    require_tool,
    run_vnu,
    serve,
)
from conftest import FIXTURE, FIXTURE_NOW, ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# name: (folder holding content/ and site.yaml, extra build arguments)
SITE_TREES: dict[str, tuple[Path, tuple[str, ...]]] = {
    "fixture": (FIXTURE, ("--now", FIXTURE_NOW)),
    "briefing": (ROOT, ()),
}
COLOR_SCHEMES = ("light", "dark")
WIDTHS = (375, 1280)


# --- tools -------------------------------------------------------------------------------


def need_vnu() -> None:
    require_tool("java", have_java(), f"no `java` on PATH; {INSTALL_HINT}")
    require_tool("vnu.jar", VNU_JAR.is_file(), f"{VNU_JAR} not found; {INSTALL_HINT}")


def need_axe() -> None:
    require_tool("axe-core", AXE_JS.is_file(), f"{AXE_JS} not found; {INSTALL_HINT}")


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


# --- the built sites ---------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltSite:
    name: str
    root: Path  # the output folder
    base_path: str  # path part of base_url, e.g. "/" or "/briefing/"
    origin: str | None  # scheme://host of base_url, so absolute self-links are checked too


def site_address(config: Path) -> tuple[str, str | None]:
    """(base path, origin) from site.yaml's base_url."""
    import yaml

    settings = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    base_url = str(settings.get("base_url") or "/") if isinstance(settings, dict) else "/"
    parts = urlsplit(base_url)
    base_path = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None
    return base_path, origin


def build(tree: Path, output: Path, *extra: str) -> None:
    """`briefing build` of one tree into ``output``; fails the test on a non-zero exit."""
    from generator.commands.cli import main

    content, config = tree / "content", tree / "site.yaml"
    for needed in (content, config):
        if not needed.exists():
            pytest.fail(f"cannot build the site: {needed} does not exist", pytrace=False)
    args = ["build", "--content", str(content), "--output", str(output)]
    args += ["--config", str(config), *extra, "--quiet"]
    code: int | str | None
    try:
        code = main(args)
    except SystemExit as exit_:
        code = exit_.code
    if code not in (0, None):
        pytest.fail(f"briefing {' '.join(args)} exited {code}", pytrace=False)


@pytest.fixture(scope="session", params=sorted(SITE_TREES))
def built_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> BuiltSite:
    name: str = request.param
    tree, extra = SITE_TREES[name]
    output = tmp_path_factory.mktemp(f"site-{name}")
    build(tree, output, *extra)
    base_path, origin = site_address(tree / "site.yaml")
    return BuiltSite(name, output, base_path, origin)


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    with serve(built_site.root, built_site.base_path) as url:
        yield url


def _first_dir(folder: Path, needs: str = "index.html") -> str | None:
    if not folder.is_dir():
        return None
    found = sorted(d.name for d in folder.iterdir() if d.is_dir() and (d / needs).is_file())
    return found[0] if found else None


def key_pages(site: Path) -> list[str]:
    """URL paths (relative to the base) of the pages checked in the browser."""
    brief = _first_dir(site / "briefs") or "(no brief)"
    tag = _first_dir(site / "tags") or "(no tag)"
    pages = ["", f"briefs/{brief}/", f"tags/{tag}/", "tags/", "archive/", "about/", "404.html"]
    newsroom = ["masthead/"]  # and the first section, story and person, where the site has them
    for kind in ("sections", "stories", "authors"):
        first = _first_dir(site / kind)
        newsroom += [f"{kind}/{first}/"] if first else []
    return (
        pages
        + ["feeds/", "corrections/", "search/"]
        + newsroom
        + [f"briefs/{b}/" for b in _featured_briefs(site, brief)]
        + _edition_pages(site)
    )


def _edition_pages(site: Path) -> list[str]:
    """The own pages and briefs of every edition under /<code>/ (a folder with briefs/), its
    masthead and its first section, story and person page."""
    found = []
    for edition in sorted(d for d in site.iterdir() if (d / "briefs").is_dir() and d != site):
        code = edition.name + "/"
        briefs = sorted(p.parent.name for p in (edition / "briefs").glob("*/index.html"))
        found += [code, f"{code}tags/", f"{code}archive/", f"{code}corrections/"]
        found += [f"{code}feeds/", f"{code}search/"] + [f"{code}briefs/{b}/" for b in briefs]
        found += [f"{code}masthead/"]  # and its first section, story and person, if any
        for kind in ("sections", "stories", "authors"):
            first = _first_dir(edition / kind)
            found += [f"{code}{kind}/{first}/"] if first else []
    return found


def _featured_briefs(site: Path, first: str) -> list[str]:
    """Briefs besides the first whose page shows a correction log, a table or citations."""
    folder = site / "briefs"
    found = []
    for page in sorted(folder.glob("*/index.html")) if folder.is_dir() else []:
        text = page.read_text(encoding="utf-8")
        if page.parent.name != first and any(
            m in text for m in ('id="updates"', "<table", 'class="cite"')
        ):
            found.append(page.parent.name)
    return found


def page_file(site: Path, url_path: str) -> Path:
    return site / (url_path + "index.html" if url_path.endswith("/") or not url_path else url_path)


# --- the checkers on a page known to be broken -------------------------------------------

BROKEN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Broken</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1 id="top-heading">Broken</h1>
<p>An <span><div>HTML error</div></span>.</p>
<img src="pic.svg" width="10" height="10">
<p><a href="missing/">broken link</a> <a href="/#no-such-id">missing fragment</a>
<a href="sub">folder without slash</a> <a href="#top-heading">fine</a>
<a href="https://elsewhere.example/x">external</a> <a href="mailto:a@b.example">mail</a></p>
<div style="width: 2000px">too wide</div>
</main></body></html>
"""


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("broken-site")
    (root / "index.html").write_text(BROKEN_PAGE, encoding="utf-8")
    (root / "pic.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "index.html").write_text(BROKEN_PAGE, encoding="utf-8")
    return root


def test_require_tool_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    require_tool("present", True, "never shown")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="frob is missing: not on PATH"):
        require_tool("frob", False, "not on PATH")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true and frob is missing: not on PATH"):
        require_tool("frob", False, "not on PATH")


def test_link_checker_finds_broken_links(broken_site: Path) -> None:
    assert internal_link_errors(broken_site) == [
        'index.html:7: <a href="missing/"> does not exist (missing/index.html)',
        'index.html:7: <a href="/#no-such-id"> #no-such-id has no matching id on index.html',
        'index.html:8: <a href="sub"> is a folder: link to it with a trailing slash',
        'sub/index.html:6: <img src="pic.svg"> does not exist (sub/pic.svg)',
        'sub/index.html:7: <a href="missing/"> does not exist (sub/missing/index.html)',
        'sub/index.html:7: <a href="/#no-such-id"> #no-such-id has no matching id on index.html',
        'sub/index.html:8: <a href="sub"> does not exist (sub/sub)',
    ]


def test_server_serves_only_the_site(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "secret.txt"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    outside.write_text("secret", encoding="utf-8")
    (site / "link.txt").symlink_to(outside)
    with serve(site, "/base/") as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/base/")
        with urllib.request.urlopen(url) as response:
            assert response.status == 200
        origin = url.removesuffix("base/")
        for path in (origin, origin + "index.html", url + "link.txt", url + "../secret.txt"):
            with pytest.raises(urllib.error.HTTPError) as error:
                urllib.request.urlopen(path)
            assert error.value.code == 404, path


@pytest.mark.external
def test_vnu_finds_html_errors(broken_site: Path) -> None:
    need_vnu()
    messages = run_vnu([broken_site / "index.html"], broken_site)
    assert any(m.startswith("index.html:5:") and "Stray end tag" in m for m in messages)
    assert any(m.startswith("index.html:6:") and "“alt” attribute" in m for m in messages)


@pytest.mark.external
def test_browser_checks_find_problems(broken_site: Path, browser: Browser) -> None:
    need_axe()
    context = new_context(browser)
    page = context.new_page()
    with serve(broken_site) as url:
        violations = axe_violations(page, url)
        overflow = overflow_check(page, url, 375)
        missing = axe_violations(page, url + "no-such-page/")
    context.close()
    assert any(": image-alt [critical] " in v for v in violations), violations
    assert overflow is not None and "scrollWidth" in overflow and "div" in overflow
    assert missing == [f"{url}no-such-page/: HTTP 404"]


# --- the built sites ---------------------------------------------------------------------


def test_key_pages_exist(built_site: BuiltSite) -> None:
    missing = [p for p in key_pages(built_site.root) if not page_file(built_site.root, p).is_file()]
    assert not missing, f"{built_site.name}: pages missing from the build: {missing}"


@pytest.mark.external
def test_nu_html_checker_finds_no_errors(built_site: BuiltSite) -> None:
    need_vnu()
    files = html_files(built_site.root)
    assert files, f"{built_site.name}: no HTML pages were built"
    messages = run_vnu(files, built_site.root)
    assert not messages, f"{built_site.name}: {len(messages)} errors:\n" + "\n".join(messages)


def test_internal_links_resolve(built_site: BuiltSite) -> None:
    errors = internal_link_errors(built_site.root, built_site.base_path, built_site.origin)
    assert not errors, f"{built_site.name}: {len(errors)} broken:\n" + "\n".join(errors)


@pytest.mark.external
@pytest.mark.parametrize("scheme", COLOR_SCHEMES)
def test_axe_finds_no_violations(
    built_site: BuiltSite, site_url: str, browser: Browser, scheme: str
) -> None:
    need_axe()
    context = new_context(browser, color_scheme=scheme)
    page = context.new_page()
    problems = [v for p in key_pages(built_site.root) for v in axe_violations(page, site_url + p)]
    context.close()
    assert not problems, f"{built_site.name} ({scheme}):\n" + "\n".join(problems)


@pytest.mark.external
@pytest.mark.parametrize("width", WIDTHS)
def test_no_horizontal_overflow(
    built_site: BuiltSite, site_url: str, browser: Browser, screenshot_dir: Path, width: int
) -> None:
    context = new_context(browser)
    page = context.new_page()
    problems = []
    for path in key_pages(built_site.root):
        name = path.strip("/").replace("/", "_") or "home"
        shot = screenshot_dir / built_site.name / f"{name}-{width}.png"
        problems.append(overflow_check(page, site_url + path, width, shot))
    context.close()
    found = [p for p in problems if p]
    assert not found, f"{built_site.name}: screenshots in {screenshot_dir}\n" + "\n".join(found)


@pytest.mark.external
def test_search_page_with_results_passes_nu_and_axe(
    built_site: BuiltSite, site_url: str, browser: Browser
) -> None:
    """The search page as built (Nu) and as a reader sees it, results and filters shown (axe)."""
    need_vnu()
    need_axe()
    messages = run_vnu([built_site.root / "search" / "index.html"], built_site.root)
    assert not messages, f"{built_site.name}:\n" + "\n".join(messages)
    problems = []
    for scheme in COLOR_SCHEMES:
        context = new_context(browser, color_scheme=scheme)
        page = context.new_page()
        page.goto(site_url + "search/?q=the", wait_until="load")
        page.wait_for_selector(".search-results li")
        assert page.locator(".search-filters").is_visible()
        page.add_script_tag(path=str(AXE_JS))
        for v in page.evaluate(AXE_RUN, list(AXE_TAGS)):
            problems.append(f"{scheme}: {v['id']} [{v['impact']}] {v['help']}")
            problems += [
                f"    {n['target']}: {n['why'] or n['html'][:120]}" for n in v["nodes"][:5]
            ]
        context.close()
    assert not problems, f"{built_site.name}:\n" + "\n".join(problems)
