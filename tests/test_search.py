"""Search: the Pagefind index built with the site, the /search/ page, and switching it off.

The browser tests serve the built fixture site over HTTP and drive the real page in
headless Chromium: a typed query, a `?q=` deep link and a tag filter.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from checkers import new_context, serve
from conftest import FIXTURE, GOOD, fixture_args, tree, write_site

from generator.commands.cli import main
from generator.commands.serve import _kind
from generator.config import parse_config
from generator.errors import BuildFailed
from generator.render import search

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

BRIEFS = 5  # published briefs of the fixture site


def pagefind_files(site: Path) -> dict[str, bytes]:
    return {path: data for path, data in tree(site).items() if path.startswith("pagefind/")}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search-site") / "site"
    assert main(fixture_args(out, "--no-cache")) == 0
    return out


# --- the index and the page, without a browser ---------------------------------------------


def test_the_build_writes_the_index_and_the_search_page(fixture_site: Path) -> None:
    files = pagefind_files(fixture_site)
    for needed in (
        "pagefind/2024/pagefind.js",  # every brief of the fixture site is of 2024: one shard
        "pagefind/2024/pagefind-entry.json",
        "pagefind/2024/wasm.en.pagefind",
    ):
        assert needed in files
    assert {path.split("/")[1] for path in files} == {"2024"}
    fragments = [p for p in files if p.startswith("pagefind/2024/fragment/")]
    assert len(fragments) == BRIEFS  # briefs only: no lists, tags or archive
    entry = json.loads(files["pagefind/2024/pagefind-entry.json"])
    assert entry["languages"]["en"]["page_count"] == BRIEFS
    assert f"pagefind/2024/pagefind.{entry['languages']['en']['hash']}.pf_meta" in files
    assert not [p for p in files if "-ui." in p]  # Pagefind's own interfaces are left out
    page = (fixture_site / "search" / "index.html").read_text("utf-8")
    assert '<label>Search the briefs <input name="q" type="search"' in page
    assert 'data-index="../pagefind/" data-shards="2024"' in page
    assert '<script type="module" src="../assets/search.js"></script>' in page
    assert '<a href="../archive/">' in page and '<a href="../tags/">' in page  # no-JS fallback
    assert (fixture_site / "assets" / "search.js").is_file()
    home = (fixture_site / "index.html").read_text("utf-8")
    assert '<li><a href="search/">Search</a></li>' in home
    sitemap = (fixture_site / "sitemap.xml").read_text("utf-8")
    assert "/search/" not in sitemap


def test_brief_pages_carry_the_pagefind_markup(fixture_site: Path) -> None:
    page = (fixture_site / "briefs" / "markdown-features" / "index.html").read_text("utf-8")
    assert '<article class="brief" data-pagefind-body>' in page
    assert '<h1 dir="auto">Markdown features</h1>' in page  # Pagefind takes the first h1 as title
    assert 'data-pagefind-meta="date:1 March 2024"' in page
    assert 'data-pagefind-filter="year:2024"' in page
    assert '<span data-pagefind-filter="tag[data-tag]" data-tag="Hiring"></span>' in page
    assert '<span data-pagefind-filter="tag[data-tag]" data-tag="Pay"></span>' in page
    listing = (fixture_site / "index.html").read_text("utf-8")
    assert "data-pagefind-body" not in listing


def _filter(files: dict[str, bytes], name: str) -> list[Any]:
    for path, data in files.items():
        if path.endswith(".pf_filter"):
            value = search._read(data)
            if value[0] == name:
                return list(value[1])
    raise AssertionError(f"no filter {name}")


def test_the_filters_hold_every_tag_and_year_sorted(fixture_site: Path) -> None:
    files = pagefind_files(fixture_site)
    tags = [value for value, _ in _filter(files, "tag")]
    assert tags == sorted(
        ["Corrections", "Hiring", "Likeness rights", "Pay", "R&D <lab>", "Économie"]
    )
    assert [value for value, _ in _filter(files, "year")] == ["2024"]


@pytest.mark.slow
def test_two_clean_builds_give_identical_index_files(fixture_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert main(fixture_args(again, "--no-cache")) == 0
    assert pagefind_files(again) == pagefind_files(fixture_site)


def test_canonical_undoes_pagefinds_random_filter_order(fixture_site: Path) -> None:
    """Pagefind writes filter values and filters in hash-map order, and names its files after
    their bytes: shuffled and renamed as another run might, the same files come out."""
    built = {p.removeprefix("pagefind/2024/"): d for p, d in pagefind_files(fixture_site).items()}
    shuffled = dict(built)
    tag_path = next(
        p for p in built if p.endswith(".pf_filter") and _filter_name(built[p]) == "tag"
    )
    name, values = search._read(built[tag_path])
    assert len(values) > 1
    del shuffled[tag_path]
    shuffled["filter/en_0000000.pf_filter"] = search._write([name, list(reversed(values))])
    meta_path = next(p for p in built if p.endswith(".pf_meta"))
    meta = search._read(built[meta_path])
    tag_hash = PurePosixPath(tag_path).stem
    meta[3] = [[n, "en_0000000" if h == tag_hash else h] for n, h in reversed(meta[3])]
    del shuffled[meta_path]
    shuffled["pagefind.en_0000000000.pf_meta"] = search._write(meta)
    old_hash = meta_path.split(".")[1]
    shuffled["pagefind-entry.json"] = built["pagefind-entry.json"].replace(
        old_hash.encode(), b"en_0000000000"
    )
    assert shuffled != built
    assert search.canonical(shuffled) == built


def _filter_name(data: bytes) -> str:
    return str(search._read(data)[0])


def test_the_cbor_codec_round_trips() -> None:
    value = ["1.5.2", [["en_a", 71], ["x", -25]], {"k": [0, 23, 24, 255, 256, 65536, 2**32]}, None]
    assert search._decode(search._encode(value))[0] == value
    blob = search._write(value)
    assert gzip.decompress(blob).startswith(search.MAGIC)
    assert search._write(value) == blob  # no timestamp in the gzip header


class Counter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = search.build_index

        def counting(*args: Any, **kwargs: Any) -> dict[str, bytes]:
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(search, "build_index", counting)


def indexed_urls(site: Path) -> dict[str, set[str]]:
    """{shard: URLs of the pages its fragments hold}, read back from the built files."""
    out: dict[str, set[str]] = {}
    for path, data in pagefind_files(site).items():
        parts = path.split("/")
        if parts[2] == "fragment":
            fragment = json.loads(gzip.decompress(data).removeprefix(b"pagefind_dcd"))
            out.setdefault(parts[1], set()).add(fragment["url"])
    return out


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_shards_are_years_newest_first_and_split_when_too_large() -> None:
    dated = [("/c/", at("2023-05-02")), ("/a/", at("2024-01-01")), ("/b/", at("2023-12-31"))]
    assert search.shards(dated) == {"2024": ["/a/"], "2023": ["/b/", "/c/"]}
    assert list(search.shards(dated)) == ["2024", "2023"]  # newest first
    assert search.shards(dated, limit=1) == {
        "2024": ["/a/"],
        "2023-q4": ["/b/"],
        "2023-q2": ["/c/"],
    }
    months = [("/m/", at("2023-05-02")), ("/n/", at("2023-06-30")), ("/o/", at("2023-02-01"))]
    # the second quarter is cut by month; the first stays whole: newest first all the same
    assert list(search.shards(months, limit=1)) == ["2023-06", "2023-05", "2023-q1"]
    same_day = [("/x/", at("2024-02-03T08:00")), ("/y/", at("2024-02-03T09:00"))]
    # a month is cut by day only past what one Pagefind process should hold
    assert search.shards(same_day, limit=1) == {"2024-02": ["/x/", "/y/"]}
    assert search.shards(same_day, limit=1, largest=1) == {"2024-02-03": ["/x/", "/y/"]}
    assert search.shards([]) == {}


def test_a_thousand_briefs_over_three_years_make_small_shards_and_few() -> None:
    start = at("2022-01-01T09:00")
    dated = [(f"/b{n}/", start + timedelta(hours=26 * n)) for n in range(1000)]  # ~3 years
    found = search.shards(dated)
    assert sum(len(urls) for urls in found.values()) == 1000
    assert all(len(urls) <= search.SHARD_LIMIT for urls in found.values())
    assert 8 <= len(found) <= 16  # quarters: an edit re-indexes some 90 briefs, not 333
    names = list(found)
    newest = [max(at_of[u] for u in found[n]) for n in names for at_of in [dict(dated)]]
    assert newest == sorted(newest, reverse=True)


@pytest.mark.slow
def test_pagefind_runs_only_for_the_shard_whose_brief_page_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = GOOD.replace("Good", "Older").replace("2024-01-01", "2023-03-01")
    briefs = {"a.md": old, "b.md": GOOD.replace("Good", "Other"), "c.md": GOOD}
    content, config = write_site(tmp_path, briefs)
    (content / "pages" / "about.md").write_text("---\ntitle: About\n---\nFirst words.\n", "utf-8")
    out, cache = tmp_path / "site", tmp_path / "cache"
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(out)]
    args += [
        "--cache-dir",
        str(cache),
        "--quiet",
        "--now",
        "2024-06-01T00:00:00+00:00",
        "--jobs",
        "1",
    ]
    pagefind = Counter(monkeypatch)
    assert main(args) == 0
    assert pagefind.calls == 2  # two shards: 2024 and 2023
    assert indexed_urls(out) == {
        "2024": {"/briefs/b/", "/briefs/c/"},
        "2023": {"/briefs/a/"},
    }
    assert 'data-shards="2024 2023"' in (out / "search" / "index.html").read_text("utf-8")
    first = pagefind_files(out)
    inodes = {p: (out / p).stat().st_ino for p in first}

    assert main(args) == 0  # nothing changed: the up-to-date check returns at once
    assert pagefind.calls == 2

    (content / "pages" / "about.md").write_text("---\ntitle: About\n---\nOther words.\n", "utf-8")
    assert main(args) == 0  # a page changed, no brief page did: the index is kept as it is
    assert pagefind.calls == 2
    assert "Other words" in (out / "about" / "index.html").read_text("utf-8")
    assert {p: (out / p).stat().st_ino for p in pagefind_files(out)} == inodes

    edited = briefs["b.md"].replace("Body.", "Fresh zebra words.")
    (content / "briefs" / "b.md").write_text(edited, "utf-8")
    assert main(args) == 0  # a brief of 2024 changed: Pagefind runs again for 2024 only
    assert pagefind.calls == 3
    now = pagefind_files(out)
    assert {p for p in now if now[p] != first.get(p)} and all(
        p.startswith("pagefind/2024/")
        for p in set(now) ^ set(first) | {p for p in now if now[p] != first.get(p)}
    )
    kept = {p: i for p, i in inodes.items() if p.startswith("pagefind/2023/")}
    assert kept and {p: (out / p).stat().st_ino for p in kept} == kept  # not even rewritten
    assert b"zebra" in b"".join(gzip.decompress(d) for p, d in now.items() if "/fragment/" in p)

    (content / "briefs" / "b.md").write_text(old.replace("Older", "Moved"), "utf-8")
    assert main(args) == 0  # a brief moved to 2023: both shards agree with the pages again
    assert indexed_urls(out) == {
        "2024": {"/briefs/c/"},
        "2023": {"/briefs/a/", "/briefs/b/"},
    }

    clean = tmp_path / "clean"
    assert main([*args[:6], str(clean), "--no-cache", "--quiet", *args[-4:]]) == 0
    assert pagefind_files(clean) == pagefind_files(out)  # incremental == clean
    assert (clean / "search" / "index.html").read_bytes() == (
        out / "search" / "index.html"
    ).read_bytes()


def test_the_index_holds_exactly_the_brief_pages_the_site_ships(fixture_site: Path) -> None:
    shipped = {
        "/" + p.removesuffix("index.html")
        for p, data in tree(fixture_site).items()
        if p.startswith("briefs/") and p.endswith("/index.html") and b"<h1" in data  # no redirect
    }
    assert len(shipped) == BRIEFS
    found = indexed_urls(fixture_site)
    assert set().union(*found.values()) == shipped
    assert sum(len(urls) for urls in found.values()) == len(shipped)  # each in one shard only


def test_search_false_removes_the_index_the_page_and_the_link(tmp_path: Path) -> None:
    content, config = write_site(tmp_path, {"a.md": GOOD}, "search: false\n")
    out = tmp_path / "site"
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(out)]
    assert main([*args, "--no-cache", "--quiet"]) == 0
    built = tree(out)
    assert not [p for p in built if p.startswith(("pagefind/", "search/"))]
    assert "assets/search.js" not in built
    assert b"Search</a>" not in built["index.html"]
    assert b"data-pagefind-body" in built["briefs/a/index.html"]  # harmless markup stays


def test_a_site_without_briefs_has_no_index_and_still_builds(tmp_path: Path) -> None:
    content, config = write_site(tmp_path, {})
    out = tmp_path / "site"
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(out)]
    assert main([*args, "--no-cache", "--quiet"]) == 0
    assert not (out / "pagefind").exists()
    assert (out / "search" / "index.html").is_file()


def test_search_takes_true_or_false_only() -> None:
    text = b"title: T\nbase_url: https://example.org/\nsearch: maybe\n"
    with pytest.raises(BuildFailed) as caught:
        parse_config("site.yaml", text)
    assert [str(e) for e in caught.value.errors] == [
        "site.yaml:3: search: expected true or false, found 'maybe'"
    ]
    assert parse_config("site.yaml", text.replace(b"maybe", b"false")).search is False
    assert parse_config("site.yaml", text.replace(b"search: maybe\n", b"")).search is True


def test_a_page_may_not_take_the_search_addresses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, config = write_site(tmp_path, {"a.md": GOOD})
    (content / "pages" / "search.md").write_text("---\ntitle: Mine\n---\nText.\n", "utf-8")
    args = ["build", "--content", str(content), "--config", str(config)]
    assert main([*args, "--output", str(tmp_path / "site"), "--no-cache", "--quiet"]) == 1
    assert "page slug 'search' is reserved for the site's own pages" in capsys.readouterr().err


def test_the_preview_server_sends_pagefinds_files_with_their_types() -> None:
    assert _kind("wasm.en.pagefind") == "application/wasm"
    assert _kind("pagefind.js") == "text/javascript"
    assert _kind("pagefind-entry.json") == "application/json"
    assert _kind("en_3ca4a27.pf_fragment") == "application/octet-stream"


# --- in Chromium (the session's browser, from conftest.py) -------------------------------------


@pytest.fixture(scope="module")
def site_url(fixture_site: Path) -> Iterator[str]:
    base = parse_config("site.yaml", (FIXTURE / "site.yaml").read_bytes()).base_path
    with serve(fixture_site, base) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = new_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []


def titles(page: Page) -> list[str]:
    return page.locator("main .search-results h2 a").all_inner_texts()


def layout_shifts(page: Page) -> list[float]:
    """Every layout shift the page has had so far, as the browser scored it."""
    return page.evaluate(
        """() => new Promise((done) => {
            const seen = [];
            new PerformanceObserver((list) => seen.push(...list.getEntries().map((e) => e.value)))
                .observe({ type: "layout-shift", buffered: true });
            requestAnimationFrame(() => requestAnimationFrame(() => done(seen)));
        })"""
    )


def wait_for_results(page: Page) -> None:
    page.wait_for_function("document.querySelector('.search-status').textContent !== ''")


@pytest.mark.external
@pytest.mark.slow
def test_typing_a_query_finds_the_brief(page: Page, site_url: str) -> None:
    page.goto(site_url + "search/")
    page.wait_for_selector("form[data-ready=true]")
    page.get_by_label("Search the briefs").fill("plainest")
    page.keyboard.press("Enter")
    wait_for_results(page)
    assert titles(page) == ["A basic brief"]
    assert page.locator(".search-status").inner_text() == "1 brief matches “plainest”."
    first = page.locator("main .search-results article").first
    assert first.locator(".meta").inner_text() == "10 January 2024"
    assert first.locator("mark").first.inner_text().lower() == "plainest"
    first.locator("h2 a").click()
    page.wait_for_url("**/briefs/basic/")
    assert page.locator("h1").inner_text() == "A basic brief"


@pytest.mark.external
@pytest.mark.slow
def test_a_q_link_runs_the_search(page: Page, site_url: str) -> None:
    page.goto(site_url + "search/?q=ampersands")
    wait_for_results(page)
    assert page.get_by_label("Search the briefs").input_value() == "ampersands"
    found = titles(page)
    assert found == ["Titles with <angle> brackets, & ampersands, “double” and ‘single’ quotes"]


@pytest.mark.external
@pytest.mark.slow
def test_a_tag_filter_narrows_the_results(page: Page, site_url: str) -> None:
    page.goto(site_url + "search/?q=read")  # "1 min read": every brief
    wait_for_results(page)
    everything = titles(page)
    assert len(everything) == 5
    options = page.locator('select[name="tag"] option').all_inner_texts()
    assert options[0] == "Any tag" and "Pay (2)" in options and "R&D <lab> (1)" in options
    assert page.locator('select[name="year"] option').all_inner_texts() == ["Any year", "2024 (5)"]
    page.get_by_label("Tag").select_option("Corrections")
    page.wait_for_function("new URLSearchParams(location.search).get('tag') === 'Corrections'")
    page.wait_for_function("document.querySelectorAll('main .search-results li').length === 1")
    assert titles(page) == ["A brief with a correction and an update"]
    assert set(titles(page)) < set(everything)
    page.reload()  # the filter is part of the address
    page.wait_for_function("document.querySelectorAll('main .search-results li').length === 1")
    assert page.get_by_label("Tag").input_value() == "Corrections"


CITING = """\
---
title: "Cited"
date: 2024-05-01T10:00:00+02:00
id: "tag:t,2024:cited"
sources:
  - title: "Machine learning at work"
    key: ml
    publisher: "Example Weekly"
---
The Italian report we cite [@ml]. Machine-learning roles lead the list [@ml].
"""


def test_search_excerpts_leave_out_citation_numbers(tmp_path: Path) -> None:
    content, config = write_site(tmp_path, {"cited.md": CITING})
    out = tmp_path / "site"
    args = ["--content", str(content), "--config", str(config), "--output", str(out)]
    assert main(["build", *args, "--no-cache", "--quiet"]) == 0
    page = (out / "briefs" / "cited" / "index.html").read_text("utf-8")
    assert '<sup class="cite"><a href="#source-1"' in page  # the page still shows them
    fragments = [d for p, d in pagefind_files(out).items() if "/fragment/" in p]
    text = gzip.decompress(fragments[0]).decode("utf-8")
    content_text = json.loads(text[text.index("{") :])["content"]
    assert "we cite. Machine-learning roles lead the list." in content_text
    assert "cite 1" not in content_text


@pytest.fixture(scope="module")
def years_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site of four briefs in three years, so three shards: 2024, 2023 and 2022."""
    root = tmp_path_factory.mktemp("three-years")
    brief = '---\ntitle: "{title}"\ndate: {date}\ntags: [{tag}]\n---\nThe {word} report.\n'
    briefs = {
        "a.md": brief.format(title="Oldest", date="2023-02-01", tag="Pay", word="zinc"),
        "b.md": brief.format(title="Middle", date="2023-09-01", tag="Hiring", word="zinc"),
        "c.md": brief.format(title="Newest", date="2024-03-01", tag="Pay", word="zinc"),
        "d.md": brief.format(title="Earliest", date="2022-05-01", tag="Pay", word="zinc"),
    }
    with serve(_three_year_shards(root, briefs, "2024-06-01T00:00:00+00:00")) as url:
        yield url


@pytest.fixture(scope="module")
def shelves_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Twelve briefs of one tag over three years (three shards of four), of unequal
    lengths, so that Pagefind scores them unequally."""
    root = tmp_path_factory.mktemp("shelves")
    brief = '---\ntitle: "{title}"\ndate: {date}\ntags: [Pay]\n---\n{body}\n'
    briefs = {}
    for n in range(12):
        year, month = 2022 + n // 4, 1 + 3 * (n % 4)
        words = " ".join(["wage"] * (1 + (n * 7) % 11) + ["report"] * (1 + (n * 5) % 13))
        briefs[f"b{n:02d}.md"] = brief.format(
            title=f"Brief {n:02d}", date=f"{year}-{month:02d}-10", body=f"The {words}."
        )
    with serve(_three_year_shards(root, briefs, "2025-01-01T00:00:00+00:00")) as url:
        yield url


def _three_year_shards(root: Path, briefs: dict[str, str], now: str) -> Path:
    """The site of ``briefs`` built at ``now`` under ``root``, its index in one shard a year
    (2022, 2023, 2024)."""
    content, config = write_site(root, briefs)
    out = root / "site"
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(out)]
    assert main([*args, "--no-cache", "--quiet", "--now", now]) == 0
    assert set(indexed_urls(out)) == {"2022", "2023", "2024"}
    return out


@pytest.mark.external
def test_a_filter_alone_lists_every_shards_briefs_newest_first(
    page: Page, shelves_url: str
) -> None:
    page.goto(shelves_url + "search/?tag=Pay")
    page.wait_for_function("document.querySelectorAll('main .search-results li').length === 12")
    assert titles(page) == [f"Brief {n:02d}" for n in reversed(range(12))]
    page.goto(shelves_url + "search/?q=wage")  # a query: every shard's matches, best first
    page.wait_for_function("document.querySelectorAll('main .search-results li').length === 12")


@pytest.mark.external
@pytest.mark.parametrize("wanted", ["?q=wage", "?tag=Pay"])
def test_a_search_run_from_the_address_moves_nothing_on_screen(
    page: Page, shelves_url: str, wanted: str
) -> None:
    """Twelve results arriving after the page is shown must not push what the reader sees
    (Lighthouse measured a layout shift of 0.21 on the footer before)."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(shelves_url + "search/" + wanted)
    page.wait_for_function("document.querySelectorAll('main .search-results li').length === 12")
    assert sum(layout_shifts(page)) == 0


@pytest.mark.external
@pytest.mark.slow
def test_the_filters_appear_without_moving_the_page(page: Page, site_url: str) -> None:
    """The filters' place is kept while the index loads: showing them shifts nothing (the
    report measured a cumulative layout shift of 0.058 when they appeared)."""
    page.set_viewport_size({"width": 375, "height": 800})  # a phone, as the report measured
    held: list[Any] = []  # Pagefind's script (the newest shard's), held back: laid out without
    hold = [True]

    def route(request: Any) -> None:
        held.append(request) if hold[0] else request.continue_()

    page.route("**/pagefind.js", route)
    page.goto(site_url + "search/")
    while not held:
        page.wait_for_timeout(50)
    footer = page.locator("body > footer").bounding_box()
    hold[0] = False
    for request in held:
        request.continue_()
    page.wait_for_selector("form[data-ready=true]")
    page.wait_for_selector(".search-filters:not([data-pending])")
    assert page.locator(".search-filters").is_visible()
    assert page.locator("body > footer").bounding_box() == footer
    assert sum(layout_shifts(page)) == 0


def test_the_search_page_merges_every_shard(page: Page, years_url: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(years_url + "search/?q=zinc")
    wait_for_results(page)
    assert sorted(titles(page)) == ["Earliest", "Middle", "Newest", "Oldest"]  # every shard
    assert page.locator(".search-status").inner_text() == "4 briefs match “zinc”."
    years = page.locator('select[name="year"] option').all_inner_texts()
    assert years == ["Any year", "2024 (1)", "2023 (2)", "2022 (1)"]  # summed over the shards
    tags = page.locator('select[name="tag"] option').all_inner_texts()
    assert tags == ["Any tag", "Hiring (1)", "Pay (3)"]

    # Pagefind is loaded once, from the newest shard; the others are merged into it
    def named(end: str) -> list[str]:
        return sorted(path for path in fetched if path.endswith(end))

    assert [p.rsplit("/", 2)[-2] for p in named("/pagefind-entry.json")] == ["2022", "2023", "2024"]
    assert [p.rsplit("/", 2)[-2] for p in named("/pagefind.js")] == ["2024"]
    assert [p.rsplit("/", 2)[-2] for p in named(".pagefind") if "/wasm." in p] == ["2024"]
    assert len(named("/pagefind-worker.js")) <= 1
    page.goto(years_url + "search/?tag=Pay")  # no query: newest first across the shards
    page.wait_for_function("document.querySelectorAll('main .search-results li').length === 3")
    assert titles(page) == ["Newest", "Oldest", "Earliest"]
    page.goto(years_url + "search/?year=2023")
    page.wait_for_function("document.querySelectorAll('main .search-results li').length === 2")
    assert titles(page) == ["Middle", "Oldest"]
