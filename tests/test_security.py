"""Hostile input in every field a brief has must never reach a page or feed as live markup."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
from conftest import write_site
from lxml import etree

from generator.commands.cli import main

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=/x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "' onmouseover='alert(1)",
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>',
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
    "<svg><script>alert(1)</script></svg>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
]
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "form", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


def quoted(text: str) -> str:
    return json.dumps(text)


def hostile_brief(index: int, payload: str) -> str:
    body = "\n\n".join(
        [
            f"Paragraph with raw payload {payload}",
            "[a link](javascript:alert(1)) and ![an image](javascript:alert(1))",
            "[data link](data:text/html,<script>alert(1)</script>)",
            f'<div onclick="alert(1)">{payload}</div>',
            f"## Heading {payload}",
            f"> quote {payload}",
            f"| a | b |\n|---|---|\n| {payload.replace('|', '')} | x |",
        ]
    )
    return (
        "---\n"
        f"title: {quoted('Title ' + payload)}\n"
        f"date: 2024-01-{index + 1:02d}T10:00:00+01:00\n"
        f"summary: {quoted('Summary ' + payload)}\n"
        f"tags: [{quoted('Tag ' + str(index) + ' ' + payload)}]\n"
        f"authors: [{quoted('Author ' + payload)}]\n"
        "sources:\n"
        f"  - title: {quoted('Source ' + payload)}\n"
        f"    publisher: {quoted('Publisher ' + payload)}\n"
        f"    author: {quoted('Writer ' + payload)}\n"
        '    url: https://example.com/a?b=1&c="2"\n'
        "updates:\n"
        "  - date: 2024-02-01T10:00:00+01:00\n"
        "    kind: correction\n"
        # A note is Markdown too: a script link in it must go the way of the body's
        f"    note: {quoted('Note ' + payload + ' [a link](javascript:alert(1))')}\n"
        "---\n"
        f"{body}\n"
    )


def live_markup(fragment_or_page: str, where: str) -> list[str]:
    """Every dangerous element, event handler or script URL in an HTML document or fragment."""
    if not fragment_or_page.strip():
        return []
    root = lxml.html.fromstring(fragment_or_page)
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().split("}")[-1]
        if tag in DANGEROUS_TAGS and not _is_json_ld(element) and not _search_own(element, where):
            problems.append(f"{where}: <{tag}> element")
        for name, value in element.attrib.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                problems.append(f"{where}: {name} attribute on <{tag}>")
            compact = "".join(value.split()).lower()
            if lowered in URL_ATTRIBUTES and compact.startswith(BAD_SCHEMES):
                problems.append(f"{where}: {name}={value!r} on <{tag}>")
    return problems


def _search_own(element, where: str) -> bool:
    """The search page's own form (sent to itself) and its script file (no inline code)."""
    if where != "search/index.html":
        return False
    if element.tag == "form":
        return element.get("action") == "./" and element.get("method") == "get"
    src = element.get("src") or ""
    own = src == "../assets/search.js" and element.get("type") == "module"
    return element.tag == "script" and own and not (element.text or "").strip()


def _is_json_ld(element) -> bool:
    if element.tag != "script" or element.get("type") != "application/ld+json":
        return False
    text = element.text or ""
    json.loads(text)  # must be valid JSON
    return "<" not in text  # tojson escapes '<', so nothing can close the element early


def build_hostile_site(tmp_path: Path) -> Path:
    briefs = {f"b{i}.md": hostile_brief(i, p) for i, p in enumerate(PAYLOADS)}
    content, config = write_site(tmp_path, briefs)
    out = tmp_path / "out"
    assert (
        main(
            [
                "build",
                "--content",
                str(content),
                "--config",
                str(config),
                "--output",
                str(out),
                "--quiet",
                "--now",
                "2025-01-01T00:00:00+00:00",
            ]
        )
        == 0
    )
    return out


def test_no_page_carries_live_markup(tmp_path: Path) -> None:
    out = build_hostile_site(tmp_path)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > len(PAYLOADS)
    problems = []
    for page in pages:
        problems += live_markup(page.read_text("utf-8"), str(page.relative_to(out)))
    assert problems == []
    brief = (out / "briefs" / "b0" / "index.html").read_text("utf-8")
    assert "Title &lt;script&gt;alert(1)&lt;/script&gt;" in brief  # shown as text, not dropped


def test_no_feed_carries_live_markup(tmp_path: Path) -> None:
    out = build_hostile_site(tmp_path)
    problems = []
    for feed in sorted(out.rglob("*.xml")):
        tree = etree.fromstring(feed.read_bytes())
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            name = etree.QName(element).localname
            atom = etree.QName(element).namespace == "http://www.w3.org/2005/Atom"
            # RSS description and content:encoded are HTML; Atom text constructs are HTML
            # only when type="html" (plain text otherwise, which readers show as text)
            as_html = element.get("type") == "html" if atom else name in ("description", "encoded")
            if as_html and element.text:
                problems += live_markup(element.text, f"{feed.relative_to(out)} <{name}>")
    feed_json = json.loads((out / "feed.json").read_text("utf-8"))
    for item in feed_json["items"]:
        problems += live_markup(item["content_html"], f"feed.json {item['id']}")
    assert problems == []


def test_the_checker_itself_finds_live_markup() -> None:
    assert live_markup('<p onclick="x()">a</p>', "t") == ["t: onclick attribute on <p>"]
    assert live_markup('<a href=" JavaScript:alert(1)">a</a>', "t") == [
        "t: href=' JavaScript:alert(1)' on <a>"
    ]
    assert live_markup("<div><script>alert(1)</script></div>", "t") == ["t: <script> element"]
    assert live_markup('<svg onload="x()"></svg>', "t") == [
        "t: <svg> element",
        "t: onload attribute on <svg>",
    ]
