"""Being found and followed: the news sitemap, robots.txt's groups and Content-Usage line,
TDMRep, llms.txt, WebSub hub links, the /feeds/ page and `briefing feeds`."""

from __future__ import annotations

import json
import re
import urllib.robotparser
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import FIXTURE, FIXTURE_NOW, ROOT, write_site
from lxml import etree, html

from generator import i18n, urls, write
from generator.commands.cli import main
from generator.config import DEFAULT_AI_CRAWLERS, DEFAULT_AI_SEARCH_CRAWLERS, parse_config
from generator.errors import BuildFailed
from generator.options import Options
from generator.render import discovery
from generator.render.output import render_output, render_site
from generator.render.plan import TextOutput, plan
from generator.render.templating import environment
from generator.stages import load

SCHEMAS = ROOT / "tests" / "fixtures" / "schemas"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NS = {"s": SITEMAP_NS, "news": NEWS_NS}
ATOM_NS = "http://www.w3.org/2005/Atom"
HUB = "https://hub.example.net/"
NOW = datetime.fromisoformat("2024-06-01T00:00:00+00:00")


def brief(title: str, when: str, *extra: str) -> str:
    lines = [f'title: "{title}"', f"date: {when}", *extra]
    return "---\n" + "\n".join(lines) + "\n---\nBody of the brief.\n"


def built(
    tmp_path: Path, briefs: dict[str, str], settings: str = "", base_url: str | None = None
) -> dict[str, bytes]:
    """The whole site in memory: {output path: bytes}."""
    content, config = write_site(tmp_path, briefs, settings)
    inputs, site = load(Options(content, config=config, now=NOW, base_url=base_url))
    return render_site(site, inputs.config, inputs.files.templates, inputs.files.assets)


@pytest.fixture(scope="module")
def fixture_site() -> dict[str, bytes]:
    inputs, site = load(
        Options(
            FIXTURE / "content",
            config=FIXTURE / "site.yaml",
            now=datetime.fromisoformat(FIXTURE_NOW),
        )
    )
    return render_site(site, inputs.config, inputs.files.templates, inputs.files.assets)


def text(files: dict[str, bytes], path: str) -> str:
    return files[path].decode("utf-8")


# --- the news sitemap --------------------------------------------------------------------


def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))


def valid_news_sitemap(data: bytes) -> etree._Element:
    document = etree.fromstring(data)
    checker = schema()
    assert checker.validate(document), checker.error_log
    return document


def test_the_schema_refuses_what_google_would():
    # the fixture schemas must be able to fail, or validating against them proves nothing
    checker = schema()
    good = (
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}"><url><loc>https://e.org/a/</loc>'
        "<news:news><news:publication><news:name>N</news:name><news:language>{lang}"
        "</news:language></news:publication><news:publication_date>{date}"
        "</news:publication_date><news:title>T</news:title></news:news></url></urlset>"
    )
    assert checker.validate(etree.fromstring(good.format(lang="zh-tw", date="2024-01-02")))
    for lang, date in [("en-GB", "2024-01-02"), ("en", "2024-01-02T10:00"), ("en", "2 Jan")]:
        assert not checker.validate(etree.fromstring(good.format(lang=lang, date=date)))
    no_title = good.replace("<news:title>T</news:title>", "")
    assert not checker.validate(etree.fromstring(no_title.format(lang="en", date="2024-01-02")))


def test_the_fixture_news_sitemap_is_valid_and_lists_the_last_two_days(fixture_site):
    document = valid_news_sitemap(fixture_site["news-sitemap.xml"])
    locs = document.xpath("//s:url/s:loc/text()", namespaces=NS)
    # the newest fixture brief is from 5 March 2024; the one before it is days older
    assert locs == ["https://example.org/fixture/briefs/tag-merge/"]
    assert document.xpath("//news:name/text()", namespaces=NS) == ["Fixture Briefing"]
    assert document.xpath("//news:language/text()", namespaces=NS) == ["en"]
    assert document.xpath("//news:publication_date/text()", namespaces=NS) == [
        "2024-03-05T09:00:00+01:00"
    ]


def test_the_48_hour_window_is_taken_from_the_newest_brief(tmp_path):
    newest = datetime(2024, 5, 10, 12, 0, tzinfo=NOW.tzinfo)

    def at(hours: int) -> str:
        return (newest - timedelta(hours=hours)).isoformat()

    files = built(
        tmp_path,
        {
            "newest.md": brief("Newest & latest", at(0), "lang: it"),
            "h47.md": brief("Forty-seven hours older", at(47), "lang: zh-Hant-TW"),
            "h48.md": brief("Exactly two days older", at(48)),
            "h49.md": brief("Forty-nine hours older", at(49)),
            "draft.md": brief("A draft", at(1), "draft: true"),
        },
    )
    document = valid_news_sitemap(files["news-sitemap.xml"])
    locs = document.xpath("//s:url/s:loc/text()", namespaces=NS)
    assert locs == [
        "https://example.org/briefs/newest/",
        "https://example.org/briefs/h47/",
        "https://example.org/briefs/h48/",
    ]
    assert document.xpath("//news:language/text()", namespaces=NS) == ["it", "zh-tw", "en"]
    assert document.xpath("//news:title/text()", namespaces=NS)[0] == "Newest & latest"
    robots = text(files, "robots.txt")
    assert robots.endswith(
        "Sitemap: https://example.org/sitemap.xml\nSitemap: https://example.org/news-sitemap.xml\n"
    )


def test_news_sitemap_can_be_switched_off(tmp_path):
    files = built(tmp_path, {"a.md": brief("A", "2024-05-01")}, "news_sitemap: false\n")
    assert "news-sitemap.xml" not in files
    assert "news-sitemap" not in text(files, "robots.txt")


def test_a_site_without_briefs_has_no_news_sitemap(tmp_path):
    files = built(tmp_path, {})
    assert "news-sitemap.xml" not in files
    assert text(files, "robots.txt").count("Sitemap:") == 1


@pytest.mark.parametrize(
    ("lang", "code"),
    [("en", "en"), ("en-GB", "en"), ("pt-BR", "pt"), ("zh", "zh-cn"), ("zh-Hans", "zh-cn"),
     ("zh-CN", "zh-cn"), ("zh-TW", "zh-tw"), ("zh-Hant", "zh-tw"), ("zh-HK", "zh-tw"),
     ("fil", "fil")],
)  # fmt: skip
def test_news_language_codes(lang, code):
    assert discovery.news_language(lang) == code


def test_news_briefs_keep_the_newest_thousand():
    newest = datetime(2024, 5, 10, 12, 0, tzinfo=NOW.tzinfo)
    briefs = tuple(
        SimpleNamespace(draft=False, date=newest - timedelta(minutes=2 * n), slug=f"b{n:04d}")
        for n in range(1100)
    )
    chosen = discovery.news_briefs(briefs)  # type: ignore[arg-type]
    assert len(chosen) == discovery.NEWS_LIMIT == 1000
    assert [b.slug for b in chosen] == [f"b{n:04d}" for n in range(1000)]


@pytest.mark.slow
def test_a_thousand_and_one_hundred_briefs_in_two_days_give_a_valid_capped_sitemap(tmp_path):
    start = datetime(2024, 5, 10, 12, 0, tzinfo=NOW.tzinfo)
    briefs = {
        f"b{n:04d}.md": brief(f"Brief {n}", (start - timedelta(minutes=2 * n)).isoformat())
        for n in range(1100)
    }
    content, config = write_site(tmp_path, briefs)
    inputs, site = load(Options(content, config=config, now=NOW))
    catalogues = i18n.load(inputs.files.templates, inputs.config)
    [news] = [o for o in plan(site, inputs.config, catalogues) if o.path == "news-sitemap.xml"]
    assert isinstance(news, TextOutput)
    env = environment(inputs.files.templates)
    data = render_output(env, site, inputs.config, news, catalogues[inputs.config.language])
    locs = valid_news_sitemap(data).xpath("//s:url/s:loc/text()", namespaces=NS)
    assert len(locs) == 1000
    assert locs[0] == "https://example.org/briefs/b0000/"
    assert locs[-1] == "https://example.org/briefs/b0999/"


# --- robots.txt --------------------------------------------------------------------------


def robots(files: dict[str, bytes]) -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(text(files, "robots.txt").splitlines())
    return parser


def groups(robots_txt: str) -> list[tuple[list[str], list[str]]]:
    """(user agents, rules) of each group, comments left out."""
    out: list[tuple[list[str], list[str]]] = []
    for block in robots_txt.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#")]
        agents = [line.split(": ", 1)[1] for line in lines if line.startswith("User-agent:")]
        if agents:
            out.append((agents, [line for line in lines if not line.startswith("User-agent:")]))
    return out


def test_robots_shuts_out_training_crawlers_only_when_training_is_refused(tmp_path):
    files = built(tmp_path, {"a.md": brief("A", "2024-05-01")})
    parser = robots(files)
    page = "https://example.org/briefs/a/"
    for agent in DEFAULT_AI_CRAWLERS:
        assert not parser.can_fetch(agent, page), agent
    for agent in (*DEFAULT_AI_SEARCH_CRAWLERS, "Googlebot", "Bingbot"):
        assert parser.can_fetch(agent, page), agent
    assert groups(text(files, "robots.txt")) == [
        (list(DEFAULT_AI_CRAWLERS), ["Disallow: /"]),
        (list(DEFAULT_AI_SEARCH_CRAWLERS), ["Allow: /"]),
        (["*"], ["Allow: /"]),
    ]
    assert "PerplexityBot" in DEFAULT_AI_SEARCH_CRAWLERS


# The directives Lighthouse's robots.txt audit knows; any other line costs SEO points.
LIGHTHOUSE_DIRECTIVES = {
    "user-agent", "allow", "disallow", "sitemap", "crawl-delay", "clean-param", "host",
    "request-rate", "visit-time", "noindex",
}  # fmt: skip


@pytest.mark.parametrize("training", ["false", "true"])
def test_robots_uses_only_directives_lighthouse_knows_by_default(tmp_path, training):
    files = built(tmp_path, {"a.md": brief("A", "2024-05-01")}, f"ai_training: {training}\n")
    lines = [line for line in text(files, "robots.txt").splitlines() if line.strip()]
    directives = {line.split(":", 1)[0].lower() for line in lines if not line.startswith("#")}
    assert directives <= LIGHTHOUSE_DIRECTIVES


def test_robots_states_content_usage_when_asked(tmp_path):
    settings = "robots_content_usage: true\n"
    files = built(tmp_path, {"a.md": brief("A", "2024-05-01")}, settings)
    assert groups(text(files, "robots.txt"))[1:] == [
        (list(DEFAULT_AI_SEARCH_CRAWLERS), ["Content-Usage: train-ai=n", "Allow: /"]),
        (["*"], ["Content-Usage: train-ai=n", "Allow: /"]),
    ]
    files = built(
        tmp_path / "yes", {"a.md": brief("A", "2024-05-01")}, settings + "ai_training: true\n"
    )
    assert groups(text(files, "robots.txt")) == [(["*"], ["Content-Usage: train-ai=y", "Allow: /"])]
    assert "PerplexityBot" not in DEFAULT_AI_CRAWLERS


def test_robots_lets_everyone_in_when_training_is_allowed(tmp_path):
    files = built(tmp_path, {"a.md": brief("A", "2024-05-01")}, "ai_training: true\n")
    parser = robots(files)
    for agent in (*DEFAULT_AI_CRAWLERS, *DEFAULT_AI_SEARCH_CRAWLERS):
        assert parser.can_fetch(agent, "https://example.org/briefs/a/"), agent
    assert groups(text(files, "robots.txt")) == [(["*"], ["Allow: /"])]


def test_robots_takes_the_crawler_lists_from_the_settings(tmp_path):
    settings = "ai_crawlers: [GPTBot, NewTrainer]\nai_search_crawlers: [Claude-User]\n"
    files = built(tmp_path, {"a.md": brief("A", "2024-05-01")}, settings)
    assert [agents for agents, _ in groups(text(files, "robots.txt"))] == [
        ["GPTBot", "NewTrainer"],
        ["Claude-User"],
        ["*"],
    ]


# --- TDMRep ------------------------------------------------------------------------------


def tdm_metas(page: bytes) -> dict[str, str]:
    tree = html.fromstring(page)
    metas = tree.xpath("//head/meta[starts-with(@name, 'tdm-')]")
    return {m.get("name"): m.get("content") for m in metas}


def test_tdmrep_reserves_mining_by_default(tmp_path):
    files = built(tmp_path, {"a.md": brief("A", "2024-05-01", "aliases: [/old/]")})
    assert json.loads(files[".well-known/tdmrep.json"]) == [
        {"location": "/*", "tdm-reservation": 1}
    ]
    # every page; a redirect page (an alias) only sends readers on, to a page that has it
    pages = [p for p in files if p.endswith(".html") and p != "old/index.html"]
    assert {"index.html", "briefs/a/index.html", "feeds/index.html", "404.html"} <= set(pages)
    for path in pages:
        assert tdm_metas(files[path]) == {"tdm-reservation": "1"}, path


def test_tdmrep_names_the_policy_and_the_base_path(tmp_path):
    policy = "https://example.org/tdm-policy.json?v=1&x=2"
    settings = f'tdm_policy: "{policy}"\n'
    files = built(tmp_path, {"a.md": brief("A", "2024-05-01")}, settings, "https://e.org/briefing/")
    assert json.loads(files[".well-known/tdmrep.json"]) == [
        {"location": "/briefing/*", "tdm-reservation": 1, "tdm-policy": policy}
    ]
    assert tdm_metas(files["briefs/a/index.html"]) == {
        "tdm-reservation": "1",
        "tdm-policy": policy,
    }


def test_tdmrep_lifts_the_reservation_when_training_is_allowed(tmp_path):
    settings = 'ai_training: true\ntdm_policy: "https://example.org/p.json"\n'
    files = built(tmp_path, {"a.md": brief("A", "2024-05-01")}, settings)
    assert json.loads(files[".well-known/tdmrep.json"]) == [
        {"location": "/*", "tdm-reservation": 0}
    ]
    assert tdm_metas(files["briefs/a/index.html"]) == {}


def test_tdmrep_can_be_switched_off(tmp_path):
    files = built(tmp_path, {"a.md": brief("A", "2024-05-01")}, "tdmrep: false\n")
    assert ".well-known/tdmrep.json" not in files
    assert tdm_metas(files["index.html"]) == {}


@pytest.mark.slow
def test_the_well_known_folder_is_written(tmp_path):
    assert str(write.safe_relative(urls.output_path(urls.TDMREP))) == ".well-known/tdmrep.json"
    output = tmp_path / "out"
    args = ["build", "--content", str(FIXTURE / "content"), "--config", str(FIXTURE / "site.yaml")]
    assert main([*args, "--output", str(output), "--now", FIXTURE_NOW, "--quiet"]) == 0
    assert json.loads((output / ".well-known" / "tdmrep.json").read_bytes())[0]["location"]


# --- llms.txt ----------------------------------------------------------------------------


def test_llms_txt_follows_the_llmstxt_format(tmp_path):
    files = built(
        tmp_path,
        {
            "old.md": brief("Older [draft] brief", "2024-04-01", 'summary: "First\\nline."'),
            "new.md": brief("Newer brief", "2024-05-01", 'summary: "The newest."'),
            "hidden.md": brief("Hidden", "2024-04-15", "draft: true"),
        },
        'description: "Sourced briefs."\n',
    )
    llms = text(files, "llms.txt")
    lines = llms.splitlines()
    assert lines[0] == "# T"
    assert lines[1] == "" and lines[2] == "> Sourced briefs."
    headings = [line for line in lines if line.startswith("#")]
    assert headings == ["# T", "## Briefs", "## Pages", "## Feeds"]
    section = llms.split("## Briefs\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert section.splitlines() == [
        "- [Newer brief](https://example.org/briefs/new/): The newest.",
        "- [Older \\[draft\\] brief](https://example.org/briefs/old/): First line.",
    ]
    item = re.compile(r"- \[[^\n]+\]\(https://example\.org/[^\s()]*\)(: [^\n]+)?")
    for line in lines:
        if line.startswith("- "):
            assert item.fullmatch(line), line
    assert "- [Feeds](https://example.org/feeds/): " in llms
    assert "- [RSS](https://example.org/feed.xml): " in llms
    assert "- [Corrections](https://example.org/corrections/feed.xml): " in llms
    assert "Hidden" not in llms


def test_llms_txt_can_be_switched_off(tmp_path):
    files = built(tmp_path, {"a.md": brief("A", "2024-05-01")}, "llms_txt: false\n")
    assert "llms.txt" not in files


# --- WebSub ------------------------------------------------------------------------------


FEEDS = ["feed.xml", "atom.xml", "feed.json", "corrections/feed.xml", "tags/pay/feed.xml"]


def hubs(files: dict[str, bytes], path: str) -> list[str]:
    if path.endswith(".json"):
        return [h["url"] for h in json.loads(files[path]).get("hubs", []) if h["type"] == "WebSub"]
    root = etree.fromstring(files[path])
    return root.xpath("//a:link[@rel='hub']/@href", namespaces={"a": ATOM_NS})


def test_every_feed_names_the_hub(tmp_path):
    files = built(
        tmp_path, {"a.md": brief("A", "2024-05-01", "tags: [Pay]")}, f"websub_hub: {HUB}\n"
    )
    for path in FEEDS:
        assert hubs(files, path) == [HUB], path
    rss = etree.fromstring(files["feed.xml"])
    channel_links = rss.xpath("/rss/channel/a:link", namespaces={"a": ATOM_NS})
    assert [(e.get("rel"), e.get("href")) for e in channel_links] == [
        ("self", "https://example.org/feed.xml"),
        ("hub", HUB),
    ]
    assert rss.findtext("channel/link") == "https://example.org/"
    atom = etree.fromstring(files["atom.xml"])
    rels = atom.xpath("/a:feed/a:link/@rel", namespaces={"a": ATOM_NS})
    assert rels == ["self", "hub", "alternate"]


def test_no_hub_without_websub_hub(tmp_path):
    files = built(tmp_path, {"a.md": brief("A", "2024-05-01", "tags: [Pay]")})
    for path in FEEDS:
        assert hubs(files, path) == [], path
        assert b"hub" not in files[path], path


def test_briefing_feeds_prints_the_hub_and_every_feed(tmp_path, capsys):
    content, config = write_site(
        tmp_path, {"a.md": brief("A", "2024-05-01", "tags: [Pay, R&D]")}, f"websub_hub: {HUB}\n"
    )
    common = ["--content", str(content), "--config", str(config)]
    assert main(["feeds", "--hub", *common]) == 0
    assert capsys.readouterr().out == HUB + "\n"
    assert main(["feeds", *common, "--base-url", "https://pages.example.net/b"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "https://pages.example.net/b/feed.xml",
        "https://pages.example.net/b/atom.xml",
        "https://pages.example.net/b/feed.json",
        "https://pages.example.net/b/corrections/feed.xml",
        "https://pages.example.net/b/corrections/atom.xml",
        "https://pages.example.net/b/corrections/feed.json",
        "https://pages.example.net/b/tags/pay/feed.xml",
        "https://pages.example.net/b/tags/r-d/feed.xml",
    ]
    no_hub, _ = write_site(tmp_path / "plain", {})
    assert main(["feeds", "--hub", "--config", str(tmp_path / "plain" / "site.yaml")]) == 0
    assert capsys.readouterr().out == ""


def test_the_workflow_pings_the_hub_only_when_one_is_set():
    workflow = (ROOT / ".github" / "workflows" / "publish.yml").read_text("utf-8")
    deploy = workflow.split("\n  deploy:\n", 1)[1]
    last = deploy.rsplit("\n      - ", 1)[1]
    assert "if: needs.build.outputs.hub != ''" in last
    assert '"hub.mode=publish"' in last and '"hub.url=$feed"' in last
    assert "briefing feeds --hub" in workflow


# --- the feeds page ----------------------------------------------------------------------


def test_the_feeds_page_lists_every_feed_and_the_nav_links_to_it(fixture_site):
    page = html.fromstring(fixture_site["feeds/index.html"])
    codes = [code.text_content() for code in page.xpath("//main//dd/code")]
    base = "https://example.org/fixture/"
    site_feeds = ["feed.xml", "atom.xml", "feed.json", "corrections/feed.xml"]
    site_feeds += ["corrections/atom.xml", "corrections/feed.json"]
    tag_feeds = sorted(p for p in fixture_site if re.fullmatch(r"tags/[^/]+/feed\.xml", p))
    assert len(tag_feeds) >= 5
    # and the RSS feed of each section, story and person (the fixture's two people)
    tag_feeds += sorted(
        p for p in fixture_site if re.fullmatch(r"(sections|stories|authors)/[^/]+/feed\.xml", p)
    )
    assert len([p for p in tag_feeds if p.startswith("authors/")]) == 2
    assert sorted(codes) == sorted(base + p for p in site_feeds + tag_feeds)
    hrefs = page.xpath("//main//a/@href")
    for path in site_feeds + tag_feeds:
        assert "../" + path in hrefs, path
    assert not page.xpath("//script")
    for path in ("index.html", "feeds/index.html", "briefs/basic/index.html"):
        nav = html.fromstring(fixture_site[path]).xpath("//nav//a")
        feeds = [a for a in nav if a.text_content() == "Feeds"]
        assert len(feeds) == 1, path
        target = feeds[0].get("href")
        assert target in ("feeds/", "./", "../../feeds/"), (path, target)
        assert not [a for a in nav if a.text_content() == "RSS"], path
    current = html.fromstring(fixture_site["feeds/index.html"]).xpath("//nav//a[@aria-current]")
    assert [a.text_content() for a in current] == ["Feeds"]


def test_a_page_may_not_take_the_feeds_address(tmp_path):
    content, config = write_site(tmp_path, {})
    (content / "pages" / "feeds.md").write_text("---\ntitle: Mine\n---\nText.\n", "utf-8")
    with pytest.raises(BuildFailed) as caught:
        load(Options(content, config=config, now=NOW))
    assert any("feeds" in str(e) for e in caught.value.errors)


# --- settings ----------------------------------------------------------------------------


def settings_problems(extra: str) -> list[str]:
    data = f"title: T\nbase_url: https://example.org\n{extra}".encode()
    with pytest.raises(BuildFailed) as caught:
        parse_config("site.yaml", data)
    return [str(e) for e in caught.value.errors]


def test_bad_addresses_are_located():
    assert settings_problems("websub_hub: ftp://hub.example.net\ntdm_policy: policy.json\n") == [
        "site.yaml:3: websub_hub: expected an http:// or https:// address, found "
        "'ftp://hub.example.net'",
        "site.yaml:4: tdm_policy: expected an http:// or https:// address, found 'policy.json'",
    ]


def test_switches_must_be_flags_and_lists_must_not_overlap():
    assert settings_problems("llms_txt: maybe\n") == [
        "site.yaml:3: llms_txt: expected true or false, found 'maybe'"
    ]
    assert settings_problems("ai_search_crawlers: [Claude-User, gptbot]\n") == [
        "site.yaml:3: ai_search_crawlers: gptbot also in ai_crawlers; a crawler is in one list only"
    ]
