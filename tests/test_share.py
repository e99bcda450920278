"""Share cards, the icon set, the web manifest and the metadata of the built pages' heads.

Everything is read from a built site the way a crawler or a link preview reads it: PNGs
opened with Pillow, JSON-LD parsed out of the HTML with lxml.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import pytest
from conftest import FIXTURE, ROOT, fixture_args, write_site
from PIL import Image, ImageFont

from generator.commands.cli import main
from generator.render import icon, images
from generator.render.metadata import og_locale

BASE = "https://example.org/fixture/"
BRIEFS = ("basic", "with-updates", "escaping", "markdown-features", "tag-merge")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("share") / "site"
    assert main(fixture_args(out, "--no-cache")) == 0
    return out


def png(path: Path) -> Image.Image:
    image = Image.open(io.BytesIO(path.read_bytes()))
    image.load()
    return image


def head(page: Path) -> Any:
    return lxml.html.fromstring(page.read_bytes()).find("head")


def json_ld(page: Path) -> list[dict[str, Any]]:
    scripts = head(page).findall("script[@type='application/ld+json']")
    return [json.loads(script.text) for script in scripts]


def of_type(page: Path, kind: str) -> dict[str, Any]:
    found = [item for item in json_ld(page) if item["@type"] == kind]
    assert len(found) == 1, f"{page}: {len(found)} {kind} objects"
    return found[0]


def meta(page: Path, name: str) -> list[str]:
    element = head(page)
    found = element.xpath(f"meta[@property='{name}' or @name='{name}']/@content")
    return [str(value) for value in found]


# The share cards


def test_each_brief_has_a_1200_by_630_png_share_card(site: Path) -> None:
    cards = sorted(p.parent.name for p in (site / "briefs").glob("*/share.png"))
    assert cards == sorted(BRIEFS)
    for slug in BRIEFS:
        image = png(site / "briefs" / slug / "share.png")
        assert (image.format, image.size, image.mode) == ("PNG", (1200, 630), "P")
        assert image.info == {}  # no text chunks, no time, no DPI


def test_a_card_shows_text_in_the_sites_colours(site: Path) -> None:
    image = png(site / "briefs" / "basic" / "share.png").convert("RGB")
    colours = {colour for _, colour in image.getcolors(1200 * 630) or []}
    paper, ink, accent = (images._rgb(c) for c in (icon.PAPER, icon.INK, icon.ACCENT))
    assert {paper, ink, accent} <= colours
    assert image.getpixel((600, 5)) == accent  # the accent band along the top
    assert image.getpixel((5, 320)) == paper


@pytest.mark.slow
def test_two_builds_draw_identical_bytes(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert main(fixture_args(again, "--no-cache")) == 0
    drawn = [
        *site.glob("briefs/*/share.png"),
        *site.glob("assets/icon*"),
        site / "manifest.webmanifest",
    ]
    assert len(drawn) == len(BRIEFS) + 5
    for path in drawn:
        relative = path.relative_to(site)
        assert (again / relative).read_bytes() == path.read_bytes(), relative


def test_a_long_headline_is_cut_to_four_lines_with_an_ellipsis() -> None:
    font = images._font(60)
    lines = images._wrap(" ".join(["Unions"] * 80), font, 1040, 4)
    assert len(lines) == 4
    assert lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1040 for line in lines)
    assert images._wrap("Short headline", font, 1040, 4) == ["Short headline"]
    long_word = images._wrap("A" * 200, font, 1040, 4)
    assert len(long_word) == 4 and all(font.getlength(line) <= 1040 for line in long_word)


def test_characters_the_font_lacks_take_their_plain_form_or_drop_the_headline() -> None:
    assert images.drawable("Économie — grève à 5 €") == "Economie - greve a 5 EUR"
    assert images.drawable("“Quoted” it’s…") == "“Quoted” it’s…"
    assert images.drawable("الذكاء الاصطناعي") is None
    assert images.drawable("AI 人工智能") is None
    card = images.share_card("Masthead", "الذكاء الاصطناعي", "1 May 2024", "example.org")
    assert png_bytes_size(card) == (1200, 630)


def png_bytes_size(data: bytes) -> tuple[int, int]:
    image = Image.open(io.BytesIO(data))
    return image.size


def test_the_font_table_matches_the_bundled_font() -> None:
    font = ImageFont.load_default(size=40)
    missing = bytes(font.getmask("\uffff"))

    def has(char: str) -> bool:
        return char == " " or bytes(font.getmask(char)) != missing

    assert all(has(c) for c in images.FONT_CHARACTERS)
    assert [
        c for c in map(chr, range(32, 0x2200)) if has(c) and c not in images.FONT_CHARACTERS
    ] == []


# The icon set and the manifest


def test_the_icons_are_pngs_of_180_192_and_512_px_and_the_svg_is_the_same_mark(site: Path) -> None:
    for size, mode in ((180, "RGB"), (192, "RGBA"), (512, "RGBA")):
        image = png(site / "assets" / f"icon-{size}.png")
        assert (image.format, image.size, image.mode) == ("PNG", (size, size), mode)
        rgb = image.convert("RGB")
        assert rgb.getpixel((size // 2, round(size * 21.5 / 32))) == images._rgb(icon.ACCENT)
        assert rgb.getpixel((size // 2, size * 11 // 32)) == images._rgb(icon.PAPER)  # a bar
    corner = png(site / "assets" / "icon-512.png").getpixel((0, 0))
    assert corner[3] == 0  # rounded: transparent corners
    svg = (site / "assets" / "icon.svg").read_text()
    assert svg == icon.svg()
    root = lxml.etree.fromstring(svg.encode())
    rects = root.findall(".//{http://www.w3.org/2000/svg}rect")
    assert len(rects) == 1 + len(icon.BARS)
    assert rects[0].get("fill") == icon.ACCENT


def test_the_colours_are_the_stylesheets(site: Path) -> None:
    css = (ROOT / "templates" / "assets" / "style.css").read_text()
    light, dark = css.split("@media (prefers-color-scheme: dark)", 1)
    for name, value in (("bg", icon.PAPER), ("fg", icon.INK), ("muted", icon.MUTED),
                        ("rule", icon.RULE), ("accent", icon.ACCENT)):  # fmt: skip
        assert re.search(rf"--{name}: {value};", light), name
    assert re.search(rf"--bg: {icon.PAPER_DARK};", dark)


def test_the_manifest_parses_and_names_the_icons(site: Path) -> None:
    manifest = json.loads((site / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["name"] == "Fixture Briefing"
    assert manifest["short_name"] == "Briefing"
    assert (manifest["start_url"], manifest["scope"]) == ("./", "./")
    assert manifest["theme_color"] == manifest["background_color"] == icon.PAPER
    assert manifest["display"] == "minimal-ui"
    sizes = {entry["sizes"]: entry for entry in manifest["icons"]}
    assert sizes.keys() == {"192x192", "512x512", "any"}
    for entry in manifest["icons"]:
        assert (site / entry["src"]).is_file(), entry["src"]
    assert sizes["512x512"]["type"] == "image/png"


def test_every_page_links_the_icons_manifest_and_theme_colours(site: Path) -> None:
    for page in (site / "index.html", site / "briefs" / "basic" / "index.html"):
        links = {link.get("rel"): link.get("href") for link in head(page).findall("link")}
        prefix = "" if page.parent == site else "../../"
        assert links["manifest"] == prefix + "manifest.webmanifest"
        assert links["apple-touch-icon"] == prefix + "assets/icon-180.png"
        colours = head(page).xpath("meta[@name='theme-color']")
        assert [(m.get("media"), m.get("content")) for m in colours] == [
            ("(prefers-color-scheme: light)", icon.PAPER),
            ("(prefers-color-scheme: dark)", icon.PAPER_DARK),
        ]


# The head's Open Graph and Twitter tags


def test_a_brief_head_carries_its_share_card(site: Path) -> None:
    page = site / "briefs" / "with-updates" / "index.html"
    assert meta(page, "og:locale") == ["en_US"]
    assert meta(page, "og:image") == [BASE + "briefs/with-updates/share.png"]
    assert meta(page, "og:image:width") == ["1200"]
    assert meta(page, "og:image:height") == ["630"]
    assert meta(page, "og:image:alt") == [
        "Fixture Briefing: A brief with a correction and an update"
    ]
    assert meta(page, "twitter:card") == ["summary_large_image"]
    assert meta(page, "twitter:image") == meta(page, "og:image")
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "article:published_time") == ["2024-02-01T09:30:00+01:00"]
    assert meta(page, "article:modified_time") == ["2024-02-05T08:00:00+01:00"]


def test_other_pages_show_the_icon_as_a_small_card(site: Path) -> None:
    page = site / "tags" / "index.html"
    assert meta(page, "og:locale") == ["en_US"]
    assert meta(page, "og:image") == [BASE + "assets/icon-512.png"]
    assert meta(page, "og:image:width") == meta(page, "og:image:height") == ["512"]
    assert meta(page, "twitter:card") == ["summary"]
    assert json_ld(page) == []


@pytest.mark.parametrize(
    ("lang", "locale"),
    [("en", "en_US"), ("en-GB", "en_GB"), ("it", "it_IT"), ("fr", "fr_FR"), ("de", "de_DE"),
     ("es", "es_ES"), ("pt", "pt_BR"), ("pt-PT", "pt_PT"), ("zh-Hant-TW", "zh_TW"),
     ("EN-us", "en_US"), ("xx", "xx_XX")],
)  # fmt: skip
def test_og_locale_takes_the_usual_territory(lang: str, locale: str) -> None:
    assert og_locale(lang) == locale


# JSON-LD


def test_a_corrected_briefs_json_ld(site: Path) -> None:
    article = of_type(site / "briefs" / "with-updates" / "index.html", "NewsArticle")
    assert article["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "The table’s figures are yearly, not monthly.",
            "datePublished": "2024-02-03T10:00:00+01:00",
        },
        {
            "@type": "CorrectionComment",
            "text": "An earlier version gave the wrong figure.",
            "datePublished": "2024-02-02T12:00:00+01:00",
        },
    ]  # the log's "update" entry is not a correction
    assert article["image"] == [
        {"@type": "ImageObject", "url": BASE + "briefs/with-updates/share.png",
         "width": 1200, "height": 630}
    ]  # fmt: skip
    publisher = article["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert (publisher["name"], publisher["url"]) == ("Fixture Briefing", BASE)
    assert publisher["logo"] == {
        "@type": "ImageObject", "url": BASE + "assets/icon-512.png", "width": 512, "height": 512
    }  # fmt: skip
    assert publisher["correctionsPolicy"] == BASE + "corrections-policy/"  # the policy page
    assert article["author"] == [
        {"@type": "Person", "@id": BASE + "authors/ada-reporter/#person", "name": "Ada Reporter",
         "url": BASE + "authors/ada-reporter/"},
        {"@type": "Person", "@id": BASE + "authors/bo-editor/#person", "name": "Bo Editor",
         "url": BASE + "authors/bo-editor/"},
    ]  # fmt: skip


def test_the_desk_as_author_is_the_organisation(site: Path) -> None:
    article = of_type(site / "briefs" / "basic" / "index.html", "NewsArticle")
    assert article["author"] == [
        {"@type": "NewsMediaOrganization", "name": "Fixture Desk", "url": BASE}
    ]
    assert "correction" not in article


def test_a_brief_has_a_breadcrumb_trail_through_its_first_tag(site: Path) -> None:
    trail = of_type(site / "briefs" / "with-updates" / "index.html", "BreadcrumbList")
    items = [(i["position"], i["name"], i["item"]) for i in trail["itemListElement"]]
    assert items == [
        (1, "Home", BASE),
        (2, "Corrections", BASE + "tags/corrections/"),
        (3, "A brief with a correction and an update", BASE + "briefs/with-updates/"),
    ]


def test_the_home_page_describes_the_website(site: Path) -> None:
    website = of_type(site / "index.html", "WebSite")
    assert (website["name"], website["url"], website["inLanguage"]) == (
        "Fixture Briefing", BASE, "en"
    )  # fmt: skip
    assert website["publisher"]["@type"] == "NewsMediaOrganization"
    assert [item["@type"] for item in json_ld(site / "page" / "2" / "index.html")] == []


def test_json_ld_is_escaped_for_a_script_element(tmp_path: Path) -> None:
    content, config = write_site(
        tmp_path,
        {"x.md": '---\ntitle: "</script><b>&amp;"\ndate: 2024-01-01\n---\nBody.\n'},
    )
    out = tmp_path / "out"
    assert main(["build", "--content", str(content), "--config", str(config),
                 "--output", str(out), "--quiet", "--no-cache"]) == 0  # fmt: skip
    html = (out / "briefs" / "x" / "index.html").read_text()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 2
    assert all("<" not in s and ">" not in s and "&" not in s for s in scripts)
    assert of_type(out / "briefs" / "x" / "index.html", "NewsArticle")["headline"] == (
        "</script><b>&amp;"
    )


def test_clarifications_count_and_the_policy_page_is_the_policy(tmp_path: Path) -> None:
    brief = (
        '---\ntitle: "Clarified"\ndate: 2024-01-01\nupdates:\n'
        "  - date: 2024-01-03T10:00:00+01:00\n    kind: clarification\n    note: Said who.\n"
        "  - date: 2024-01-02T10:00:00+01:00\n    kind: correction\n    note: Fixed a date.\n"
        "  - date: 2024-01-04T10:00:00+01:00\n    kind: update\n    note: Added more.\n"
        "---\nBody.\n"
    )
    content, config = write_site(tmp_path, {"c.md": brief}, "language: pt\n")
    (content / "pages" / "corrections-policy.md").write_text('---\ntitle: "Policy"\n---\nWe fix.\n')
    out = tmp_path / "out"
    assert main(["build", "--content", str(content), "--config", str(config),
                 "--output", str(out), "--quiet", "--no-cache"]) == 0  # fmt: skip
    page = out / "briefs" / "c" / "index.html"
    article = of_type(page, "NewsArticle")
    assert [(c["text"], c["datePublished"]) for c in article["correction"]] == [
        ("Said who.", "2024-01-03T10:00:00+01:00"),
        ("Fixed a date.", "2024-01-02T10:00:00+01:00"),
    ]
    policy = "https://example.org/corrections-policy/"
    assert article["publisher"]["correctionsPolicy"] == policy
    assert of_type(out / "index.html", "WebSite")["publisher"]["correctionsPolicy"] == policy
    assert meta(page, "og:locale") == ["pt_BR"]
    trail = of_type(page, "BreadcrumbList")["itemListElement"]
    assert [i["name"] for i in trail] == ["Home", "Clarified"]  # no tag: home, then the brief


def test_the_fixture_is_what_these_tests_expect() -> None:
    text = (FIXTURE / "content" / "briefs" / "2024-02-01-with-updates.md").read_text()
    assert "kind: correction" in text and "kind: update" in text


def test_share_cards_false_draws_none_and_previews_show_the_icon(tmp_path: Path) -> None:
    brief = '---\ntitle: "No card"\ndate: 2024-01-01\n---\nBody.\n'
    content, config = write_site(tmp_path, {"n.md": brief}, "share_cards: false\n")
    out = tmp_path / "out"
    assert main(["build", "--content", str(content), "--config", str(config),
                 "--output", str(out), "--quiet", "--no-cache"]) == 0  # fmt: skip
    assert not list(out.rglob("share.png"))
    page = out / "briefs" / "n" / "index.html"
    icon = "https://example.org/assets/icon-512.png"
    assert meta(page, "og:image") == [icon]
    assert meta(page, "twitter:card") == ["summary"]
    assert of_type(page, "NewsArticle")["image"][0]["url"] == icon
    assert png(out / "assets" / "icon-512.png").size == (512, 512)


def test_cards_drawn_from_cached_word_runs_equal_whole_lines_drawn_by_pillow() -> None:
    """share_card draws word by word from cached runs, and quantises only where it drew:
    the pixels must be those of ImageDraw.text drawing each whole line on the whole card."""
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(7)
    chars = sorted(images.FONT_CHARACTERS - {" "})
    base = images._card_base("The AI & Labor Briefing", "example.org")
    quantised = images._card_base_quantised("The AI & Labor Briefing", "example.org")
    colour = images._rgb(images.icon.INK)
    ink = ImageDraw.Draw(base).draw.draw_ink(colour)
    for _ in range(30):
        words = [
            "".join(rng.choice(chars) for _ in range(rng.randint(1, 8)))
            for _ in range(rng.randint(1, 6))
        ]
        line = " ".join(words)
        for size, stroke, anchor, y in ((60, 1, "la", 192), (72, 1, "la", 276), (30, 0, "lm", 538)):
            whole = base.copy()
            ImageDraw.Draw(whole).text(
                (80, y), line, font=images._font(size), fill=colour, anchor=anchor,
                stroke_width=stroke, stroke_fill=colour,
            )  # fmt: skip
            expected = whole.quantize(palette=images._card_palette(), dither=Image.Dither.NONE)
            placed = images._words((80, y), line, size, ink, anchor, stroke)
            drawn = images._drawn(base, quantised, [placed], images._inked(base))
            assert drawn.tobytes() == expected.tobytes(), (line, size)
