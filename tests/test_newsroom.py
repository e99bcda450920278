"""People, sections, kinds of work and stories, on a fixture newsroom: two people, two
sections, three kinds of work and a story of four briefs (plus a desk brief outside it)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import feedrules
import lxml.html
import pytest
from conftest import ROOT, tree

from generator.commands.cli import main

NOW = "2025-06-01T00:00:00+00:00"
BASE = "https://example.org/news/"
SETTINGS = f"""title: "Newsroom"
base_url: "{BASE}"
timezone: Europe/Rome
per_page: 2
authors: [The Desk]
contact: "mailto:desk@example.org"
templates: {ROOT / "templates"}
sections:
  - slug: labour
    name: "Labour"
    description: "Work and workers."
  - slug: tech
    name: "Technology"
"""

PEOPLE = {
    "ada.md": '---\nname: "Ada Reporter"\nrole: "Labour reporter"\nphoto: ada.png\n'
    'links: ["https://social.example.net/@ada"]\nemail: ada@example.org\n'
    "---\nAda covers **work**.\n",
    "bo.md": '---\nname: "Bo Editor"\nrole: "Editor"\n---\nBo edits.\n',
}
STORY = (
    '---\ntitle: "The long strike"\nsummary: "A strike, brief by brief."\n'
    "status: developing\n---\nHow it began.\n"
)


def brief(title: str, day: int, extra: str = "", authors: str = "[ada]") -> str:
    return (
        f'---\ntitle: "{title}"\ndate: 2025-03-{day:02d}T10:00:00+01:00\n'
        f"authors: {authors}\n{extra}---\nBody of {title}.\n"
    )


BRIEFS = {
    "s1.md": brief("Strike called", 1, "type: news\nsection: labour\nstory: strike\n"),
    "s2.md": brief(
        "Talks stall", 3, "type: analysis\nsection: labour\nstory: strike\n", "[ada, bo]"
    ),
    "s3.md": brief("Why it lasts", 5, "type: opinion\nsection: tech\nstory: strike\n", "[bo]") + "",
    "s4.md": brief(
        "Deal reached",
        7,
        "section: labour\nstory: strike\nupdates:\n  - date: 2025-03-08T10:00:00+01:00\n"
        '    kind: correction\n    note: "The vote was on Friday."\n',
    ),
    "desk.md": brief("A desk note", 2, "", "[The Desk]"),
}


def portrait() -> bytes:
    """A small real picture (the photo goes through the picture pipeline, which reads it)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (160, 200), (180, 120, 90)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = portrait()


def make(root: Path) -> tuple[Path, Path]:
    content = root / "content"
    for folder in ("briefs", "pages", "authors", "stories"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    for name, text in BRIEFS.items():
        (content / "briefs" / name).write_text(text, "utf-8")
    for name, text in PEOPLE.items():
        (content / "authors" / name).write_text(text, "utf-8")
    (content / "authors" / "ada.png").write_bytes(PNG)
    (content / "stories" / "strike.md").write_text(STORY, "utf-8")
    (content / "pages" / "corrections-policy.md").write_text('---\ntitle: "Policy"\n---\nWe fix.\n')
    config = root / "site.yaml"
    config.write_text(SETTINGS, "utf-8")
    return content, config


def build(content: Path, config: Path, out: Path, *extra: str) -> int:
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(out)]
    return main([*args, "--now", NOW, "--quiet", *extra])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("newsroom")
    content, config = make(root)
    assert build(content, config, root / "out", "--no-cache") == 0
    return root / "out"


def page(out: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / url.strip("/") / "index.html").read_bytes())


def json_ld(doc: lxml.html.HtmlElement) -> list[dict]:
    return [json.loads(s.text) for s in doc.xpath('//script[@type="application/ld+json"]')]


def of_type(doc: lxml.html.HtmlElement, kind: str) -> dict:
    return next(item for item in json_ld(doc) if item["@type"] == kind)


def resolve(url: str, href: str) -> str:
    """A page's relative link as a site path."""
    return urljoin("https://x" + url, href).removeprefix("https://x")


def part_of(doc: lxml.html.HtmlElement) -> str:
    return " ".join(doc.xpath('string(//aside[@class="story-place"]/p)').split())


def test_every_byline_resolves_to_a_person_page(site):
    names = {"ada": "Ada Reporter", "bo": "Bo Editor"}
    seen = set()
    for slug, text in BRIEFS.items():
        url = f"/briefs/{slug.removesuffix('.md')}/"
        doc = page(site, url)
        authors = re.search(r"authors: \[(.*)\]", text).group(1).split(", ")
        links = doc.xpath('//p[@class="byline"]/span[1]/a')
        assert [a.text for a in links] == [names.get(a, a) for a in authors]
        for link, author in zip(links, authors, strict=True):
            target = resolve(url, link.get("href"))
            if author in names:
                assert target == f"/authors/{author}/"
                assert page(site, target).xpath("string(//h1)") == names[author]
                seen.add(author)
            else:
                assert target == "/masthead/"
    assert seen == {"ada", "bo"}


def test_person_page_lists_their_briefs_newest_first_and_has_a_person(site):
    ada = page(site, "/authors/ada/")
    titles = [a.text for a in ada.xpath('//ol[@class="briefs"]//h3/a')]
    assert titles == ["Deal reached", "Talks stall"]  # two a page, newest first
    second = page(site, "/authors/ada/page/2/")
    assert [a.text for a in second.xpath('//ol[@class="briefs"]//h3/a')] == ["Strike called"]
    person = of_type(ada, "Person")
    assert person["url"] == BASE + "authors/ada/"
    assert person["jobTitle"] == "Labour reporter"
    assert person["sameAs"] == ["https://social.example.net/@ada"]
    # the photo went through the picture pipeline: encoded under /media/, shown as <picture>
    image = person["image"]
    assert re.fullmatch(re.escape(BASE) + r"media/ada-160x200-[0-9a-f]{12}\.jpg", image), image
    assert (site / image.removeprefix(BASE)).read_bytes()[:2] == b"\xff\xd8"  # a JPEG
    sources = ada.xpath('//div[@class="person-photo"]//source/@type')
    assert "image/webp" in sources
    assert ada.xpath('//div[@class="person-photo"]//img/@alt') == ["Ada Reporter"]
    alternates = ada.xpath('//link[@rel="alternate"]/@href')
    assert alternates[:3] == ["feed.xml", "atom.xml", "feed.json"]
    assert "Ada covers" in ada.xpath('string(//div[contains(@class, "bio")])')


EXPECTED = {
    "sections/labour": ["Deal reached", "Talks stall", "Strike called"],
    "sections/tech": ["Why it lasts"],
    "stories/strike": ["Deal reached", "Why it lasts", "Talks stall", "Strike called"],
    "authors/ada": ["Deal reached", "Talks stall", "Strike called"],
    "authors/bo": ["Why it lasts", "Talks stall"],
}
SLUGS = {"Strike called": "s1", "Talks stall": "s2", "Why it lasts": "s3", "Deal reached": "s4"}


@pytest.mark.parametrize("folder", sorted(EXPECTED))
@pytest.mark.parametrize("name", ["feed.xml", "atom.xml", "feed.json"])
def test_each_listing_feed_holds_exactly_its_briefs_and_validates(site, folder, name):
    data = (site / folder / name).read_bytes()
    assert feedrules.check(data, f"{BASE}{folder}/{name}", BASE) == []
    feed = feedrules.Feed(data, f"{BASE}{folder}/{name}", BASE)
    links = [e.link for e in feedrules.entries(feed)]
    assert links == [f"{BASE}briefs/{SLUGS[title]}/" for title in EXPECTED[folder]]
    doc = page(site, f"/{folder}/")
    assert name in doc.xpath('//link[@rel="alternate"]/@href')


def test_each_listing_feed_holds_only_the_newest_feed_limit_briefs(tmp_path):
    """``feed_limit`` bounds the feeds of sections, stories and people too (the contract's
    "items in each feed"), in each of the three formats."""
    content, config = make(tmp_path)
    config.write_text(SETTINGS + "feed_limit: 2\n", "utf-8")
    assert build(content, config, tmp_path / "out") == 0
    for folder, titles in EXPECTED.items():
        for name in ("feed.xml", "atom.xml", "feed.json"):
            data = (tmp_path / "out" / folder / name).read_bytes()
            feed = feedrules.Feed(data, f"{BASE}{folder}/{name}", BASE)
            links = [e.link for e in feedrules.entries(feed)]
            assert links == [f"{BASE}briefs/{SLUGS[t]}/" for t in titles[:2]], (folder, name)


def test_schema_type_label_and_feed_category_follow_type(site):
    expected = {
        "s1": ("NewsArticle", "News"),
        "s2": ("AnalysisNewsArticle", "Analysis"),
        "s3": ("OpinionNewsArticle", "Opinion"),
        "s4": ("NewsArticle", "News"),  # the default
    }
    rss = (site / "feed.xml").read_text("utf-8")
    for slug, (schema, label) in expected.items():
        doc = page(site, f"/briefs/{slug}/")
        assert json_ld(doc)[0]["@type"] == schema
        assert (
            doc.xpath('string(//header[@class="brief-header"]/p[contains(@class, "work-type")])')
            == label
        )
        assert f'<category domain="https://schema.org/{schema}">{label}</category>' in rss
    home = page(site, "/")
    opinion = home.xpath('//article[contains(@class, "teaser-opinion")]//a/text()')
    assert opinion == ["Why it lasts"]  # set apart from the other teasers


def test_breadcrumbs_in_the_page_and_in_json_ld(site):
    for slug, section, name in (("s1", "labour", "Labour"), ("s3", "tech", "Technology")):
        url = f"/briefs/{slug}/"
        doc = page(site, url)
        title = doc.xpath("string(//h1)")
        crumbs = of_type(doc, "BreadcrumbList")["itemListElement"]
        assert [c["name"] for c in crumbs] == ["Home", name, title]
        assert [c["item"] for c in crumbs] == [BASE, f"{BASE}sections/{section}/", BASE + url[1:]]
        shown = doc.xpath('//nav[@class="breadcrumbs"]//li')
        assert [" ".join(li.text_content().split()) for li in shown] == ["Home", name, title]
        links = doc.xpath('//nav[@class="breadcrumbs"]//a/@href')
        assert [resolve(url, h) for h in links] == ["/", f"/sections/{section}/"]
    section = page(site, "/sections/labour/")
    assert [c["name"] for c in of_type(section, "BreadcrumbList")["itemListElement"]] == [
        "Home",
        "Labour",
    ]


def story_state(out: Path) -> dict[str, str]:
    """Each story brief's "Part of" line and previous/next links, and the timeline."""
    state = {}
    for path in sorted((out / "briefs").iterdir()):
        doc = page(out, f"/briefs/{path.name}/")
        steps = doc.xpath('//ul[@class="story-steps"]//a')
        moves = [
            f"{a.get('rel')}:{resolve('/briefs/' + path.name + '/', a.get('href'))}" for a in steps
        ]
        state[path.name] = " | ".join([part_of(doc), *moves])
    story = page(out, "/stories/strike/")
    state["timeline"] = " | ".join(story.xpath('//ol[@class="timeline"]/li/h3/a/text()'))
    return state


def test_story_order_n_of_n_and_neighbours(site):
    state = story_state(site)
    assert state["timeline"] == "Strike called | Talks stall | Why it lasts | Deal reached"
    assert state["s1"] == "Part of: The long strike · 1 of 4 | next:/briefs/s2/"
    assert state["s2"] == "Part of: The long strike · 2 of 4 | prev:/briefs/s1/ | next:/briefs/s3/"
    assert state["s4"] == "Part of: The long strike · 4 of 4 | prev:/briefs/s3/"
    assert state["desk"] == ""  # not in the story
    line = page(site, "/briefs/s2/").xpath('string(//header//span[@class="story-line"])')
    assert " ".join(line.split()) == "Part of: The long strike · 2 of 4"  # under the byline
    timeline = page(site, "/stories/strike/")
    assert "The vote was on Friday." in timeline.xpath('string(//ol[@class="timeline"])')
    assert "The long strike" in page(site, "/").xpath('string(//section[@class="developing"])')


def test_story_moves_when_briefs_are_added_redated_or_removed(tmp_path):
    content, config = make(tmp_path)
    out, cache = tmp_path / "out", tmp_path / "cache"

    def both() -> dict[str, str]:
        # the clean chain keeps its own output: what was published before is an input of a
        # build (feeds hold what the newest build brought), so only the cache differs
        assert build(content, config, out, "--cache-dir", str(cache)) == 0
        clean = tmp_path / "clean"
        assert build(content, config, clean, "--no-cache") == 0
        assert tree(out) == tree(clean)
        return story_state(out)

    both()
    (content / "briefs" / "s5.md").write_text(brief("Vote held", 4, "story: strike\n"))
    state = both()
    assert state["s5"] == "Part of: The long strike · 3 of 5 | prev:/briefs/s2/ | next:/briefs/s3/"
    assert state["s4"] == "Part of: The long strike · 5 of 5 | prev:/briefs/s3/"
    assert state["s2"].endswith("next:/briefs/s5/")
    text = (content / "briefs" / "s1.md").read_text()
    (content / "briefs" / "s1.md").write_text(text.replace("2025-03-01", "2025-03-09"))
    state = both()
    assert (
        state["timeline"] == "Talks stall | Vote held | Why it lasts | Deal reached | Strike called"
    )
    assert state["s1"] == "Part of: The long strike · 5 of 5 | prev:/briefs/s4/"
    assert state["s2"] == "Part of: The long strike · 1 of 5 | next:/briefs/s5/"
    (content / "briefs" / "s3.md").unlink()
    state = both()
    assert state["s5"] == "Part of: The long strike · 2 of 4 | prev:/briefs/s2/ | next:/briefs/s4/"
    assert "s3" not in state
    feed = (out / "stories" / "strike" / "feed.json").read_text()
    assert [i["title"] for i in json.loads(feed)["items"]] == [
        "Strike called", "Deal reached", "Vote held", "Talks stall"
    ]  # fmt: skip


BAD = [
    ("briefs/s1.md", "type: news", "type: comment",
     "content/briefs/s1.md:5: type: expected one of news, analysis, explainer, opinion, review,"
     " found 'comment'"),
    ("briefs/s1.md", "section: labour", "section: sport",
     "content/briefs/s1.md:6: section: no section 'sport' (sections in site.yaml: labour, tech)"),
    ("briefs/s1.md", "story: strike", "story: strik",
     "content/briefs/s1.md:7: story: no story 'strik' in content/stories/ (stories: strike)"),
    ("briefs/desk.md", "authors: [The Desk]", "authors: [The Desk, cy]",
     "content/briefs/desk.md:4: authors entry: no person 'cy' in content/authors/ and not the"
     " desk (The Desk); people: ada, bo"),
    ("authors/ada.md", "photo: ada.png", "photo: ada.jpg",
     "content/authors/ada.md:4: photo: 'ada.jpg' not found: no file content/authors/ada.jpg"),
    ("authors/ada.md", "photo: ada.png", "photo: /media/gone.png",
     "content/authors/ada.md:4: photo: '/media/gone.png' not found: no file"
     " content/media/gone.png"),
    ("authors/ada.md", "photo: ada.png", "photo: notes.txt",
     "content/authors/ada.md:4: photo: expected a picture (.jpg, .jpeg, .png, .webp, .avif, .gif),"
     " found 'notes.txt'"),
    ("authors/bo.md", 'role: "Editor"', "links: [ftp://x]",
     "content/authors/bo.md:3: links entry: expected an http:// or https:// address, found 'ftp://x'"),
    ("authors/bo.md", 'role: "Editor"', 'slug: ada\nrole: "Editor"',
     "content/authors/bo.md:3: person slug 'ada' is also used by content/authors/ada.md"),
    ("stories/strike.md", "status: developing", "status: ongoing",
     "content/stories/strike.md:4: status: expected one of developing, concluded, found 'ongoing'"),
    ("stories/strike.md", "title:", "slug: other\ntitle:",
     "content/stories/strike.md:1: story 'other' has no brief; add 'story: other' to a brief or"
     " remove this file"),
    ("stories/walkout.md", None,
     '---\nslug: strike\ntitle: "Walkout"\nsummary: "A walkout."\nstatus: concluded\n---\n',
     "content/stories/walkout.md:2: story slug 'strike' is also used by content/stories/strike.md"),
    ("../site.yaml", "  - slug: tech", "  - slug: labour",
     "site.yaml:12: sections slug: 'labour' is also the slug of the section on line 9"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "old", "new", "message"), BAD, ids=[b[3][:40] for b in BAD])
def test_bad_input_is_located_and_the_old_site_stays(tmp_path, capsys, name, old, new, message):
    content, config = make(tmp_path)
    out = tmp_path / "out"
    assert build(content, config, out) == 0
    before = tree(out)
    target = content / name
    if old is None:  # a file added
        assert not target.exists()
        target.write_text(new, "utf-8")
    else:
        text = target.read_text("utf-8")
        assert old in text
        target.write_text(text.replace(old, new, 1), "utf-8")
    capsys.readouterr()
    assert build(content, config, out) == 1
    err = capsys.readouterr().err
    assert message in err.splitlines(), err
    assert "Traceback" not in err
    assert tree(out) == before


def test_masthead_lists_people_by_role_with_policy_and_contact(site):
    doc = page(site, "/masthead/")
    roles = [h.text for h in doc.xpath("//article//h2")]
    assert roles[:2] == ["Labour reporter", "Editor"]  # in the order of their people's names
    assert doc.xpath("//article//ul[@class='people']//a/text()") == ["Ada Reporter", "Bo Editor"]
    hrefs = doc.xpath("//article//a/@href")
    assert "../corrections-policy/" in hrefs and "mailto:desk@example.org" in hrefs


def test_sections_are_in_the_nav_and_the_current_one_shows(site):
    doc = page(site, "/briefs/s3/")  # a brief: the menu is marked, the breadcrumbs name it
    summary = doc.xpath('//li[@class="nav-sections"]//summary')[0]
    assert " ".join(summary.text_content().split()) == "Sections"
    assert summary.get("class") == "nav-current"
    current = doc.xpath('//li[@class="nav-sections"]//a[@aria-current]/text()')
    assert current == ["Technology"]
    assert doc.xpath('//nav[@class="breadcrumbs"]//a/text()') == ["Home", "Technology"]
    section = page(site, "/sections/labour/")  # the section's own page: the summary names it
    summary = section.xpath('//li[@class="nav-sections"]//summary')[0]
    assert " ".join(summary.text_content().split()) == "Sections: Labour"
    assert section.xpath('//li[@class="nav-sections"]//a[@aria-current="page"]/text()') == [
        "Labour"
    ]


def test_json_feed_items_carry_type_section_and_story(site):
    items = json.loads((site / "feed.json").read_text("utf-8"))["items"]
    by_url = {item["url"]: item["_briefing"] for item in items}
    assert by_url[BASE + "briefs/s2/"] == {
        "about": BASE + "feeds/", "type": "analysis", "section": "labour", "story": "strike"
    }  # fmt: skip
    assert by_url[BASE + "briefs/desk/"] == {"about": BASE + "feeds/", "type": "news"}
    atom = (site / "stories" / "strike" / "atom.xml").read_text("utf-8")
    assert '<category term="Labour" scheme="https://example.org/news/sections/labour/"' in atom


def test_a_site_without_people_keeps_plain_name_bylines(tmp_path):
    content, config = make(tmp_path)
    shutil.rmtree(content / "authors")
    (content / "stories" / "strike.md").unlink()
    for name in BRIEFS:
        text = (content / "briefs" / name).read_text()
        text = re.sub(r"authors: \[.*\]", "authors: [Ann Writer, The Desk]", text)
        (content / "briefs" / name).write_text(text.replace("story: strike\n", ""))
    assert build(content, config, tmp_path / "out") == 0
    doc = page(tmp_path / "out", "/briefs/s1/")
    byline = doc.xpath('//p[@class="byline"]/span[1]')[0]
    assert " ".join(byline.text_content().split()) == "By Ann Writer, The Desk"
    assert byline.xpath("a/text()") == ["The Desk"]  # only the desk links (to the masthead)
    assert json_ld(doc)[0]["author"][0] == {"@type": "Person", "name": "Ann Writer"}


# The newsroom in a site of two editions: English (default) and Italian. The Italian
# edition has versions of two of the story's briefs (one by Ada, one by Bo), the story's
# Italian version and the sections' Italian names; a second story is told only in English.
EDITIONS = """languages:
  - code: en
  - code: it
    title: "Redazione"
"""
SECTION_NAMES = """    name: "Labour"
    description: "Work and workers."
    translations:
      it: {name: "Lavoro", description: "Il lavoro e chi lavora."}
"""
IT_BRIEFS = {
    "s1-it.md": brief(
        "Sciopero proclamato", 1, 'lang: it\ntranslation_of: "tag:briefing,2025:s1"\n'
        "type: news\nsection: labour\nstory: strike\n",
    ),
    "s2-it.md": brief(
        "Trattative ferme", 3, 'lang: it\ntranslation_of: "tag:briefing,2025:s2"\n'
        "type: analysis\nsection: labour\nstory: strike\n", "[bo]",
    ),
}  # fmt: skip
IT_STORY = (
    '---\ntitle: "Il lungo sciopero"\nsummary: "Uno sciopero, brief dopo brief."\n'
    "status: developing\nlang: it\ntranslation_of: strike\n---\nCome è cominciato.\n"
)
SOLO_STORY = '---\ntitle: "A quiet vote"\nsummary: "Only in English."\nstatus: concluded\n---\n'


def make_editions(root: Path) -> tuple[Path, Path]:
    content, config = make(root)
    text = config.read_text("utf-8")
    text = text.replace('    name: "Labour"\n    description: "Work and workers."\n', SECTION_NAMES)
    config.write_text(text + EDITIONS, "utf-8")
    for name, text in IT_BRIEFS.items():
        (content / "briefs" / name).write_text(text, "utf-8")
    (content / "stories" / "strike-it.md").write_text(IT_STORY, "utf-8")
    (content / "stories" / "vote.md").write_text(SOLO_STORY, "utf-8")
    desk = (content / "briefs" / "desk.md").read_text("utf-8")
    (content / "briefs" / "desk.md").write_text(desk.replace("---\nBody", "story: vote\n---\nBody"))
    return content, config


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("editions")
    content, config = make_editions(root)
    assert build(content, config, root / "out", "--no-cache") == 0
    return root / "out"


def words(doc: lxml.html.HtmlElement, xpath: str) -> str:
    return " ".join(doc.xpath(f"string({xpath})").split())


def test_each_edition_has_its_own_newsroom_pages_in_its_language(editions):
    story = page(editions, "/it/stories/strike/")
    assert story.get("lang") == "it"
    assert words(story, "//h1") == "Il lungo sciopero"  # the story's Italian version
    assert words(story, '//p[@class="kicker"]') == "Storia · In corso"
    assert "Segui questa storia:" in words(story, '//p[@class="follow-this"]')
    assert story.xpath('//ol[@class="timeline"]/li/h3/a/text()') == [
        "Sciopero proclamato", "Trattative ferme"
    ]  # fmt: skip
    assert words(story, '//nav[@class="breadcrumbs"]//li[1]') == "Home"
    s2 = page(editions, "/it/briefs/s2-it/")
    assert (
        words(s2, '//header//span[@class="story-line"]')
        == "Fa parte di: Il lungo sciopero · 2 di 2"
    )
    assert words(s2, '//p[contains(@class, "work-type")]') == "Analisi"
    assert words(s2, '//li[@class="nav-sections"]//summary') == "Sezioni"
    labour_nav = page(editions, "/it/sections/labour/").xpath(
        '//li[@class="nav-sections"]//summary'
    )
    assert " ".join(labour_nav[0].text_content().split()) == "Sezioni: Lavoro"
    assert s2.xpath('//nav[@class="breadcrumbs"]//a/@href') == ["../../", "../../sections/labour/"]
    byline = s2.xpath('//p[@class="byline"]/span[1]//a')
    assert [a.get("href") for a in byline] == ["../../authors/bo/"]
    labour = page(editions, "/it/sections/labour/")
    assert words(labour, "//h1") == "Lavoro"
    assert words(labour, '//p[@class="kicker"]') == "Sezione"
    assert of_type(s2, "AnalysisNewsArticle")["articleSection"] == "Lavoro"
    masthead = page(editions, "/it/masthead/")
    assert words(masthead, "//h1") == "Gerenza"
    bo = page(editions, "/it/authors/bo/")
    assert bo.xpath('//ol[@class="briefs"]//h3/a/text()') == ["Trattative ferme"]
    assert words(bo, "//main/h2") == "I brief di Bo Editor"
    # the bio is written in English: marked so on the Italian page, not on the English one
    assert bo.xpath('//div[contains(@class, "bio")]/@lang') == ["en"]
    assert page(editions, "/authors/bo/").xpath('//div[contains(@class, "bio")]/@lang') == []
    assert story.xpath("//h1/@lang") == []  # the story's Italian version: nothing to mark
    # the English edition keeps its own: English names, English briefs only
    english = page(editions, "/stories/strike/")
    assert words(english, "//h1") == "The long strike"
    assert len(english.xpath('//ol[@class="timeline"]/li')) == 4
    assert words(page(editions, "/sections/labour/"), "//h1") == "Labour"


def test_each_editions_listing_feeds_hold_only_its_briefs(editions):
    base = BASE + "it/stories/strike/"
    for name in ("feed.xml", "atom.xml", "feed.json"):
        data = (editions / "it" / "stories" / "strike" / name).read_bytes()
        assert feedrules.check(data, base + name, BASE) == []
        feed = feedrules.Feed(data, base + name, BASE)
        links = [e.link for e in feedrules.entries(feed)]
        assert links == [f"{BASE}it/briefs/s2-it/", f"{BASE}it/briefs/s1-it/"]
    rss = (editions / "it" / "sections" / "labour" / "feed.xml").read_text("utf-8")
    assert "<category>Analisi</category>" in rss or ">Analisi</category>" in rss
    assert ">Lavoro</category>" in rss
    atom = (editions / "it" / "stories" / "strike" / "atom.xml").read_text("utf-8")
    assert "<id>tag:briefing,2023:feed/it/stories/strike</id>" in atom


def test_a_story_told_only_in_english_has_no_italian_page(editions):
    assert (editions / "stories" / "vote" / "index.html").is_file()
    assert not (editions / "it" / "stories" / "vote").exists()
    switch = page(editions, "/stories/vote/").xpath('//nav[@class="language-switch"]//a')
    assert [(a.get("href"), a.get("hreflang")) for a in switch] == [("../../it/", "it")]
    # a story told in both links its versions to each other
    strike = page(editions, "/stories/strike/")
    assert "https://example.org/news/it/stories/strike/" in strike.xpath(
        '//link[@rel="alternate"][@hreflang="it"]/@href'
    )


EDITION_BAD = [
    ("stories/strike-it.md", "translation_of: strike", "translation_of: strik",
     "content/stories/strike-it.md:6: translation_of: no original story 'strik' (stories: strike,"
     " vote)"),
    ("stories/strike-it.md", "lang: it", "lang: fr",
     "content/stories/strike-it.md:5: lang: 'fr' is not an edition of the site (en, it)"),
    ("../site.yaml", "it: {name:", "de: {name:",
     "site.yaml:13: sections translations: 'de' is not an edition other than the default (it)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "old", "new", "message"), EDITION_BAD, ids=[b[3][:40] for b in EDITION_BAD]
)
def test_bad_edition_input_is_located(tmp_path, capsys, name, old, new, message):
    content, config = make_editions(tmp_path)
    target = content / name
    text = target.read_text("utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), "utf-8")
    assert build(content, config, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert message in err.splitlines(), err
    assert "Traceback" not in err
