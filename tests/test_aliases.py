"""`aliases:` old addresses of a brief: each a small redirect page to where the brief lives
now, never in the sitemap or a feed, and never over another page's address."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_site

from generator.commands.cli import main

HEAD = '---\ntitle: "{title}"\ndate: 2024-01-0{day}\nid: "tag:t,2024:{day}"\n'


def brief(title: str, day: int, extra: str = "", body: str = "Body.") -> str:
    return HEAD.format(title=title, day=day) + f"tags: [Pay]\n{extra}---\n{body}\n"


def build(content: Path, config: Path, out: Path, *extra: str) -> int:
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(out)]
    return main([*args, "--quiet", "--no-cache", *extra])


def problems(tmp_path: Path, capsys, briefs: dict[str, str], pages: dict[str, str]) -> list[str]:
    content, config = write_site(tmp_path, briefs)
    for name, text in pages.items():
        (content / "pages" / name).write_text(text)
    assert build(content, config, tmp_path / "out", "--now", "2024-01-05T00:00:00+00:00") == 1
    assert not (tmp_path / "out").exists()
    return capsys.readouterr().err.splitlines()


def test_an_alias_is_a_redirect_page_to_the_brief(tmp_path: Path) -> None:
    aliases = 'aliases: ["/briefs/old-name/", "/2024/01/old/"]\nlang: it\n'
    content, config = write_site(
        tmp_path, {"new-name.md": brief("Salari & <turni>", 1, aliases)}, "language: en\n"
    )
    config.write_text(config.read_text().replace("https://example.org/", "https://ex.org/news/"))
    out = tmp_path / "out"
    assert build(content, config, out) == 0
    assert (out / "briefs" / "old-name" / "index.html").read_text() == (
        "<!doctype html>\n"
        '<html lang="it">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        "<title>Moved: Salari &amp; &lt;turni&gt; · T</title>\n"
        '<meta name="robots" content="noindex">\n'
        '<link rel="canonical" href="https://ex.org/news/briefs/new-name/">\n'
        '<meta http-equiv="refresh" content="0; url=../new-name/">\n'
        "</head>\n"
        "<body>\n"
        '<p>This brief has moved to <a href="../new-name/">Salari &amp; &lt;turni&gt;</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )
    deeper = (out / "2024" / "01" / "old" / "index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../../../briefs/new-name/">' in deeper
    assert '<a href="../../../briefs/new-name/">' in deeper


def test_redirect_pages_are_in_no_sitemap_or_feed(tmp_path: Path) -> None:
    aliases = 'aliases: ["/briefs/old-name/"]\n'
    content, config = write_site(tmp_path, {"new-name.md": brief("Moved", 1, aliases)})
    out = tmp_path / "out"
    assert build(content, config, out) == 0
    assert (out / "briefs" / "old-name" / "index.html").is_file()
    for name in ("sitemap.xml", "feed.xml", "atom.xml", "feed.json", "tags/pay/feed.xml"):
        text = (out / name).read_text()
        assert "briefs/new-name/" in text, name  # the brief is there, under its new address
        assert "old-name" not in text, name


def test_a_link_to_an_old_address_passes_the_link_check(tmp_path: Path, capsys) -> None:
    briefs = {
        "new-name.md": brief("Moved", 1, 'aliases: ["/briefs/old-name/"]\n'),
        "other.md": brief("Other", 2, body="See [the old one](/briefs/old-name/)."),
    }
    content, config = write_site(tmp_path, briefs)
    assert main(["check", "--content", str(content), "--config", str(config)]) == 0
    assert capsys.readouterr().out == "ok: 2 briefs, 0 pages, links checked\n"


def test_drafts_and_scheduled_briefs_get_no_redirect_yet(tmp_path: Path) -> None:
    briefs = {
        "draft.md": brief("Draft", 1, 'aliases: ["/briefs/old-draft/"]\ndraft: true\n'),
        "later.md": brief("Later", 2, 'aliases: ["/briefs/old-later/"]\n'),
    }
    content, config = write_site(tmp_path, briefs)
    out = tmp_path / "out"
    assert build(content, config, out, "--now", "2024-01-01T12:00:00+00:00") == 0
    assert not (out / "briefs" / "old-draft").exists()
    assert not (out / "briefs" / "old-later").exists()


def test_an_alias_over_any_other_address_is_an_error_at_its_line(tmp_path: Path, capsys) -> None:
    briefs = {
        "a.md": brief("A", 1, 'aliases: ["/briefs/b/", "/about/", "/tags/pay/", "/old/"]\n'),
        "b.md": brief("B", 2, "aliases:\n  - /old/\n  - /briefs/b/\n  - /old/\n"),
        "later.md": brief("Later", 9, 'aliases: ["/x/"]\n'),
        "c.md": brief("C", 3, 'aliases: ["/briefs/later/"]\n'),
    }
    pages = {"about.md": '---\ntitle: "About"\n---\nHi.\n'}
    assert problems(tmp_path, capsys, briefs, pages) == [
        "content/briefs/a.md:6: aliases entry: '/about/' is already the address of "
        "content/pages/about.md",
        "content/briefs/a.md:6: aliases entry: '/briefs/b/' is already the address of "
        "content/briefs/b.md",
        "content/briefs/a.md:6: aliases entry: '/tags/pay/' is already the address of "
        "the site's own page 'Tagged Pay'",
        "content/briefs/b.md:7: aliases entry: '/old/' is already the address of "
        "an alias of content/briefs/a.md (line 6)",
        "content/briefs/b.md:8: aliases entry: '/briefs/b/' is already the address of "
        "content/briefs/b.md",
        "content/briefs/b.md:9: aliases entry: '/old/' is already the address of "
        "an alias of content/briefs/a.md (line 6)",
        "content/briefs/c.md:6: aliases entry: '/briefs/later/' is already the address of "
        "the scheduled brief content/briefs/later.md",
        "build failed: 7 problems found, nothing was written",
    ]


def test_an_alias_over_a_listing_page_is_an_error(tmp_path: Path, capsys) -> None:
    briefs = {f"b{n}.md": brief(f"B{n}", n) for n in range(1, 4)}
    briefs["b1.md"] = brief("B1", 1, 'aliases: ["/page/2/"]\n')
    content, config = write_site(tmp_path, briefs, "per_page: 2\n")
    assert build(content, config, tmp_path / "out") == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/briefs/b1.md:6: aliases entry: '/page/2/' is already the address of "
        "the site's own page 'T (page 2 of 2)'",
        "build failed: 1 problem found, nothing was written",
    ]


@pytest.mark.parametrize(
    ("alias", "problem"),
    [
        ("https://old.example/x/", "expected a path on this site like '/briefs/old-name/', "
         "not an address"),
        ("//old.example/x/", "expected a path on this site like '/briefs/old-name/', "
         "not an address"),
        ("javascript:alert(1)", "expected a path on this site like '/briefs/old-name/', "
         "not an address"),
        ("briefs/old/", "expected a path from the site's root like '/briefs/old-name/'"),
        ("/briefs/old.php", "expected a folder path ending in '/' like '/briefs/old-name/', "
         "or a page file like '/2023/old-name.html'"),
        ("/", "expected a folder path ending in '/' like '/briefs/old-name/', "
         "or a page file like '/2023/old-name.html'"),
        ("/briefs/../about/", "'.' and '..' are not allowed in a path"),
        ("/briefs/./old/", "'.' and '..' are not allowed in a path"),
        ("/briefs//old/", "use only letters, digits and '-', '.', '_', '~' between the '/'"),
        ("/briefs/old name/", "use only letters, digits and '-', '.', '_', '~' between the '/'"),
        ("/briefs/old?x=1/", "use only letters, digits and '-', '.', '_', '~' between the '/'"),
    ],
)  # fmt: skip
def test_an_alias_must_be_a_folder_path_on_the_site(
    tmp_path: Path, capsys, alias: str, problem: str
) -> None:
    text = brief("A", 1, f"aliases:\n  - '{alias}'\n")
    assert problems(tmp_path, capsys, {"a.md": text}, {}) == [
        f"content/briefs/a.md:7: aliases entry: {problem}, found '{alias}'",
        "build failed: 1 problem found, nothing was written",
    ]


def test_aliases_must_be_a_list(tmp_path: Path, capsys) -> None:
    text = brief("A", 1, "aliases: /briefs/old/\n")
    assert problems(tmp_path, capsys, {"a.md": text}, {}) == [
        "content/briefs/a.md:6: aliases: expected a list like [a, b], found '/briefs/old/'",
        "build failed: 1 problem found, nothing was written",
    ]
