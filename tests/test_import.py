"""`briefing import pelican|jekyll|hugo`: three small sites written for these tests, one per
generator, each built after the import; every old address must answer; nothing of the old
syntax may reach a page; a second import changes nothing; a site it cannot read is one line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, tree, write_site

from generator import urls
from generator.commands.cli import main
from generator.importer import mapping

SITES = ROOT / "tests" / "fixtures" / "import"

# Every address each old site served a post or page at (by its generator's rules, its
# settings and each file's permalink, url, save_as, redirect_from and aliases), and the
# new address it must lead to.
OLD_ADDRESSES = {
    "pelican": {
        "/posts/2023/robots-at-the-warehouse.html": "/briefs/robots-at-the-warehouse/",
        "/posts/2023/Second_Look.html": "/briefs/second-look/",
        "/about.html": "/about-us/",
    },
    "jekyll": {
        "/release/news/2023/05/10/Release_Notes.html": "/briefs/release-notes/",
        "/2023/05/old-release/": "/briefs/release-notes/",
        "/hello/": "/briefs/hello-world/",
        "/about.html": "/about/",
    },
    "hugo": {
        "/posts/bundle-post/": "/briefs/bundle-post/",
        "/old/bundle/": "/briefs/bundle-post/",
        "/2023/07/market-report/": "/briefs/market-report/",
        "/contact-us/": "/contact/",
    },
}
# What no page may show: template tags, shortcodes, placeholders and Markdown as text.
LEFTOVER_RE = re.compile(
    r"\{%|%\}|\{\{|\}\}|\{filename\}|\|filename\||\{static\}|\{tag\}|:tada:|:smile:|!\[|\]\("
)


def _import(tmp_path: Path, generator: str, *extra: str) -> tuple[Path, Path, int]:
    content, config = write_site(tmp_path, {}, "id_authority: imported\nrequire_ids: true\n")
    code = main(["import", generator, str(SITES / generator), "--content", str(content),
                 "--config", str(config), *extra])  # fmt: skip
    return content, config, code


def _build(content: Path, config: Path, output: Path) -> int:
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(output)]
    return main([*args, "--no-cache", "--quiet", "--now", "2024-06-01T00:00:00+00:00"])


def _visible(html: str) -> str:
    """A page's text and attributes as a reader's browser shows them, code aside."""
    html = re.sub(r"<(pre|code|script)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<!--.*?-->", " ", html, flags=re.S)


@pytest.mark.parametrize("generator", sorted(OLD_ADDRESSES))
def test_an_imported_site_builds_and_keeps_every_old_address(
    tmp_path: Path, generator: str, capsys: pytest.CaptureFixture[str]
) -> None:
    content, config, code = _import(tmp_path, generator)
    assert code == 0
    report = capsys.readouterr().out
    assert re.search(r"^imported \d+ briefs, \d+ pages, \d+ warnings?", report, re.M)
    output = tmp_path / "site"
    assert _build(content, config, output) == 0, capsys.readouterr().err
    for old, new in OLD_ADDRESSES[generator].items():
        answer = output / urls.output_path(old)
        assert answer.is_file(), f"{old} does not answer"
        page = answer.read_text("utf-8")
        if old != new:  # a redirect to the new address (relative, so any base URL works)
            assert 'http-equiv="refresh"' in page
            target = re.search(r'url=([^"]+)"', page)
            assert target is not None
            resolved = (answer.parent / target.group(1)).resolve()
            assert (resolved / "index.html").is_file() or resolved.is_file()
            assert resolved == (output / new.strip("/")).resolve()
    for page in output.rglob("*.html"):
        visible = _visible(page.read_text("utf-8"))
        found = LEFTOVER_RE.search(visible)
        assert found is None, f"{page}: {visible[found.start() - 60 : found.end() + 60]}"


def test_the_pelican_mapping_and_conversions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, _, _ = _import(tmp_path, "pelican")
    report = capsys.readouterr().out
    first = (content / "briefs" / "2023-03-01-robots-at-the-warehouse" / "index.md").read_text()
    assert "title: Robots at the *warehouse*" in first
    assert "date: '2023-03-01T09:30:00+01:00'" in first  # TIMEZONE from pelicanconf.py
    assert "updated: '2023-03-02T10:00:00+01:00'" in first  # Modified
    assert "id: tag:imported,2023:robots-at-the-warehouse" in first
    assert "tags: [Labor News, automation, warehouses]" in first  # Category joins Tags
    assert "authors: [Ada Example, Bo Writer]" in first
    assert "summary: Why *this* matters for pickers." in first
    assert "## Overview" in first and "\n# Overview" not in first
    assert "[second post](/briefs/second-look/)" in first  # {filename}
    assert "[about page](/about-us/)" in first
    assert "[automation tag](/tags/automation/)" in first  # {tag}
    assert "![A bar chart of hours](chart.png)" in first  # {static}, copied beside
    assert (
        content / "briefs" / "2023-03-01-robots-at-the-warehouse" / "chart.png"
    ).read_bytes() == (SITES / "pelican" / "content" / "images" / "chart.png").read_bytes()
    assert "Great news 🎉" in first
    second = (content / "briefs" / "2023-03-05-second-look.md").read_text()
    assert "(/briefs/robots-at-the-warehouse/)." not in second  # the full stop is not the path
    assert "/briefs/robots-at-the-warehouse/." in second
    draft = (content / "briefs" / "2023-04-01-not-ready.md").read_text()
    assert "draft: true" in draft and "date: '2023-04-01'" in draft  # date from the file name
    assert "content/2023-03-01-first_Post.md:8: dropped: 'template'" in report
    assert "content/notes.rst:1: warning: not imported" in report


def test_the_jekyll_mapping_and_conversions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, _, _ = _import(tmp_path, "jekyll")
    report = capsys.readouterr().out
    post = (content / "briefs" / "2023-05-10-release-notes" / "index.md").read_text()
    assert "date: '2023-05-10T14:00:00-04:00'" in post
    assert "updated: '2023-05-11T08:00:00-04:00'" in post  # last_modified_at
    # categories (a string) and tags; "news" is spelt as the site first spelt it ("News")
    assert "tags: [release, News, software]" in post
    assert "authors: [Cy Writer]" in post  # author, a string
    assert "summary: The **big** release." in post  # excerpt
    assert "/2023/05/old-release/" in post  # redirect_from
    assert "[earlier post](/briefs/hello-world/)" in post  # post_url
    assert "[same post again](/briefs/hello-world/)" in post  # link
    assert "example/project under /docs" in post  # site.repository, site.baseurl
    assert "{{ page.title }} stays as typed" in post  # raw: kept as written, in its code
    assert "{% raw %}" not in post
    assert '```ruby\nputs "hi"\n```' in post  # highlight
    assert '![A picket line](picket.png "Workers outside")' in post  # <figure>
    assert "<!-- not converted: {% for item in site.posts %}" in post
    hello = (content / "briefs" / "2023-05-01-hello-world.md").read_text()
    assert "Hello 😄 world." in hello
    assert "tags: [News]" in hello and "summary: First post." in hello
    assert "_posts/2023-05-10-Release_Notes.markdown:2: dropped: 'layout'" in report
    assert re.search(r"Release_Notes\.markdown:29: warning: '\{% for", report)
    assert "_posts/undated-post.md:1: warning: not imported" in report
    assert not (content / "briefs" / "2023-05-01-readme.md").exists()  # no front matter


def test_the_hugo_mapping_and_conversions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, _, _ = _import(tmp_path, "hugo")
    report = capsys.readouterr().out
    bundle = content / "briefs" / "2023-06-01-bundle-post"
    post = (bundle / "index.md").read_text()
    assert (bundle / "photo.png").is_file()  # the bundle's files come along
    assert (bundle / "logo.png").is_file()  # a file of static/ the body links to
    assert "date: '2023-06-01T08:00:00+00:00'" in post  # TOML front matter
    assert "updated: '2023-06-02T08:00:00+00:00'" in post  # lastmod
    assert "tags: [photos, Features]" in post
    assert "authors: [Di Writer]" in post
    assert '![A blue square](photo.png "Our photo")' in post  # figure
    assert "See /briefs/market-report/ and" in post  # ref
    assert '```go\nfmt.Println("hi")\n```' in post  # highlight
    assert "<!-- not converted: {{< youtube abc123 >}} -->" in post
    market = (content / "briefs" / "2023-07-01-market-report.md").read_text()
    assert "lang: en" in market and "summary: Numbers from the market." in market
    assert "## Heading" in market  # a setext level-1 heading, one level down
    assert "[the bundle](/briefs/bundle-post/)" in market  # relref
    assert "draft: true" in (content / "briefs" / "2023-08-01-draft-post.md").read_text()
    assert "content/news/market.md:8: dropped: 'weight'" in report
    assert "content/news/_index.md:1: dropped: a list page" in report


@pytest.mark.parametrize("generator", sorted(OLD_ADDRESSES))
def test_a_second_import_changes_nothing_and_overwrites_nothing(
    tmp_path: Path, generator: str, capsys: pytest.CaptureFixture[str]
) -> None:
    content, _, _ = _import(tmp_path, generator)
    first = tree(content)
    capsys.readouterr()
    assert _import(tmp_path, generator)[2] == 0
    assert tree(content) == first
    assert re.search(r"\(0 files written, \d+ unchanged\)", capsys.readouterr().out)
    edited = next(path for path in sorted(content.rglob("*.md")))
    edited.write_text(edited.read_text() + "An editor's change.\n")
    _import(tmp_path, generator)
    assert edited.read_text().endswith("An editor's change.\n")
    assert f"{edited.as_posix()}:1: warning: exists already; not overwritten" in (
        capsys.readouterr().out
    )


def test_a_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, _, code = _import(tmp_path, "jekyll", "--dry-run")
    assert code == 0
    assert not any(p.is_file() for p in content.rglob("*"))
    assert "dry run, nothing written" in capsys.readouterr().out


def test_pelicanconf_is_read_never_run(tmp_path: Path) -> None:
    site = tmp_path / "old"
    shutil.copytree(SITES / "pelican", site)
    marker = tmp_path / "ran"
    conf = site / "pelicanconf.py"
    conf.write_text(conf.read_text() + f"\nopen({str(marker)!r}, 'w').write('x')\n")
    content, config = write_site(tmp_path, {})
    assert main(["import", "pelican", str(site), "--content", str(content),
                 "--config", str(config)]) == 0  # fmt: skip
    assert not marker.exists()


@pytest.mark.parametrize(
    ("generator", "damage", "expected"),
    [
        ("pelican", lambda site: (site / "pelicanconf.py").unlink(), "pelicanconf.py: cannot read"),
        ("pelican", lambda site: (site / "pelicanconf.py").write_text("A = (\n"), "not readable"),
        ("jekyll", lambda site: (site / "_config.yml").write_text("a: [\n"), "not valid YAML"),
        ("hugo", lambda site: (site / "hugo.toml").unlink(), "not a Hugo site"),
        ("hugo", lambda site: (site / "hugo.toml").write_text("a = = 1\n"), "not readable"),
        (
            "jekyll",
            lambda site: (site / "_posts" / "2023-05-01-hello-world.md").write_text(
                "---\ntitle: [unclosed\n---\nx\n"
            ),
            "_posts/2023-05-01-hello-world.md:",
        ),
        (
            "hugo",
            lambda site: (site / "content" / "contact.md").write_bytes(b"---\ntitle: \xff\n---\n"),
            "not valid UTF-8",
        ),
        ("hugo", lambda site: shutil.rmtree(site / "content"), "content folder is missing"),
    ],
)
def test_a_site_it_cannot_read_is_one_line(
    tmp_path: Path, generator: str, damage, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "old"
    shutil.copytree(SITES / generator, site)
    damage(site)
    content, config = write_site(tmp_path, {})
    code = main(["import", generator, str(site), "--content", str(content), "--config",
                 str(config)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert expected in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not any(p.is_file() for p in (content / "briefs").rglob("*"))


def test_a_missing_site_folder_is_one_line(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {})
    code = main(["import", "hugo", str(tmp_path / "nowhere"), "--content", str(content),
                 "--config", str(config)])  # fmt: skip
    assert code == 1
    assert "no such folder" in capsys.readouterr().err


def test_the_mapping_table_is_in_the_contract() -> None:
    contract = (ROOT / "docs" / "contract.md").read_text("utf-8")
    for old, new in mapping.KEYS.items():
        assert re.search(rf"^\| `{old}` \| `{new}` \|", contract, re.M), old
