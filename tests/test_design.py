"""The look of the pages: mobile first screen, one-row nav, corrections in sight, print.

The browser tests build the real briefing (content/ + site.yaml at the repository root) and
the fixture site, then measure pages in headless Chromium at 375×800 like a phone.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
from checkers import (
    new_context,
    open_page,
    serve,
)
from conftest import FIXTURE, FIXTURE_NOW, ROOT, write_site

from generator.commands.cli import main
from generator.model import direction as text_direction
from generator.render.templating import report_link

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PHONE = {"width": 375, "height": 800}


# --- helpers without a browser -----------------------------------------------------------


def test_report_link_by_mail_carries_title_and_url() -> None:
    link = report_link("mailto:desk@example.org", "Pay & AI: 50% more?", "https://e.org/b/x/")
    address, query = link.split("?", 1)
    assert address == "mailto:desk@example.org"
    fields = parse_qs(query)
    assert fields["subject"] == ["Error report: Pay & AI: 50% more?"]
    assert fields["body"][0].startswith("Page: https://e.org/b/x/\n")
    assert " " not in link and link.count("&") == 1  # the title's "&" is encoded


def test_report_link_to_a_form_adds_to_its_query_and_keeps_its_fragment() -> None:
    link = report_link("https://forms.example/r?site=b#form", "Café ?", "https://e.org/b/x/")
    parts = urlsplit(link)
    assert parts.fragment == "form"
    fields = parse_qs(parts.query)
    assert fields["site"] == ["b"] and fields["url"] == ["https://e.org/b/x/"]
    assert fields["title"] == ["Error report: Café ?"]
    assert fields["body"][0].startswith("Page: https://e.org/b/x/\n")  # an issue form's text
    assert report_link("", "T", "https://e.org/") == ""


@pytest.mark.parametrize(
    ("lang", "direction"),
    [("ar", "rtl"), ("he-IL", "rtl"), ("fa", "rtl"), ("ckb", "rtl"), ("en", ""), ("it", "")],
)
def test_text_direction(lang: str, direction: str) -> None:
    assert text_direction(lang) == direction


def _build(content: Path, config: Path, output: Path, *extra: str) -> None:
    args = ["build", "--content", str(content), "--config", str(config)]
    code = main([*args, "--output", str(output), "--quiet", "--no-cache", *extra])
    assert code in (0, None)


def test_rtl_brief_and_user_text_directions(tmp_path: Path) -> None:
    brief = (
        '---\ntitle: "تقرير عن العمل والذكاء الاصطناعي"\ndate: 2024-01-01\nlang: ar\n'
        "tags: [عمل]\n---\nنص.\n"
    )
    content, config = write_site(tmp_path, {"2024-01-01-ar.md": brief})
    _build(content, config, tmp_path / "out")
    page = next((tmp_path / "out" / "briefs").glob("*/index.html")).read_text("utf-8")
    assert '<article class="brief" dir="rtl" data-pagefind-body>' in page
    assert '<h1 dir="auto">تقرير' in page
    assert '<p class="standfirst" dir="auto">' in page
    assert 'dir="auto">عمل</a>' in page
    home = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert '<h2 dir="auto"><a href="briefs/' in home


def test_table_of_contents_only_for_long_briefs(tmp_path: Path) -> None:
    sections = "".join(f"## Part {n}\n\nText.\n\n" for n in range(1, 6))
    three = "## One\n\nA.\n\n## Two\n\nB.\n\n## Three\n\nC.\n"
    short = f'---\ntitle: "Short"\ndate: 2024-01-01\n---\n{three}'
    long = f'---\ntitle: "Long"\ndate: 2024-01-02\n---\n{sections}'
    content, config = write_site(
        tmp_path, {"2024-01-01-short.md": short, "2024-01-02-long.md": long}
    )
    _build(content, config, tmp_path / "out")
    assert 'class="toc"' not in (tmp_path / "out/briefs/short/index.html").read_text("utf-8")
    page = (tmp_path / "out/briefs/long/index.html").read_text("utf-8")
    assert '<nav class="toc" aria-labelledby="toc-title">\n    <details>\n' in page


# --- in the browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("real")
    _build(ROOT / "content", ROOT / "site.yaml", output)
    return output


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("fixture")
    _build(FIXTURE / "content", FIXTURE / "site.yaml", output, "--now", FIXTURE_NOW)
    return output


def _phone(browser: Browser, **options: object) -> Page:
    context = new_context(browser, viewport=PHONE, **options)
    return context.new_page()


_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
_BODY_TOP = "() => document.querySelector('.body > p').getBoundingClientRect().top + window.scrollY"


@pytest.mark.external
@pytest.mark.slow
def test_every_real_brief_starts_on_the_first_phone_screen(
    real_site: Path, browser: Browser
) -> None:
    # every edition's briefs: the Italian ones carry a language switch above them too
    pages = sorted(real_site.glob("briefs/*/index.html")) + sorted(real_site.glob("*/briefs/*/"))
    slugs = [p.parent.relative_to(real_site).as_posix() if p.is_file() else
             p.relative_to(real_site).as_posix() for p in pages]  # fmt: skip
    assert len(slugs) >= 3
    page = _phone(browser)
    found = {}
    with serve(real_site) as url:
        for slug in slugs:
            assert open_page(page, f"{url}{slug}/") is None
            found[slug] = (page.evaluate(_BODY_TOP), page.evaluate(_OVERFLOW))
    page.context.close()
    late = {slug: top for slug, (top, _) in found.items() if top >= PHONE["height"]}
    wide = {slug: extra for slug, (_, extra) in found.items() if extra > 0}
    assert not late, f"first paragraph below the first 375×800 screen: {late}"
    assert not wide, f"pages wider than 375 px: {wide}"


@pytest.mark.external
@pytest.mark.slow
def test_every_nav_item_and_the_current_one_are_on_a_phone_screen(
    real_site: Path, browser: Browser
) -> None:
    """No item hides off-screen or behind a fade: the nav wraps onto the lines it needs, and
    the sections menu's summary names the section of the page you are on."""
    page = _phone(browser)
    items = "() => [...document.querySelectorAll('.site-nav a, .nav-sections summary')]"
    inside = (
        items + ".filter((e) => e.getClientRects().length).map((e) => {"
        " const r = e.getBoundingClientRect();"
        " return [e.textContent.trim(), r.left >= 0 && r.right <= window.innerWidth]; })"
    )
    current = (
        "() => { const e = document.querySelector('.site-nav > ul > li > a[aria-current=page],"
        " .nav-sections summary.nav-current'); if (!e) return null;"
        " const r = e.getBoundingClientRect();"
        " return [e.textContent.trim().replace(/\\s+/g, ' '),"
        " r.left >= 0 && r.right <= window.innerWidth && r.height > 0]; }"
    )
    expected = {
        "": None, "corrections/": "Corrections", "about/": "About", "feeds/": "Feeds",
        "search/": "Search", "sections/hiring/": "Sections: Hiring and pay",
        "briefs/netflix-wider-ai-hiring/": "Sections",  # marked; the breadcrumbs name it
    }  # fmt: skip
    with serve(real_site) as url:
        for path, name in expected.items():
            assert open_page(page, url + path) is None
            shown = page.evaluate(inside)
            assert len(shown) >= 7 and all(ok for _, ok in shown), (path, shown)
            assert page.evaluate(_OVERFLOW) <= 0, path
            found = page.evaluate(current)
            assert (found[0] if found else None) == name, (path, found)
            assert found is None or found[1], (path, found)
    page.context.close()


@pytest.mark.external
@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_corrections_and_tables_on_a_phone(
    fixture_site: Path, browser: Browser, scheme: str
) -> None:
    page = _phone(browser, color_scheme=scheme)
    with serve(fixture_site, "/fixture/") as url:
        assert open_page(page, url + "briefs/with-updates/") is None
        sizes = page.evaluate(
            "() => [...document.querySelectorAll('.update-head')].map((p) => ["
            " parseFloat(getComputedStyle(p.querySelector('.update-kind')).fontSize),"
            " parseFloat(getComputedStyle(p.querySelector('time')).fontSize)])"
        )
        table = page.evaluate(
            "() => { const t = document.querySelector('.body table');"
            " const n = t.querySelector('td.num'); const s = getComputedStyle(n);"
            " return [t.getBoundingClientRect().width, t.parentElement.clientWidth,"
            " s.textAlign, s.fontVariantNumeric, t.querySelector('caption').textContent]; }"
        )
        change = page.locator(".change-line a").get_attribute("href")
        overflow = page.evaluate(_OVERFLOW)
    page.context.close()
    assert len(sizes) == 3 and all(kind >= when for kind, when in sizes), sizes
    width, measure, align, figures, caption = table
    assert width >= measure - 1, table
    assert (align, "tabular-nums" in figures) == ("right", True), table
    assert caption == "Pay in the listings, in US dollars"
    assert change == "#updates"
    assert overflow <= 0


@pytest.mark.external
@pytest.mark.slow
def test_print_shows_address_and_dates_and_hides_the_chrome(
    fixture_site: Path, browser: Browser
) -> None:
    page = _phone(browser)
    with serve(fixture_site, "/fixture/") as url:
        assert open_page(page, url + "briefs/with-updates/") is None
        page.emulate_media(media="print")
        shown = page.evaluate(
            "() => Object.fromEntries(['.site-nav', '.skip-link', '.tags', '.report-error',"
            " '.site-footer .follow', '.print-address'].map((s) =>"
            " [s, getComputedStyle(document.querySelector(s)).display]))"
        )
        address = page.locator(".print-address").inner_text()
        headline = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontSize")
    page.context.close()
    assert shown.pop(".print-address") == "block"
    assert set(shown.values()) == {"none"}, shown
    assert address.startswith("https://example.org/fixture/briefs/with-updates/ · Published")
    assert "Updated 5 February 2024" in address
    assert headline.endswith("px") and abs(float(headline[:-2]) - 20 * 4 / 3) < 0.01  # 20pt
