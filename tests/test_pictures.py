"""Pictures: bundles and content/media, the editor's checks, lead pictures everywhere a
brief is shown, and the encoded files (formats, sizes, no metadata, cached, byte-identical)."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from conftest import tree, write_site
from PIL import Image, ImageCms

from generator import pictures
from generator.commands.cli import main
from generator.render import pictures as encoding

NOW = "2024-06-01T00:00:00+00:00"
# An sRGB profile, made once: Little CMS stamps each profile it makes with the time
PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def jpeg(width: int, height: int, *, gps: bool = False, orientation: int = 1,
         profile: bool = False) -> bytes:  # fmt: skip
    """A striped JPEG; with ``gps``, EXIF holding a GPS position and a camera serial."""
    im = Image.new("RGB", (width, height), (180, 60, 30))
    for x in range(0, width, 40):
        im.paste((20, 20, 20), (x, 0, x + 8, height))
    exif = Image.Exif()
    exif[0x0112] = orientation
    if gps:
        exif[0xA431] = "SERIAL-12345"  # BodySerialNumber
        ifd = exif.get_ifd(0x8825)
        ifd[1], ifd[2] = "N", (45.0, 27.0, 54.0)
        ifd[3], ifd[4] = "E", (9.0, 11.0, 24.0)
    extra = {}
    if profile:
        extra["icc_profile"] = PROFILE
    out = io.BytesIO()
    im.save(out, "JPEG", exif=exif, **extra)
    return out.getvalue()


def png(width: int, height: int, alpha: bool = False) -> bytes:
    im = Image.new(
        "RGBA" if alpha else "RGB", (width, height), (20, 90, 160, 128)[: 4 if alpha else 3]
    )
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


LEAD = """\
image:
  src: lead.jpg
  alt: "Stripes, red and black"
  credit: "Briefing Desk"
  caption: "A picture made for this test."
  rights: "CC BY 4.0"
  focus: top left
"""


def brief(title: str, body: str, front: str = "") -> str:
    return f'---\ntitle: "{title}"\ndate: 2024-01-10T10:00:00+01:00\n{front}---\n{body}\n'


def make_site(root: Path) -> tuple[Path, Path]:
    """A bundle brief with a lead and body pictures beside it and in content/media, a flat
    brief with a shared picture, and a page bundle with one of its own."""
    content, config = write_site(
        root, {"flat.md": brief("Flat", "Text.\n\n![A shared square](/media/shared.png)")}
    )
    bundle = content / "briefs" / "with-pictures"
    bundle.mkdir()
    (bundle / "index.md").write_text(
        brief(
            "With pictures",
            'Text.\n\n![A picket line](picket.jpg)\n\n![](deco.png "decorative")',
            LEAD,
        )
    )
    (bundle / "lead.jpg").write_bytes(jpeg(1600, 1000, gps=True, profile=True))
    (bundle / "picket.jpg").write_bytes(jpeg(900, 600, gps=True, orientation=6))
    (bundle / "deco.png").write_bytes(png(300, 100, alpha=True))
    (content / "media").mkdir()
    (content / "media" / "shared.png").write_bytes(png(500, 500))
    page = content / "pages" / "gallery"
    page.mkdir()
    (page / "index.md").write_text('---\ntitle: "Gallery"\n---\n![A gallery picture](own.png)\n')
    (page / "own.png").write_bytes(png(640, 480))
    return content, config


def build(content: Path, config: Path, out: Path, *extra: str) -> int:
    return main(["build", "--content", str(content), "--config", str(config), "--output",
                 str(out), "--now", NOW, "--quiet", *extra])  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pictures")
    content, config = make_site(root)
    assert build(content, config, root / "out", "--no-cache") == 0
    return root / "out"


IMG_RE = re.compile(r"<img\b[^>]*>")


def test_every_img_has_alt_width_and_height(built: Path) -> None:
    pages = [p for p in built.rglob("*.html")]
    found = 0
    for page in pages:
        for tag in IMG_RE.findall(page.read_text()):
            found += 1
            assert re.search(r' alt="[^"]*"', tag), (page, tag)
            assert re.search(r' width="\d+"', tag) and re.search(r' height="\d+"', tag), tag
    assert found >= 5


def _srcsets(html: str) -> list[tuple[str, str, int]]:
    """(type or "img", url, width) of every srcset candidate."""
    out = []
    for match in re.finditer(r"<(source|img)\b([^>]*)>", html):
        attrs = dict(re.findall(r'([a-z-]+)="([^"]*)"', match.group(2)))
        kind = attrs.get("type", "img")
        for entry in attrs.get("srcset", "").split(", "):
            if entry:
                url, width = entry.rsplit(" ", 1)
                out.append((kind, url, int(width[:-1])))
    return out


def test_formats_exist_at_the_stated_sizes(built: Path) -> None:
    page = built / "briefs" / "with-pictures" / "index.html"
    html = page.read_text()
    candidates = _srcsets(html)
    kinds = {"image/avif": "AVIF", "image/webp": "WEBP"}
    seen = set()
    for kind, url, width in candidates:
        path = (page.parent / url).resolve()
        with Image.open(path) as im:
            assert im.width == width, url
            assert im.format == kinds.get(kind, im.format)
            seen.add(im.format)
    assert {"AVIF", "WEBP", "JPEG", "PNG"} <= seen
    # the picture turned upright by its EXIF orientation: 900 x 600 shown as 600 x 900
    assert 'alt="A picket line" width="600" height="900"' in html
    # the decorative one: empty alt, no title left, lazily loaded
    assert re.search(
        r'<img [^>]*alt="" width="300" height="100" loading="lazy" decoding="async">', html
    )


def test_no_output_picture_keeps_metadata(built: Path) -> None:
    files = [p for p in (built / "media").iterdir()]
    assert len(files) > 20
    for path in files:
        data = path.read_bytes()
        assert b"SERIAL-12345" not in data
        with Image.open(path) as im:
            exif = im.getexif()
            assert not exif.get_ifd(0x8825), path  # no GPS position
            assert 0x0112 not in exif  # orientation applied, not left to the reader
            assert "icc_profile" not in im.info


def test_bundles_pages_and_media_all_show(built: Path) -> None:
    gallery = (built / "gallery" / "index.html").read_text()
    assert 'alt="A gallery picture" width="640" height="480"' in gallery
    flat = (built / "briefs" / "flat" / "index.html").read_text()
    assert 'alt="A shared square" width="500" height="500"' in flat
    assert "../../media/shared-500x500-" in flat  # relative to the page, like every link


def test_the_lead_is_everywhere_a_brief_is_shown(built: Path) -> None:
    html = (built / "briefs" / "with-pictures" / "index.html").read_text()
    lead = html[html.index('<figure class="lead"') :]
    lead = lead[: lead.index("</figure>")]
    assert "fetchpriority" in lead and 'loading="lazy"' not in lead
    assert (
        "A picture made for this test." in lead and "Briefing Desk" in lead and "CC BY 4.0" in lead
    )
    assert '<figure class="lead" data-pagefind-meta="image:/media/lead-400x250-' in lead
    assert 'data-pagefind-meta="image_alt[alt]"' in lead
    assert '<meta name="robots" content="max-image-preview:large">' in html
    found = re.search(r'<meta property="og:image" content="([^"]+)">', html)
    assert found is not None
    og = found.group(1)
    assert re.search(r'<meta name="twitter:image" content="' + re.escape(og), html)
    assert not (built / "briefs" / "with-pictures" / "share.png").exists()  # the text card
    with Image.open(built / og.split("example.org/")[1]) as im:
        assert im.size == (1200, 630)
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html)
    assert script is not None
    data = json.loads(script.group(1))
    ratios = []
    for image in data["image"]:
        with Image.open(built / image["url"].split("example.org/")[1]) as im:
            assert im.size == (image["width"], image["height"])
            assert im.width >= 1200
            ratios.append(round(im.width / im.height, 3))
        assert image["creditText"] == "Briefing Desk"
    assert ratios == [round(16 / 9, 3), round(4 / 3, 3), 1.0]
    home = (built / "index.html").read_text()
    assert 'class="teaser with-picture teaser-news"' in home
    assert 'alt="Stripes, red and black"' in home


LEAD_URL = r"https://example.org/media/lead-1200x750-[0-9a-f]+\.jpg"  # the lead, in feeds


def test_feeds_carry_the_lead(built: Path) -> None:
    rss = (built / "feed.xml").read_text()
    atom = (built / "atom.xml").read_text()
    for feed in (rss, atom):
        attributes = r'medium="image" type="image/jpeg" width="1200" height="750"'
        assert re.search(f'<media:content url="{LEAD_URL}" {attributes}>', feed)
        assert "<media:credit>Briefing Desk</media:credit>" in feed
        assert '<media:description type="plain">Stripes, red and black</media:description>' in feed
    items = json.loads((built / "feed.json").read_text())["items"]
    lead = next(item for item in items if item["title"] == "With pictures")
    flat = next(item for item in items if item["title"] == "Flat")
    assert re.fullmatch(LEAD_URL, lead["image"])
    assert "image" not in flat
    # first in the item's HTML: the one file a reader can show, its caption, credit and rights
    figure = (
        f'<figure><img src="{LEAD_URL}" alt="Stripes, red and black" width="1200" height="750">'
        "<figcaption>A picture made for this test. Picture: Briefing Desk · CC BY 4.0"
        "</figcaption></figure>\n"
    )
    assert re.match(figure, lead["content_html"]), lead["content_html"][:300]
    assert not flat["content_html"].startswith("<fig")


def _led_brief(content: Path, front: str, picture: str = "lead.jpg", data: bytes = b"") -> None:
    """A bundle brief ``led`` whose front matter holds ``front`` (its lead, say), with the
    picture file ``picture`` beside it (``data``, or a striped 1600 x 1000 JPEG)."""
    bundle = content / "briefs" / "led"
    bundle.mkdir()
    (bundle / "index.md").write_text(brief("Led", "Text.", front))
    (bundle / picture).write_bytes(data or jpeg(1600, 1000))


def test_a_transparent_lead_is_a_png_in_feeds(tmp_path: Path) -> None:
    """A lead with transparency (a chart, a logo) falls back to a PNG, and the feeds say so."""
    content, config = write_site(tmp_path, {})
    buffer = io.BytesIO()
    Image.open(io.BytesIO(jpeg(1600, 1000))).convert("RGBA").save(buffer, "PNG")
    _led_brief(content, LEAD.replace("lead.jpg", "lead.png"), "lead.png", buffer.getvalue())
    assert build(content, config, tmp_path / "out", "--no-cache") == 0
    url = r"https://example.org/media/lead-1200x750-[0-9a-f]+\.png"
    for name in ("feed.xml", "atom.xml"):
        feed = (tmp_path / "out" / name).read_text()
        assert re.search(f'<media:content url="{url}" medium="image" type="image/png"', feed), name
    [item] = json.loads((tmp_path / "out" / "feed.json").read_text())["items"]
    assert re.fullmatch(url, item["image"])


def test_a_lead_without_caption_or_rights_is_credited_alone_in_feeds(tmp_path: Path) -> None:
    """The item's figure says only what the brief gives: no caption, no rights, no filler."""
    content, config = write_site(tmp_path, {})
    front = "".join(line + "\n" for line in LEAD.splitlines() if "caption" not in line
                    and "rights" not in line)  # fmt: skip
    _led_brief(content, front)
    assert build(content, config, tmp_path / "out", "--no-cache") == 0
    [item] = json.loads((tmp_path / "out" / "feed.json").read_text())["items"]
    figcaption = re.search("<figcaption>(.*?)</figcaption>", item["content_html"])
    assert figcaption is not None and figcaption.group(1) == "Picture: Briefing Desk"


STORY = '---\ntitle: "The strike"\nsummary: "A strike."\nstatus: developing\n---\nIt began.\n'


def test_a_section_or_story_feed_carries_the_lead_too(tmp_path: Path) -> None:
    """A section's or story's own feeds show a picture-led brief as the site's feeds do."""
    settings = 'sections:\n  - slug: labour\n    name: "Labour"\n'
    content, config = write_site(tmp_path, {}, settings)
    (content / "stories").mkdir()
    (content / "stories" / "strike.md").write_text(STORY)
    _led_brief(content, LEAD + "section: labour\nstory: strike\n")
    assert build(content, config, tmp_path / "out", "--no-cache") == 0
    for listing in ("sections/labour", "stories/strike"):
        folder = tmp_path / "out" / listing
        for name in ("feed.xml", "atom.xml"):
            feed = (folder / name).read_text()
            assert re.search(f'<media:content url="{LEAD_URL}" medium="image"', feed), name
            assert "<media:credit>Briefing Desk</media:credit>" in feed, name
        items = json.loads((folder / "feed.json").read_text())["items"]
        assert [re.fullmatch(LEAD_URL, item["image"]) is not None for item in items] == [True]


def test_a_second_build_encodes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content, config = make_site(tmp_path)
    calls: list[int] = []
    real = encoding.encode

    def counting(data: bytes, variants):  # type: ignore[no-untyped-def]
        calls.append(len(variants))
        return real(data, variants)

    monkeypatch.setattr(encoding, "encode", counting)
    cache = tmp_path / "cache"
    assert build(content, config, tmp_path / "out", "--cache-dir", str(cache)) == 0
    assert sum(calls) > 20
    calls.clear()
    (content / "briefs" / "flat.md").write_text(
        brief("Flat", "Other text.\n\n![A shared square](/media/shared.png)")
    )
    assert build(content, config, tmp_path / "out", "--cache-dir", str(cache)) == 0
    assert calls == []
    # a new output folder: every file comes from the cache
    assert build(content, config, tmp_path / "out2", "--cache-dir", str(cache)) == 0
    assert calls == []
    assert tree(tmp_path / "out") == tree(tmp_path / "out2")
    # one picture changed: only its files are encoded again
    (content / "media" / "shared.png").write_bytes(png(500, 400))
    assert build(content, config, tmp_path / "out", "--cache-dir", str(cache)) == 0
    assert len(calls) == 1


def test_two_clean_builds_are_byte_identical(tmp_path: Path, built: Path) -> None:
    content, config = make_site(tmp_path)
    assert build(content, config, tmp_path / "out", "--no-cache") == 0
    assert tree(tmp_path / "out") == tree(built)


BAD = [
    ("missing", {"index.md": brief("B", "![A picture](nowhere.jpg)")},
     "content/briefs/bad/index.md:5: picture 'nowhere.jpg' not found: no file "
     "content/briefs/bad/nowhere.jpg"),
    ("no alt", {"index.md": brief("B", "Text.\n\n![](x.jpg)"), "x.jpg": jpeg(100, 100)},
     "content/briefs/bad/index.md:7: picture 'x.jpg' has no alt text; describe it in ![...], "
     'or mark it decorative: ![](x.jpg "decorative")'),
    ("blank alt", {"index.md": brief("B", '<img src="x.jpg" alt=" ">'), "x.jpg": jpeg(100, 100)},
     "content/briefs/bad/index.md:5: picture 'x.jpg' has no alt text; describe it in ![...], "
     'or mark it decorative: ![](x.jpg "decorative")'),
    ("decorative with alt", {"index.md": brief("B", '![Words](x.jpg "decorative")'),
                             "x.jpg": jpeg(100, 100)},
     "content/briefs/bad/index.md:5: picture 'x.jpg' is marked decorative but has alt text; "
     "drop one or the other"),
    ("not a picture", {"index.md": brief("B", "![A picture](x.jpg)"), "x.jpg": b"hello"},
     "content/briefs/bad/index.md:5: picture 'x.jpg' is not a picture (use JPEG, PNG, WebP, "
     "GIF or AVIF)"),
    ("damaged", {"index.md": brief("B", "![A picture](x.jpg)"), "x.jpg": jpeg(400, 300)[:600]},
     "content/briefs/bad/index.md:5: picture 'x.jpg' is damaged and cannot be read"),
    ("outside", {"index.md": brief("B", "![A picture](../../secret.jpg)")},
     "content/briefs/bad/index.md:5: picture '../../secret.jpg' '.', '..' and empty parts are "
     "not allowed in a picture's path; put the file beside the brief (a folder with index.md) "
     "or in content/media/"),
    ("narrow lead", {"index.md": brief("B", "Text.", LEAD), "lead.jpg": jpeg(1000, 800)},
     "content/briefs/bad/index.md:5: image src: 'lead.jpg' is 1000 pixels wide; a lead needs "
     "at least 1200"),
    ("lead without credit",
     {"index.md": brief("B", "Text.", 'image:\n  src: lead.jpg\n  alt: "A"\n'),
                             "lead.jpg": jpeg(1300, 800)},
     "content/briefs/bad/index.md:5: image: missing credit"),
    ("bad focus", {"index.md": brief("B", "Text.", LEAD.replace("top left", "middle")),
                   "lead.jpg": jpeg(1300, 800)},
     "content/briefs/bad/index.md:10: image focus: expected one or two of center, top, bottom, "
     "left, right (like 'top left'), found 'middle'"),
]  # fmt: skip


def bomb() -> bytes:
    """A PNG a few kilobytes long that decodes to more pixels than Pillow's limit."""
    side = int((pictures.max_pixels() + 1) ** 0.5) + 1
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(("name", "files", "expected"), BAD, ids=[b[0] for b in BAD])
def test_each_bad_picture_is_a_located_error_and_the_site_stays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, files: dict, expected: str
) -> None:
    content, config = write_site(tmp_path, {"good.md": brief("Good", "Text.")})
    assert build(content, config, tmp_path / "out") == 0
    before = tree(tmp_path / "out")
    capsys.readouterr()
    bundle = content / "briefs" / "bad"
    bundle.mkdir()
    for file_name, data in files.items():
        path = bundle / file_name
        path.write_text(data) if isinstance(data, str) else path.write_bytes(data)
    assert build(content, config, tmp_path / "out") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(expected), err
    assert "Traceback" not in "\n".join(err)
    assert tree(tmp_path / "out") == before


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {})
    bundle = content / "briefs" / "bad"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(brief("B", "![A picture](x.png)"))
    (bundle / "x.png").write_bytes(bomb())
    assert len((bundle / "x.png").read_bytes()) < 100_000
    assert build(content, config, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        "content/briefs/bad/index.md:5: picture 'x.png' has more pixels than a build decodes "
        "(a decompression bomb?); make it smaller"
    )


def test_a_symbolic_link_is_refused(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {})
    bundle = content / "briefs" / "bad"
    bundle.mkdir(parents=True)
    (tmp_path / "secret.jpg").write_bytes(jpeg(100, 100))
    (bundle / "index.md").write_text(brief("B", "![A picture](x.jpg)"))
    os.symlink(tmp_path / "secret.jpg", bundle / "x.jpg")
    assert build(content, config, tmp_path / "out") == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/briefs/bad/x.jpg:1: is a symbolic link; links are not followed"
    )


def test_a_flat_brief_has_no_folder_of_its_own(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {"img.md": brief("Img", "![A picket line](picket.jpg)")})
    assert build(content, config, tmp_path / "out") == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/briefs/img.md:5: picture 'picket.jpg' not found: no file content/briefs/picket.jpg"
    )


def test_the_bundle_names_the_brief_and_its_other_markdown_is_not_content(tmp_path: Path) -> None:
    content, config = write_site(tmp_path, {})
    bundle = content / "briefs" / "2024-01-10-my-story"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(brief("Mine", "Text."))
    (bundle / "notes.md").write_text("not front matter at all")
    assert build(content, config, tmp_path / "out") == 0
    assert (tmp_path / "out" / "briefs" / "my-story" / "index.html").is_file()


def test_crop_boxes_keep_the_focus() -> None:
    info = pictures.Info(2000, 1000, False, "JPEG")
    assert pictures._box(info, (1, 1), (0.0, 0.5)) == (0, 0, 1000, 1000)
    assert pictures._box(info, (1, 1), (1.0, 0.5)) == (1000, 0, 2000, 1000)
    assert pictures._box(info, (1, 1), (0.5, 0.5)) == (500, 0, 1500, 1000)
    tall = pictures.Info(1000, 2000, False, "JPEG")
    assert pictures._box(tall, (16, 9), (0.5, 0.0)) == (0, 0, 1000, 562)


# --- the pages with pictures, read by the outside checkers ------------------------------


@pytest.mark.external
def test_nu_finds_no_errors_in_pages_with_pictures(built: Path) -> None:
    from checkers import INSTALL_HINT, VNU_JAR, have_java, html_files, require_tool, run_vnu

    require_tool("java", have_java(), f"no `java` on PATH; {INSTALL_HINT}")
    require_tool("vnu.jar", VNU_JAR.is_file(), f"{VNU_JAR} not found; {INSTALL_HINT}")
    messages = run_vnu(html_files(built), built)
    assert not messages, "\n".join(messages)


@pytest.mark.external
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_pages_with_pictures(built: Path, browser, scheme: str) -> None:
    from checkers import AXE_JS, INSTALL_HINT, axe_violations, new_context, require_tool, serve

    require_tool("axe-core", AXE_JS.is_file(), f"{AXE_JS} not found; {INSTALL_HINT}")
    context = new_context(browser, color_scheme=scheme)
    page = context.new_page()
    with serve(built) as url:
        problems = [
            v
            for p in ("", "briefs/with-pictures/", "gallery/")
            for v in axe_violations(page, url + p)
        ]
    context.close()
    assert not problems, "\n".join(problems)


def test_check_reads_pictures_like_a_build(tmp_path: Path, capsys) -> None:
    content, config = make_site(tmp_path)
    args = ["check", "--content", str(content), "--config", str(config)]
    assert main(args) == 0
    assert "matches no page" not in capsys.readouterr().err  # the encoded files count
    (content / "media" / "shared.png").unlink()
    assert main(args) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/briefs/flat.md:7: picture '/media/shared.png' not found: no file "
        "content/media/shared.png"
    )
    assert not (tmp_path / "site").exists()


def test_a_damaged_cached_picture_is_encoded_again(tmp_path: Path) -> None:
    store = encoding.Store(tmp_path / "pictures")
    store.put("x.jpg", b"the bytes")
    assert store.get("x.jpg") == b"the bytes"
    path = tmp_path / "pictures" / "x.jpg"
    path.write_bytes(path.read_bytes()[:-1] + b"X")
    assert store.get("x.jpg") is None


def test_the_preview_servers_memory_keeps_encoded_pictures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from generator.build import Options
    from generator.build import build as run
    from generator.incremental.cache import Cache

    content, config = make_site(tmp_path)
    calls: list[int] = []
    real = encoding.encode
    monkeypatch.setattr(encoding, "encode", lambda d, v: calls.append(1) or real(d, v))
    memory = Cache()
    now = datetime.fromisoformat(NOW)
    options = Options(content=content, config=config, output=tmp_path / "out", now=now)
    run(options, memory=memory)
    assert calls and memory.pictures
    calls.clear()
    run(Options(content=content, config=config, output=tmp_path / "other", now=now), memory=memory)
    assert calls == []  # a new output folder, every file from memory
    assert tree(tmp_path / "out") == tree(tmp_path / "other")


def test_without_avif_in_pillow_webp_and_the_fallback_remain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PIL import features

    real = features.check
    monkeypatch.setattr(features, "check", lambda name: name != "avif" and real(name))
    info = pictures.Info(1000, 500, False, "JPEG")
    picture = pictures.plan_picture("content/media/x.jpg", "d" * 64, info)
    assert {v.format for v in picture.variants} == {"webp", "jpeg"}
    html = "".join(text for text, _ in pictures.picture_parts(picture, "X", ""))
    assert "image/avif" not in html and 'type="image/webp"' in html
