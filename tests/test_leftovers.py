"""What another generator left in a body is a located warning in build and check, never in
code; nothing in content/ is ignored in silence; `.html` aliases; summaries shown plain."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_site

from generator.commands.cli import main

NOW = "2024-06-01T00:00:00+00:00"

LEFTOVERS = """---
title: "Leftovers"
date: 2024-01-01
id: "tag:t,2024:left"
---
Intro paragraph.

# A level-one heading

Release {{ site.version }} is out {% include note.html %}.

{{< youtube abc >}} and a link {filename}/x.md and :tada: here.

<figure>![A picket line](picket.jpg)</figure>

Setext title
============

```liquid
{% for x in y %}{{ x }} :tada:
# not a heading
```

Inline `{{ code }}` and `:tada:` stay quiet; so do 10:30:00 and :not_an_emoji:.
"""

EXPECTED = [
    "content/briefs/left.md:8: warning: a level-1 heading",
    "content/briefs/left.md:10: warning: a template expression '{{ site.version }}'",
    "content/briefs/left.md:10: warning: a template tag '{% include note.html %}'",
    "content/briefs/left.md:12: warning: a Hugo shortcode '{{< youtube abc >}}'",
    "content/briefs/left.md:12: warning: a Pelican link placeholder '{filename}'",
    "content/briefs/left.md:12: warning: an emoji shortcode ':tada:'",
    "content/briefs/left.md:14: warning: Markdown image syntax shown as text",
    "content/briefs/left.md:17: warning: a level-1 heading",
]


def _run(command: str, content: Path, config: Path, tmp_path: Path) -> int:
    args = [command, "--content", str(content), "--config", str(config)]
    if command == "build":
        args += ["--output", str(tmp_path / "site"), "--no-cache", "--now", NOW, "--quiet"]
    return main(args)


@pytest.mark.parametrize("command", ["build", "check"])
def test_leftovers_are_located_warnings_outside_code(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    content, config = write_site(tmp_path, {"left.md": LEFTOVERS})
    assert _run(command, content, config, tmp_path) == 0  # warnings never fail a build
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "left.md" in line]
    for expected in EXPECTED:
        assert any(line.startswith(expected) for line in lines), (expected, lines)
    # nothing from the fenced code, the inline code, the times or the unknown name
    assert len(lines) == len(EXPECTED), lines


def test_a_clean_body_has_no_leftover_warning(tmp_path: Path, capsys) -> None:
    body = '---\ntitle: "Clean"\ndate: 2024-01-01\nid: "tag:t,2024:c"\n---\n## Fine\n\nA [link](https://x.org/).\n'
    content, config = write_site(tmp_path, {"clean.md": body})
    assert _run("check", content, config, tmp_path) == 0
    assert "warning" not in capsys.readouterr().err


def test_markdown_files_are_read_and_other_files_are_named(tmp_path: Path, capsys) -> None:
    content, config = write_site(
        tmp_path, {"2024-01-02-jekyll-post.markdown": '---\ntitle: "J"\ndate: 2024-01-02\n---\nx\n'}
    )
    (content / "briefs" / "notes.txt").write_text("stray\n")
    (content / "briefs" / "_posts").mkdir()
    (content / "briefs" / "_posts" / "old.html").write_text("<p>x</p>\n")
    (content / "briefs" / "picket.jpg").write_bytes(b"not checked here")
    (content / "briefs" / ".DS_Store").write_bytes(b"")
    (content / "pages" / "about.textile").write_text("x\n")
    assert _run("build", content, config, tmp_path) == 0
    err = capsys.readouterr().err
    assert (tmp_path / "site" / "briefs" / "jekyll-post" / "index.html").is_file()
    for path in ("briefs/notes.txt", "briefs/_posts/old.html", "pages/about.textile"):
        assert f"content/{path}:1: warning: not read: neither a brief" in err
    assert "picket.jpg" not in err and "DS_Store" not in err
    assert _run("check", content, config, tmp_path) == 0
    assert "content/briefs/notes.txt:1: warning: not read" in capsys.readouterr().err


def test_html_aliases_are_written_as_that_file_for_briefs_and_pages(tmp_path: Path) -> None:
    brief = '---\ntitle: "Moved"\ndate: 2024-01-01\naliases: [/2024/01/moved.html, /old/]\n---\nx\n'
    content, config = write_site(tmp_path, {"moved.md": brief})
    (content / "pages" / "about.md").write_text(
        '---\ntitle: "About"\naliases: [/about.html]\n---\nAbout.\n'
    )
    assert _run("build", content, config, tmp_path) == 0
    site = tmp_path / "site"
    old = (site / "2024" / "01" / "moved.html").read_text()
    assert 'url=../../briefs/moved/"' in old and "This brief has moved" in old
    assert (site / "old" / "index.html").is_file()
    about = (site / "about.html").read_text()
    assert 'url=about/"' in about and "This page has moved" in about


@pytest.mark.parametrize(
    "alias", ["/x.php", "/x.html/y", "/a/../b.html", "/x.html?y", "/.html/../x.html"]
)
def test_only_folder_and_html_aliases(tmp_path: Path, alias: str, capsys) -> None:
    brief = f'---\ntitle: "M"\ndate: 2024-01-01\naliases: ["{alias}"]\n---\nx\n'
    content, config = write_site(tmp_path, {"m.md": brief})
    assert _run("check", content, config, tmp_path) == 1
    assert "content/briefs/m.md:4: aliases entry:" in capsys.readouterr().err


def test_a_markdown_summary_is_shown_plain(tmp_path: Path) -> None:
    brief = (
        '---\ntitle: "S"\ndate: 2024-01-01\nsummary: "The **big** [news](https://x.org/)"\n---\nx\n'
    )
    content, config = write_site(tmp_path, {"s.md": brief})
    assert _run("build", content, config, tmp_path) == 0
    page = (tmp_path / "site" / "briefs" / "s" / "index.html").read_text()
    assert 'content="The big news"' in page
    assert "**" not in page
