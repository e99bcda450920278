"""The command line in-process: exit codes, messages, and what a failed build leaves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import GOOD, ROOT, fixture_args, tree, write_site

from generator.commands.cli import main


def build(content: Path, config: Path, out: Path, *extra: str) -> int:
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(out)]
    return main([*args, "--quiet", *extra])


def test_build_succeeds_and_reports_one_line(tmp_path: Path, capsys) -> None:
    assert main(fixture_args(tmp_path / "out")[:-1]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith(
        "built 5 briefs, 2 pages, 6 tags: 80 files, 80 written, 0 removed in "
    )  # 16 of them the search index; 3 a feed archive page; 1 the published record; 9 the
    # two people's pages and feeds, and the masthead
    assert re.search(r" in \d+\.\d\ds; 1 scheduled for later$", out[-1])
    assert "scheduled: content/briefs/2099-01-01-scheduled.md" in out[0]


def test_quiet_prints_nothing_on_success(tmp_path: Path, capsys) -> None:
    assert main(fixture_args(tmp_path / "out")) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_every_problem_reported_with_location_and_exit_1(tmp_path: Path, capsys) -> None:
    content, config = write_site(
        tmp_path,
        {
            "a.md": '---\ntitle: "A"\ndate: 2024-13-01\ntitel: x\n---\n',
            "b.md": "---\ntitle: [unclosed\n---\n",
            "c.md": GOOD.replace("---\nBody", "slug: c\n---\nBody"),  # at its line
        },
    )
    assert build(content, config, tmp_path / "out") == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "content/briefs/a.md:3: date: expected a date like 2023-07-26 or a date and time like "
        "2023-07-26T10:00:00+02:00, found '2024-13-01'",
        "content/briefs/a.md:4: unknown key 'titel' (did you mean 'title'?)",
        "content/briefs/b.md:2: invalid YAML: did not find expected ',' or ']'",
        "build failed: 3 problems found, nothing was written",
    ]
    assert not (tmp_path / "out").exists()


def test_duplicate_slug_is_one_error_naming_both_files(tmp_path: Path, capsys) -> None:
    content, config = write_site(
        tmp_path,
        {"2024-01-01-same.md": GOOD, "same.md": GOOD.replace("Good", "Other")},
    )
    assert build(content, config, tmp_path / "out") == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/briefs/same.md:1: slug 'same' is also used by content/briefs/2024-01-01-same.md",
        "build failed: 1 problem found, nothing was written",
    ]


def test_one_id_for_two_briefs_and_one_slug_for_two_pages_are_errors_at_their_lines(
    tmp_path: Path, capsys
) -> None:
    same_id = 'id: "tag:t,2024:one"\n'
    content, config = write_site(
        tmp_path,
        {
            "b.md": GOOD.replace("---\nBody", same_id + "---\nBody"),
            "a.md": GOOD.replace("---\nBody", same_id + "---\nBody"),
            # one slug: one error, not a second one for the ids derived from it
            "2024-01-01-c.md": GOOD,
            "c.md": GOOD.replace("---\nBody", "slug: c\n---\nBody"),  # at its line
        },
    )
    pages = content / "pages"
    (pages / "about.md").write_text('---\ntitle: "About"\n---\nUs.\n', "utf-8")
    (pages / "us.md").write_text('---\ntitle: "Us"\nslug: about\n---\nUs.\n', "utf-8")
    (pages / "s.md").write_text('---\ntitle: "S"\n\nslug: search\n---\nS.\n', "utf-8")
    assert build(content, config, tmp_path / "out") == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/briefs/b.md:4: id 'tag:t,2024:one' is also used by content/briefs/a.md",
        "content/briefs/c.md:4: slug 'c' is also used by content/briefs/2024-01-01-c.md",
        "content/pages/s.md:4: page slug 'search' is reserved for the site's own pages",
        "content/pages/us.md:3: page slug 'about' is also used by content/pages/about.md",
        "build failed: 4 problems found, nothing was written",
    ]
    assert not (tmp_path / "out").exists()


def test_failed_build_leaves_previous_site_byte_for_byte(tmp_path: Path) -> None:
    content, config = write_site(tmp_path, {"a.md": GOOD})
    out = tmp_path / "out"
    assert build(content, config, out) == 0
    before = tree(out)
    (content / "briefs" / "a.md").write_text(GOOD.replace("Body.", "Changed body."), "utf-8")
    (content / "briefs" / "bad.md").write_text("---\ntitle: x\n", "utf-8")
    assert build(content, config, out) == 1
    assert tree(out) == before


def test_template_error_is_located_and_writes_nothing(tmp_path: Path, capsys) -> None:
    templates = tmp_path / "templates"
    for source in (ROOT / "templates").rglob("*"):
        if source.is_file():
            target = templates / source.relative_to(ROOT / "templates")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    (templates / "tags.html").write_text(
        "{% extends 'base.html' %}{% block main %}{{ nope }}{% endblock %}"
    )
    content, config = write_site(tmp_path / "s", {"a.md": GOOD}, f"templates: {templates}\n")
    config.write_text(config.read_text().replace(f"templates: {ROOT / 'templates'}\n", ""))
    assert build(content, config, tmp_path / "out") == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "templates/tags.html:1: template error: 'nope' is undefined"
    )
    assert not (tmp_path / "out").exists()


def test_output_folder_not_made_by_briefing_is_refused(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {"a.md": GOOD})
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    assert build(content, config, out) == 3
    assert capsys.readouterr().err.splitlines() == [
        f"briefing: {out}: is not empty and was not made by briefing; "
        "empty it or choose another --output",
        f"build stopped: {out} was left as it was",
    ]
    assert (out / "precious.txt").read_text() == "keep me"


def test_removed_brief_disappears_from_output(tmp_path: Path) -> None:
    content, config = write_site(tmp_path, {"a.md": GOOD, "b.md": GOOD.replace("Good", "B")})
    out = tmp_path / "out"
    assert build(content, config, out) == 0
    assert (out / "briefs" / "b" / "index.html").exists()
    (content / "briefs" / "b.md").unlink()
    assert build(content, config, out) == 0
    assert not (out / "briefs" / "b").exists()


def test_drafts_build_only_with_flag(tmp_path: Path) -> None:
    assert main(fixture_args(tmp_path / "a")) == 0
    assert not (tmp_path / "a" / "briefs" / "draft").exists()
    assert main(fixture_args(tmp_path / "b", "--drafts")) == 0
    assert (tmp_path / "b" / "briefs" / "draft" / "index.html").exists()
    # and every page of a build with drafts says so; none of a build without
    banner = b"Preview: drafts are included in this build."
    assert not any(banner in data for data in tree(tmp_path / "a").values())
    pages = {  # the site's pages (an alias's redirect is no page)
        name: data
        for name, data in tree(tmp_path / "b").items()
        if name.endswith(".html") and b'http-equiv="refresh"' not in data
    }
    assert [name for name, data in pages.items() if banner not in data] == []
    assert "index.html" in pages and "briefs/basic/index.html" in pages


def test_titles_and_summaries_come_out_escaped(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(fixture_args(out)) == 0
    page = (out / "briefs" / "escaping" / "index.html").read_text("utf-8")
    assert "<angle>" not in page and "<b>markup</b>" not in page
    assert (
        '<h1 dir="auto">Titles with &lt;angle&gt; brackets, &amp; ampersands, “double” '
        "and ‘single’ quotes</h1>" in page
    )
    assert "A summary with &lt;b&gt;markup&lt;/b&gt; &amp; an ampersand stays text." in page
    home = (out / "index.html").read_text("utf-8")
    assert "&lt;angle&gt;" in home and "<angle>" not in home


def test_raw_html_in_a_body_is_sanitised(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(fixture_args(out)) == 0
    page = (out / "briefs" / "markdown-features" / "index.html").read_text("utf-8")
    body = page.split('<div class="body">', 1)[1].split("</div>\n  <section", 1)[0]
    assert "<script" not in body and "onclick" not in body and "javascript:" not in body
    assert "<table>" in body and 'id="fn:1"' in body and "<code" in body


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    assert main(fixture_args(tmp_path / "one")) == 0
    assert main(fixture_args(tmp_path / "two")) == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_links_are_relative_so_the_site_works_under_any_path(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(fixture_args(out)) == 0
    page = (out / "briefs" / "basic" / "index.html").read_text("utf-8")
    assert 'href="../../assets/style.css"' in page
    assert 'href="../markdown-features/"' in page  # a root-relative link in the body
    assert 'href="/fixture/tags/"' in (out / "404.html").read_text("utf-8")


def test_bad_usage_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--now", "yesterday"])
    assert exit_info.value.code == 2


def test_an_output_folder_from_an_older_manifest_format_is_still_ours(tmp_path: Path) -> None:
    content, config = write_site(tmp_path, {"a.md": GOOD})
    out = tmp_path / "out"
    (out / "briefs" / "old").mkdir(parents=True)
    (out / "briefs" / "old" / "index.html").write_text("stale")
    manifest = '{"files": {"briefs/old/index.html": "' + "0" * 64 + '"}}'
    (out / ".briefing-manifest.json").write_text(manifest)
    assert build(content, config, out) == 0
    assert not (out / "briefs" / "old").exists()  # ours, so removed
    assert (out / "briefs" / "a" / "index.html").exists()


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\ufffe", "\x85"])
def test_a_control_character_in_a_body_fails_the_build_at_its_line(
    tmp_path: Path, capsys, char: str
) -> None:
    content, config = write_site(tmp_path, {"x.md": GOOD + f"Line {char} two.\n"})
    assert build(content, config, tmp_path / "out") == 1
    name = {
        "\x0b": "control character U+000B (vertical tab)",
        "\x0c": "control character U+000C (form feed)",
        "\ufffe": "noncharacter U+FFFE",
        "\x85": "control character U+0085 (next line)",
    }[char]
    assert capsys.readouterr().err.splitlines()[0] == (
        f"content/briefs/x.md:6: body: {name} is not allowed"
    )
    assert not (tmp_path / "out").exists()


def test_timings_name_every_stage_in_order_with_wall_and_cpu(tmp_path: Path) -> None:
    import json

    from generator.build import STAGES

    content, config = write_site(tmp_path, {"a.md": GOOD})
    report = tmp_path / "timings.json"
    args = ["build", "--content", str(content), "--config", str(config)]
    args += ["--output", str(tmp_path / "site"), "--cache-dir", str(tmp_path / "cache")]
    args += ["--quiet", "--timings", str(report), "--now", "2024-06-01T00:00:00+00:00"]
    assert main(args) == 0
    timings = json.loads(report.read_text("utf-8"))
    assert list(timings["stages"]) == list(STAGES)
    for stage in timings["stages"].values():
        assert set(stage) == {"wall", "cpu"} and stage["wall"] >= 0 and stage["cpu"] >= 0
    assert timings["stages"]["cards"]["cpu"] > 0  # one share card drawn
    stages = timings["stages"].values()
    assert sum(s["wall"] for s in stages) <= timings["seconds"] + 0.01
    assert main(args) == 0  # nothing to do: the check is all there is
    assert list(json.loads(report.read_text("utf-8"))["stages"]) == ["check"]


def test_a_template_failure_is_named_by_its_template_not_by_the_errors_own_name() -> None:
    """An error that carries a `name` of its own (an attribute's, a module's) raised where no
    template's frame is left to locate it: the message does not take that name for a
    template's."""
    from generator.render.templating import template_error

    try:
        raise AttributeError("'Brief' object has no attribute 'nope'", name="nope", obj=None)
    except AttributeError as exc:
        error = template_error(exc, ["brief.html"])
    assert str(error) == (
        "templates/?:1: template error: AttributeError: 'Brief' object has no attribute 'nope'"
    )
