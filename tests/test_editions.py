"""Editions: a two-language site (English and Italian), its translations, alternates, feeds,
the notice of a translation behind its original, and every located error of them."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path

import feedrules
import lxml.html
import pytest
from conftest import ROOT, tree
from lxml import etree

from generator import i18n
from generator.commands.cli import main

BASE = "https://example.org/"
NOW = "2024-06-01T00:00:00+00:00"

SETTINGS = f"""\
title: "Labor"
description: "Briefs on work."
base_url: "{BASE}"
timezone: Europe/Rome
templates: {ROOT / "templates"}
languages:
  - code: en
  - code: it
    title: "Lavoro"
    description: "Brief sul lavoro."
"""

ORIGINAL = """\
---
title: "Actors strike"
date: 2023-07-26T10:00:00+02:00
id: "tag:t,2023:strike"
tags: [Strikes, Pay]
---
Actors walked out. See [the pay brief](/briefs/pay/).
"""

PAY = """\
---
title: "Pay"
date: 2023-07-20T10:00:00+02:00
id: "tag:t,2023:pay"
tags: [Pay]
---
About pay.
"""

TRANSLATION = """\
---
title: "Sciopero degli attori"
date: 2023-07-26T12:00:00+02:00
id: "tag:t,2023:sciopero"
lang: it
translation_of: "tag:t,2023:strike"
tags: [Scioperi, Économie, Zebra, Retribuzioni]
---
Gli attori hanno scioperato.
"""

ITALIAN_ONLY = """\
---
title: "Solo in italiano"
date: 2023-07-28T10:00:00+02:00
id: "tag:t,2023:solo"
lang: it
tags: [Lavoro]
---
Un brief senza originale inglese.
"""

ABOUT = '---\ntitle: "About"\nmenu: 1\n---\nWho we are.\n'
CHI_SIAMO = '---\ntitle: "Chi siamo"\nlang: it\ntranslation_of: about\nmenu: 1\n---\nChi siamo.\n'

CORRECTION = """updates:
  - date: 2023-08-01T09:00:00+02:00
    kind: correction
    note: "The walkout began on July 14."
"""


def make(root: Path, settings: str = SETTINGS, **briefs: str) -> tuple[Path, Path]:
    content = root / "content"
    (content / "briefs").mkdir(parents=True, exist_ok=True)
    (content / "pages").mkdir(exist_ok=True)
    files = {
        "strike.md": ORIGINAL,
        "pay.md": PAY,
        "sciopero.md": TRANSLATION,
        "solo.md": ITALIAN_ONLY,
    }
    files.update(briefs)
    for name, text in files.items():
        path = content / "briefs" / name
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(text, "utf-8")
    (content / "pages" / "about.md").write_text(ABOUT, "utf-8")
    (content / "pages" / "chi-siamo.md").write_text(CHI_SIAMO, "utf-8")
    config = root / "site.yaml"
    config.write_text(settings, "utf-8")
    return content, config


def build(content: Path, config: Path, output: Path, *extra: str) -> int:
    args = ["build", "--content", str(content), "--config", str(config)]
    return main([*args, "--output", str(output), "--now", NOW, "--quiet", *extra])


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("editions")
    content, config = make(root)
    assert build(content, config, root / "out", "--no-cache") == 0
    return tree(root / "out")


def html(site: dict[str, bytes], path: str):
    return lxml.html.fromstring(site[path])


def pages_of(site: dict[str, bytes]) -> list[str]:
    return [p for p in site if p.endswith(".html") and p != "404.html"]


def url_to_path(url: str) -> str:
    assert url.startswith(BASE), url
    rest = url[len(BASE) :]
    return rest + "index.html" if rest.endswith("/") or not rest else rest


def alternates(doc) -> dict[str, str]:
    return {
        link.get("hreflang"): link.get("href")
        for link in doc.xpath('//head/link[@rel="alternate"][@hreflang]')
    }


def test_the_italian_edition_lives_under_it(site):
    for path in (
        "it/index.html",
        "it/briefs/sciopero/index.html",
        "it/tags/index.html",
        "it/archive/index.html",
        "it/corrections/index.html",
        "it/corrections/feed.xml",
        "it/search/index.html",
        "it/feeds/index.html",
        "it/feed.xml",
        "it/atom.xml",
        "it/feed.json",
        "it/chi-siamo/index.html",
    ):
        assert path in site, path
    assert "briefs/strike/index.html" in site and "briefs/sciopero/index.html" not in site
    assert "it/briefs/strike/index.html" not in site


def test_italian_pages_are_italian_throughout(site):
    page = site["it/briefs/sciopero/index.html"].decode()
    doc = html(site, "it/briefs/sciopero/index.html")
    assert doc.get("lang") == "it"
    assert '<meta property="og:locale" content="it_IT">' in page
    assert "26 luglio 2023" in page and "July" not in page
    assert "min di lettura" in page and "Argomenti" in page and "Vai al contenuto" in page
    for word in ("Skip to content", "min read", "Archive<", "Related briefs"):
        assert word not in page
    assert "Lavoro" in doc.xpath("//a[@class='site-title']")[0].text
    archive = site["it/archive/index.html"].decode()
    assert "luglio 2023" in archive and "July" not in archive
    english = site["briefs/strike/index.html"].decode()
    assert '<html lang="en">' in english and "26 July 2023" in english


def test_each_italian_page_has_lang_it(site):
    for path in pages_of(site):
        doc = html(site, path)
        if path.startswith("it/"):
            assert doc.get("lang") == "it", path
        elif not path.startswith(("pagefind/",)) and "redirect" not in path:
            assert doc.get("lang") == "en", path


def test_alternates_are_reciprocal_and_include_self_and_x_default(site):
    checked = 0
    for path in pages_of(site):
        doc = html(site, path)
        found = alternates(doc)
        if not found:
            continue
        checked += 1
        canonical = doc.xpath('//link[@rel="canonical"]')[0].get("href")
        assert canonical in found.values(), path  # itself
        assert "x-default" in found and {"en", "it"} <= found.keys(), path
        for lang, url in found.items():
            other = alternates(html(site, url_to_path(url)))  # resolves to a built page
            assert other == found, (path, lang)  # reciprocal: the same set everywhere
    assert checked >= 8  # home, tags, archive, corrections, feeds, search, the pair, about


def test_pages_without_a_version_elsewhere_have_no_alternates(site):
    assert alternates(html(site, "it/briefs/solo/index.html")) == {}
    assert alternates(html(site, "briefs/pay/index.html")) == {}


def test_every_switch_link_resolves_to_a_built_page(site):
    for path in pages_of(site):
        doc = html(site, path)
        switch = doc.xpath('//nav[@class="language-switch"]//a')
        assert switch, path
        for a in switch:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), a.get("href")))
            target = "index.html" if target == "." else target + "/index.html"
            assert target in site, (path, a.get("href"), target)


def test_an_italian_briefs_tags_link_to_the_italian_tag_pages(site):
    path = "it/briefs/sciopero/index.html"
    links = html(site, path).xpath("//main//a[contains(@href, 'tags/')]")
    targets = set()
    for a in links:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), a.get("href")))
        targets.add(target + "/index.html")
    assert targets == {
        f"it/tags/{slug}/index.html" for slug in ("scioperi", "economie", "zebra", "retribuzioni")
    }
    assert targets <= set(site)


def test_the_switch_of_an_untranslated_brief_goes_home_and_says_so(site):
    doc = html(site, "briefs/pay/index.html")
    [link] = doc.xpath('//nav[@class="language-switch"]//a')
    assert link.get("href") == "../../it/" and link.text == "Italiano"
    assert "not translated" in link.getparent().text_content()
    doc = html(site, "it/briefs/sciopero/index.html")
    [link] = doc.xpath('//nav[@class="language-switch"]//a')
    assert link.get("href") == "../../../briefs/strike/" and link.text == "English"


def test_sitemap_alternates_match_the_pages(site):
    root = etree.fromstring(site["sitemap.xml"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.findtext("s:loc", namespaces=ns): u for u in root.findall("s:url", ns)}
    assert BASE + "it/briefs/sciopero/" in urls and BASE + "briefs/strike/" in urls
    entry = urls[BASE + "it/briefs/sciopero/"]
    found = {x.get("hreflang"): x.get("href") for x in entry.findall("x:link", ns)}
    assert found == alternates(html(site, "it/briefs/sciopero/index.html"))
    assert found == {
        "en": BASE + "briefs/strike/",
        "it": BASE + "it/briefs/sciopero/",
        "x-default": BASE + "briefs/strike/",
    }


def test_json_ld_joins_original_and_translation(site):
    def article(path: str) -> dict:
        doc = html(site, path)
        items = [json.loads(s.text) for s in doc.xpath('//script[@type="application/ld+json"]')]
        return next(i for i in items if i["@type"] == "NewsArticle")

    it = article("it/briefs/sciopero/index.html")
    en = article("briefs/strike/index.html")
    assert it["inLanguage"] == "it" and en["inLanguage"] == "en"
    assert [w["@id"] for w in it["translationOfWork"]] == [BASE + "briefs/strike/"]
    assert [w["@id"] for w in en["workTranslation"]] == [BASE + "it/briefs/sciopero/"]
    assert "workTranslation" not in article("briefs/pay/index.html")


def test_each_editions_feeds_hold_only_its_language_and_validate(site):
    for prefix, lang, own, other in (
        ("", "en", "strike", "sciopero"),
        ("it/", "it", "sciopero", "strike"),
    ):
        for name in ("feed.xml", "atom.xml", "feed.json", "corrections/feed.xml"):
            path = prefix + name
            assert feedrules.check(site[path], BASE + path, BASE) == [], path
        rss = site[prefix + "feed.xml"].decode()
        assert f"<language>{lang}</language>" in rss
        assert f"/briefs/{own}/" in rss and f"/briefs/{other}/" not in rss
        feed = json.loads(site[prefix + "feed.json"])
        assert {item["language"] for item in feed["items"]} == {lang}
        assert feed["home_page_url"] == BASE + prefix
    atom_ids = [
        re.search(rb"<id>([^<]+)</id>", site[p]).group(1) for p in ("atom.xml", "it/atom.xml")
    ]
    assert atom_ids[0] != atom_ids[1]
    for path in site:
        if path.startswith("it/tags/") and path.endswith("feed.xml"):
            assert b"/briefs/strike/" not in site[path] and b"/briefs/pay/" not in site[path]


def test_tags_sort_by_collation_in_each_edition(site):
    doc = html(site, "it/tags/index.html")
    names = [a.text for a in doc.xpath('//ul[@class="tag-index"]//a')]
    assert names == ["Économie", "Lavoro", "Retribuzioni", "Scioperi", "Zebra"]


def test_untranslated_briefs_are_left_out_by_default(site):
    home = site["it/index.html"].decode()
    assert "Pay" not in home and "Sciopero degli attori" in home
    assert "Solo in italiano" not in site["index.html"].decode()


def test_untranslated_show_lists_the_original_marked_with_its_language(tmp_path):
    content, config = make(tmp_path, SETTINGS + "untranslated: show\n")
    assert build(content, config, tmp_path / "out", "--no-cache") == 0
    site = tree(tmp_path / "out")
    home = html(site, "it/index.html")
    [pay] = [h for h in home.xpath("//h2") if h.text_content() == "Pay"]
    # the original among the edition's own briefs, newest first, on the home page and archive
    newest_first = ["Solo in italiano", "Sciopero degli attori", "Pay"]
    assert [h.text_content().strip() for h in home.xpath("//h2")] == newest_first
    archive = html(site, "it/archive/index.html")
    assert [a.text_content().strip() for a in archive.xpath("//main//a")] == newest_first
    assert pay.get("lang") == "en"
    assert pay.xpath(".//a")[0].get("href") == "../briefs/pay/"  # the original, which exists
    assert "in inglese" in home.xpath("//article[.//a[text()='Pay']]")[0].text_content()
    assert b"/briefs/pay/" not in site["it/feed.xml"]  # feeds: the edition's own briefs
    assert "Actors strike" not in site["it/index.html"].decode()  # translated: its version
    english = site["index.html"].decode()
    assert "Solo in italiano" in english and "in Italian" in english
    # the tags only the original has are the edition's tags too, each with its own page
    tags = html(site, "it/tags/index.html")
    assert [a.get("href") for a in tags.xpath("//a[text()='Pay']")] == ["pay/"]
    tag = html(site, "it/tags/pay/index.html")
    assert "../../../briefs/pay/" in tag.xpath("//article//a/@href")


def test_a_translation_on_a_site_of_one_edition_is_an_error_at_its_line(tmp_path, capsys):
    settings = SETTINGS[: SETTINGS.index("languages:")]  # no editions
    content, config = make(tmp_path, settings, **{"solo.md": None})
    (content / "pages" / "chi-siamo.md").write_text(
        '---\ntitle: "Chi siamo"\nlang: it\ntranslation_of: about\n---\nNoi.\n', "utf-8"
    )
    stories = content / "stories"
    stories.mkdir()
    story = '---\ntitle: "The strike"\nsummary: "A strike."\nstatus: developing\n'
    (stories / "strike.md").write_text(story + "---\n", "utf-8")
    (stories / "strike-it.md").write_text(story + "lang: it\ntranslation_of: strike\n---\n")
    strike = content / "briefs" / "strike.md"
    strike.write_text(ORIGINAL.replace("---\nActors", "story: strike\n---\nActors"), "utf-8")
    assert build(content, config, tmp_path / "out") == 1
    message = "translation_of: the site has one edition; list the editions in site.yaml 'languages'"
    assert capsys.readouterr().err.splitlines() == [
        f"content/briefs/sciopero.md:6: {message}",
        f"content/pages/chi-siamo.md:4: {message}",
        f"content/stories/strike-it.md:6: {message}",
        "build failed: 3 problems found, nothing was written",
    ]
    assert not (tmp_path / "out").exists()


def test_the_stale_notice_appears_then_clears(tmp_path, capsys):
    corrected = ORIGINAL.replace("---\nActors", CORRECTION + "---\nActors")
    content, config = make(tmp_path, **{"strike.md": corrected})
    assert build(content, config, tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert re.search(
        r"content/briefs/sciopero\.md:6: warning: translation behind its original", err
    )
    doc = html(tree(tmp_path / "out"), "it/briefs/sciopero/index.html")
    [notice] = doc.xpath('//p[@class="behind-notice"]')
    text = notice.text_content()
    assert "Correzione" in text and "1 agosto 2023" in text and "July 14" in text
    assert notice.xpath(".//a")[0].get("href") == "../../../briefs/strike/#updates"
    check = ["check", "--content", str(content), "--config", str(config)]
    assert main(check) == 0
    assert "sciopero.md:6: warning: translation behind" in capsys.readouterr().err
    fixed = TRANSLATION.replace(
        "---\nGli",
        "updates:\n  - date: 2023-08-02T09:00:00+02:00\n    kind: correction\n"
        '    note: "Lo sciopero è iniziato il 14 luglio."\n---\nGli',
    )
    make(tmp_path, **{"strike.md": corrected, "sciopero.md": fixed})
    assert build(content, config, tmp_path / "out") == 0
    assert "behind" not in capsys.readouterr().err
    assert b"behind-notice" not in tree(tmp_path / "out")["it/briefs/sciopero/index.html"]


@pytest.mark.parametrize(
    "change",
    [
        {"sciopero.md": None},  # a translation removed
        {"pay-it.md": TRANSLATION.replace("sciopero", "paga").replace("strike", "pay")},  # added
    ],
)
def test_incremental_build_after_adding_or_removing_a_translation_is_the_clean_build(
    tmp_path, change
):
    content, config = make(tmp_path)
    assert build(content, config, tmp_path / "out") == 0
    # what was published before is an input of a build (feeds keep every brief it publishes
    # first): the clean build starts from a copy of the output the change was made over
    shutil.copytree(tmp_path / "out", tmp_path / "clean", symlinks=True)
    make(tmp_path, **change)
    assert build(content, config, tmp_path / "out") == 0
    assert build(content, config, tmp_path / "clean", "--no-cache") == 0
    assert tree(tmp_path / "out") == tree(tmp_path / "clean")


def test_a_file_of_yours_beside_an_editions_folders_leaves_its_pages_rebuilt(tmp_path):
    """A file of yours put in ``it/`` makes the writer look at that folder again: the
    edition's own folders in it (``it/briefs/``, two levels above a page) are the site's, not
    yours, so an edited Italian brief is rebuilt there, not carried over from the old site."""
    content, config = make(tmp_path)
    assert build(content, config, tmp_path / "out") == 0
    shutil.copytree(tmp_path / "out", tmp_path / "clean", symlinks=True)
    (tmp_path / "out" / "it" / "mine.txt").write_text("mine")
    make(tmp_path, **{"sciopero.md": TRANSLATION.replace("hanno scioperato", "hanno votato")})
    assert build(content, config, tmp_path / "out") == 0
    assert build(content, config, tmp_path / "clean", "--no-cache") == 0
    built, clean = tree(tmp_path / "out"), tree(tmp_path / "clean")
    assert built.pop("it/mine.txt") == b"mine"
    assert json.loads(built.pop(".briefing-manifest.json"))["foreign"] == ["it/mine.txt"]
    clean.pop(".briefing-manifest.json")
    assert b"hanno votato" in built["it/briefs/sciopero/index.html"]
    assert built == clean


BAD = [
    (
        {
            "x.md": TRANSLATION.replace("tag:t,2023:strike", "tag:t,2023:nothing").replace(
                "sciopero", "x"
            )
        },
        "content/briefs/x.md:6: translation_of: no brief with the id 'tag:t,2023:nothing'",
    ),
    (
        {
            "x.md": TRANSLATION.replace("tag:t,2023:sciopero", "tag:t,2023:x").replace(
                "lang: it", "lang: it"
            )
        },
        "content/briefs/x.md:6: translation_of: content/briefs/sciopero.md already translates"
        " 'tag:t,2023:strike' into 'it'",
    ),
    (
        {
            "x.md": TRANSLATION.replace("tag:t,2023:sciopero", "tag:t,2023:x")
            .replace("lang: it", "lang: en")
            .replace("tag:t,2023:strike", "tag:t,2023:sciopero")
        },
        "content/briefs/x.md:6: translation_of: content/briefs/sciopero.md is itself a translation",
    ),
    (
        {"x.md": PAY.replace("id: ", "lang: fr\nid: ").replace("pay", "x")},
        "content/briefs/x.md:4: lang: no edition has the language 'fr'"
        " (site.yaml languages: en, it)",
    ),
    (
        {
            "x.md": TRANSLATION.replace("tag:t,2023:sciopero", "tag:t,2023:x").replace(
                "lang: it", "lang: en"
            )
        },
        "content/briefs/x.md:6: translation_of: content/briefs/strike.md is in 'en' too",
    ),
]


@pytest.mark.parametrize(("files", "message"), BAD)
def test_each_bad_translation_is_located_and_the_old_site_stays(tmp_path, capsys, files, message):
    content, config = make(tmp_path)
    assert build(content, config, tmp_path / "out") == 0
    before = tree(tmp_path / "out")
    capsys.readouterr()
    make(tmp_path, **files)
    assert build(content, config, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert message in err, err
    assert "Traceback" not in err
    assert tree(tmp_path / "out") == before


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            SETTINGS + "untranslated: sometimes\n",
            "site.yaml:11: untranslated: expected one of omit, show",
        ),
        (
            SETTINGS.split("languages:")[0] + "untranslated: show\n",
            "site.yaml:6: untranslated: has no effect without 'languages'",
        ),
        (
            SETTINGS + "  - code: it\n",
            "site.yaml:11: languages: 'it' is also the edition on line 8",
        ),
        (
            SETTINGS + "language: it\n",
            "site.yaml:11: language: 'it' is not the first of 'languages'",
        ),
        (SETTINGS + "  - code: de\n", "site.yaml:11: languages: no catalogue for 'de'"),
    ],
)
def test_bad_edition_settings_are_located(tmp_path, capsys, settings, message):
    content, config = make(tmp_path, settings)
    assert build(content, config, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert message in err, err


def test_a_missing_string_is_located_in_the_catalogue_and_the_template(tmp_path, capsys):
    templates = tmp_path / "templates"
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file():
            target = templates / path.relative_to(ROOT / "templates")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    italian = templates / "i18n" / "it.yaml"
    italian.write_text(italian.read_text("utf-8").replace('sources: "Fonti"\n', ""), "utf-8")
    settings = SETTINGS.replace(str(ROOT / "templates"), str(templates))
    content, config = make(tmp_path / "site", settings)
    assert build(content, config, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert re.search(
        r"i18n/it\.yaml:1: missing string 'sources' \(in templates/i18n/en\.yaml, line \d+\)", err
    ), err
    # a key no catalogue has: at the template line that asks for it
    italian.write_text(italian.read_text("utf-8") + 'sources: "Fonti"\n', "utf-8")
    brief = templates / "brief.html"
    text = brief.read_text("utf-8")
    brief.write_text(text.replace('t("related")', 't("relatd")'), "utf-8")
    line = text[: text.index('t("related")')].count("\n") + 1
    assert build(content, config, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert f"templates/brief.html:{line}: template error: no string 'relatd'" in err, err


def test_catalogues_have_the_same_keys_and_plural_forms():
    files = tuple(
        (p.relative_to(ROOT / "templates").as_posix(), p.read_text("utf-8"))
        for p in (ROOT / "templates" / "i18n").glob("*.yaml")
    )
    from generator.config import Language, SiteConfig

    config = SiteConfig("t", BASE, languages=(Language("en"), Language("it")))
    found = i18n.load(files, config)
    assert found["en"].strings.keys() == found["it"].strings.keys()
    assert found["it"].text("reading_time", 2) == "2 min di lettura"
    assert found["en"].text("reading_time", 1) == "1 min read"
    assert found["it"].text("changes", 1) == "(1 modifica)"
    assert found["it"].text("changes", 3) == "(3 modifiche)"
    assert found["it"].date("2023-07-26T10:00:00") == "26 luglio 2023"
    assert found["en"].date("2023-07-26T10:00:00") == "26 July 2023"
    assert found["it"].month(2023, 7) == "luglio 2023"


def test_search_indexes_each_language_on_its_own(site):
    counts: dict[str, int] = {}
    entries = [path for path in site if path.endswith("/pagefind-entry.json")]
    assert entries and all(path.startswith("pagefind/") for path in entries)  # one a shard
    for path in entries:
        for lang, data in json.loads(site[path])["languages"].items():
            counts[lang] = counts.get(lang, 0) + data["page_count"]
    assert counts == {"en": 2, "it": 2}  # each edition's briefs, under their own language
    assert html(site, "it/search/index.html").get("lang") == "it"  # Pagefind loads "it" there
    form = html(site, "it/search/index.html").xpath("//form[@role='search']")[0]
    assert form.get("data-index") == "../../pagefind/"


def test_a_page_translating_no_page_is_located(tmp_path, capsys):
    content, config = make(tmp_path)
    (content / "pages" / "chi-siamo.md").write_text(CHI_SIAMO.replace("about", "abuot"), "utf-8")
    assert build(content, config, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "content/pages/chi-siamo.md:4: translation_of: no page with the slug 'abuot'" in err


def test_a_site_of_one_edition_has_no_switch_and_no_alternates(tmp_path):
    settings = SETTINGS.split("languages:")[0]
    content, config = make(tmp_path, settings, **{"sciopero.md": None, "solo.md": None})
    assert build(content, config, tmp_path / "out", "--no-cache") == 1  # a translation: error
    (content / "pages" / "chi-siamo.md").unlink()
    assert build(content, config, tmp_path / "out", "--no-cache") == 0
    site = tree(tmp_path / "out")
    assert "it/index.html" not in site
    for path in pages_of(site):
        assert b"language-switch" not in site[path] and b'hreflang="x-default"' not in site[path]


def test_every_editions_search_page_names_the_shards_the_index_is_made_of(tmp_path, monkeypatch):
    from generator.render import search

    # July 2023 holds two English and two Italian briefs: past a limit of three, the index
    # cuts that month by day, though each edition alone has only two briefs in it
    monkeypatch.setattr(search, "SHARD_LIMIT", 3)
    monkeypatch.setattr(search, "PAGES_PER_PROCESS", 3)
    content, config = make(tmp_path)
    out = tmp_path / "out"
    assert build(content, config, out, "--no-cache") == 0
    folders = sorted(p.name for p in (out / "pagefind").iterdir() if p.is_dir())
    assert len(folders) == 3, folders
    for page in ("search/index.html", "it/search/index.html"):
        doc = lxml.html.fromstring((out / page).read_bytes())
        assert sorted(doc.xpath("//form/@data-shards")[0].split()) == folders, page


def test_the_feeds_page_says_how_many_briefs_a_feed_holds_in_its_editions_language(site):
    english, italian = site["feeds/index.html"].decode(), site["it/feeds/index.html"].decode()
    assert "Each feed holds the newest" in english
    assert "Each feed holds" not in italian and "Ogni feed contiene i" in italian


@pytest.mark.external
def test_the_search_page_speaks_its_editions_language(tmp_path, browser):
    """The script's own words (how many briefs match, none, too many) come from the edition's
    catalogue, with its plural rules, not in English on every edition."""
    from urllib.parse import urlsplit

    from checkers import new_context, serve

    content, config = make(tmp_path)
    out = tmp_path / "out"
    assert build(content, config, out, "--no-cache") == 0
    context = new_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    status = "document.querySelector('.search-status').textContent !== ''"
    try:
        with serve(out, urlsplit(BASE).path) as url:
            page.goto(url + "it/search/?q=zzzqqq")
            page.wait_for_function(status)
            assert (
                page.locator(".search-status").inner_text()
                == "Nessun brief corrisponde a “zzzqqq”."
            )
            page.goto(url + "it/search/?year=2023")
            page.wait_for_function(status)
            found = page.locator("main .search-results li").count()
            said = page.locator(".search-status").inner_text()
            assert found >= 2 and said == f"{found} brief corrispondono a questi filtri."
            page.goto(url + "search/?year=2023")
            page.wait_for_function(status)
            found = page.locator("main .search-results li").count()
            assert page.locator(".search-status").inner_text() == (
                f"{found} brief{'s match' if found != 1 else ' matches'} these filters."
            )
    finally:
        context.close()
    assert errors == []


def test_a_catalogue_string_made_again_is_made_the_same() -> None:
    """Catalogue.markup remembers what it made; a value given as text is escaped and one
    given as markup is not, however often either is asked for, and each count keeps its form."""
    from markupsafe import Markup

    from generator.i18n import Catalogue

    plural = {"one": "{count} brief", "other": "{count} briefs"}
    cat = Catalogue("t.yaml", "en", {"by": "By {name} & co", "n": plural})
    for _ in range(2):
        assert cat.markup("by", name="<b>A</b>") == Markup("By &lt;b&gt;A&lt;/b&gt; &amp; co")
        assert cat.markup("by", name=Markup("<b>A</b>")) == Markup("By <b>A</b> &amp; co")
        assert cat.markup("by", name="B") == Markup("By B &amp; co")
        assert cat.markup("n", 1) == Markup("1 brief")
        assert cat.markup("n", 2) == Markup("2 briefs")
        assert cat.markup("by", name=3) == Markup("By 3 &amp; co")
