"""What a reader meets: a way to report an error that reaches someone, sources shown as they
are known, feed addresses that wrap between their parts."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from conftest import ROOT, write_site
from lxml import html

from generator.commands.cli import main
from generator.config import is_reserved

SOURCES = """\
---
title: "Sources as known"
date: 2024-05-01T10:00:00+02:00
id: "tag:t,2024:known"
tags: [Deepfakes and synthetic media]
sources:
  - title: "A report with a byline and a date"
    author: "Ada Lovelace"
    date: 2024-04-30
  - title: "A report from an outlet"
    publisher: "Example Weekly"
---
Body.
"""


def build(tmp_path: Path, *extra: str, settings: str = "") -> tuple[int, Path]:
    content, config = write_site(tmp_path, {"known.md": SOURCES}, settings)
    out = tmp_path / "site"
    args = ["--content", str(content), "--config", str(config), "--output", str(out)]
    return main(["build", *args, "--no-cache", "--quiet", *extra]), out


@pytest.mark.parametrize(
    "url",
    [
        "mailto:corrections@briefing.example.org",
        "https://example.com/form",
        "https://desk.example.net/",
        "https://briefing.example/",
        "https://site.test/",
        "mailto:desk@news.invalid",
        "http://localhost:8000/",
        "http://127.0.0.1/",
    ],
)
def test_reserved_example_domains_are_recognised(url: str) -> None:
    assert is_reserved(url)


@pytest.mark.parametrize(
    "url", ["mailto:desk@briefing.org", "https://github.com/o/r/issues/new", "https://example.co/"]
)
def test_real_domains_are_not_reserved(url: str) -> None:
    assert not is_reserved(url)


def test_a_production_build_warns_of_an_example_contact(tmp_path: Path, capsys) -> None:
    settings = 'contact: "mailto:corrections@briefing.example.org"\n'
    code, _ = build(tmp_path, "--base-url", "https://briefing.org/", settings=settings)
    assert code == 0  # a warning: the site is still built
    err = capsys.readouterr().err
    assert "site.yaml:5: warning: contact: 'mailto:corrections@briefing.example.org'" in err
    assert "base_url" not in err  # the given base_url is a real one


def test_a_production_build_warns_of_an_example_base_url(tmp_path: Path, capsys) -> None:
    code, _ = build(tmp_path, "--base-url", "https://pages.example.net/b/")
    assert code == 0
    assert "warning: base_url: 'https://pages.example.net/b/'" in capsys.readouterr().err


@pytest.mark.parametrize("extra", [(), ("--base-url", "http://127.0.0.1:8123/")])
def test_a_local_or_preview_build_says_nothing_of_example_domains(
    tmp_path: Path, capsys, extra: tuple[str, ...]
) -> None:
    settings = 'contact: "mailto:corrections@briefing.example.org"\n'
    code, _ = build(tmp_path, *extra, settings=settings)
    assert code == 0
    assert "reserved" not in capsys.readouterr().err


def test_contact_given_on_the_command_line_reaches_the_report_link(tmp_path: Path, capsys) -> None:
    form = "https://github.com/someone/briefing/issues/new"
    settings = 'contact: "mailto:corrections@briefing.example.org"\n'
    extra = ("--base-url", "https://someone.github.io/briefing/", "--contact", form)
    code, out = build(tmp_path, *extra, settings=settings)
    assert code == 0
    assert "warning" not in capsys.readouterr().err
    page = html.fromstring((out / "briefs/known/index.html").read_bytes())
    (link,) = page.xpath("//a[text()='Report an error']/@href")
    assert link.startswith(form + "?title=Error%20report%3A%20Sources%20as%20known&")
    assert "&body=Page%3A%20https%3A%2F%2Fsomeone.github.io%2Fbriefing%2Fbriefs%2Fknown%2F" in link


def test_a_contact_on_the_command_line_is_checked(tmp_path: Path, capsys) -> None:
    code, _ = build(tmp_path, "--contact", "javascript:alert(1)")
    assert code == 1
    assert "--contact: expected a mailto: address" in capsys.readouterr().err


def test_the_publish_workflow_sends_reports_to_the_repositorys_issue_form() -> None:
    workflow = (ROOT / ".github" / "workflows" / "publish.yml").read_text("utf-8")
    build_step = workflow[workflow.index("briefing build") :].split("\n      - ", 1)[0]
    assert '--contact "${{ github.server_url }}/${{ github.repository }}/issues/new"' in build_step
    policy = (ROOT / "content" / "pages" / "corrections-policy.md").read_text("utf-8")
    assert "example.org" not in policy  # no address that receives nothing


def test_sources_say_what_their_report_does_not_give(tmp_path: Path) -> None:
    code, out = build(tmp_path)
    assert code == 0
    page = html.fromstring((out / "briefs/known/index.html").read_bytes())
    metas = [" ".join(m.text_content().split()) for m in page.xpath("//span[@class='source-meta']")]
    assert metas == [
        "· outlet not named · Ada Lovelace · 30 April 2024",
        "· Example Weekly · author not named · date not given",
    ]
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    item = feed.entries[0].content[0].value
    assert "outlet not named · Ada Lovelace · 30 April 2024" in item
    assert "Example Weekly · author not named · date not given" in item


def test_the_about_page_promises_only_what_sources_show() -> None:
    about = (ROOT / "content" / "pages" / "about.md").read_text("utf-8")
    assert "by outlet, author and date" not in about
    assert '"outlet not named"' in about and '"date not given"' in about


def test_feed_addresses_wrap_only_after_a_slash(tmp_path: Path) -> None:
    code, out = build(tmp_path)
    assert code == 0
    page = (out / "feeds/index.html").read_text("utf-8")
    tree = html.fromstring(page)
    codes = tree.xpath("//dl[@class='feed-list']//code")
    assert codes
    for code_element in codes:
        inner = html.tostring(code_element, encoding="unicode")
        text = code_element.text_content()
        assert inner.count("<wbr>") == text.count("/"), text  # a break point after each "/"
        for piece in inner.split("<wbr>")[:-1]:
            assert piece.endswith("/")
    assert (
        "https:/<wbr>/<wbr>example.org/<wbr>tags/<wbr>deepfakes-and-synthetic-media/<wbr>feed.xml"
        in page
    )
    css = (ROOT / "templates" / "assets" / "style.css").read_text("utf-8")
    rule = next(line for line in css.splitlines() if line.startswith(".feed-list code"))
    assert "anywhere" not in rule  # no break inside a word while a slash is left
