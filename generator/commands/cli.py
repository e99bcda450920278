"""Command line: argument parsing only; BuildFailed becomes path:line lines and exit 1."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .. import __version__

if TYPE_CHECKING:  # the build machinery is imported only when there is work to do
    from ..build import Result
    from ..options import Progress


def _when(value: str) -> datetime:
    """``--now``: a date and time with a UTC offset, written as the contract writes dates."""
    from ..fields import WHEN_RE

    example = "2024-06-01T09:30:00+02:00"
    try:
        if not WHEN_RE.match(value):
            raise ValueError
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date and time with a UTC offset like {example}, got {value!r}"
        ) from None
    if parsed.tzinfo is None:
        suggested = f"{value}T00:00:00+00:00" if "T" not in value else f"{value}+00:00"
        raise argparse.ArgumentTypeError(f"give a UTC offset, e.g. {suggested}")
    return parsed


def _default_jobs() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def _port(value: str) -> int:
    if not value.isdigit() or not 0 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {value!r}")
    return int(value)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Build The AI & Labor Briefing.")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    b = commands.add_parser("build", help="build the site into the output folder")
    _common(b)
    b.add_argument(
        "--output", type=Path, default=Path("site"), help="output folder (default: site)"
    )
    b.add_argument("--base-url", help="override base_url from site.yaml")
    b.add_argument(
        "--contact", help="override contact from site.yaml (where readers report errors)"
    )
    b.add_argument("--drafts", action="store_true", help="include briefs marked draft: true")
    b.add_argument("--now", type=_when, help="pin the clock (ISO datetime with offset)")
    b.add_argument("--quiet", action="store_true", help="print only errors")
    where = b.add_mutually_exclusive_group()
    where.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(".cache/briefing"),
        help="persistent build cache (default: .cache/briefing)",
    )
    where.add_argument("--no-cache", action="store_true", help="build from scratch, keep no cache")
    b.add_argument(
        "--jobs",
        type=_jobs,
        default=_default_jobs(),
        help="worker processes (default: the number of cores)",
    )
    b.add_argument(
        "--timings",
        type=Path,
        metavar="FILE",
        help="write the build's seconds per stage to FILE as JSON (for benchmarks)",
    )

    c = commands.add_parser("check", help="validate everything and check links; write nothing")
    c.add_argument("--now", type=_when, help="check at this time (ISO datetime with offset)")
    c.add_argument(
        "--output",
        type=Path,
        default=Path("site"),
        help="the published output, to name briefs moved since it was built (default: site)",
    )
    _common(c)

    n = commands.add_parser("new", help="scaffold a draft brief and print its path")
    n.add_argument("title", help="the brief's title")
    n.add_argument("--tags", default="", help="comma-separated tags, e.g. Netflix,Hiring")
    n.add_argument("--now", type=_when, help="date the brief at this time instead of now")
    _common(n)

    i = commands.add_parser(
        "ids", help="write a permanent id into every brief that has none (the one it has now)"
    )
    _common(i)

    f = commands.add_parser(
        "feeds", help="print the absolute URL of every feed the site publishes, one a line"
    )
    f.add_argument("--base-url", help="override base_url from site.yaml")
    f.add_argument("--hub", action="store_true", help="print the websub_hub instead (or nothing)")
    _common(f)

    m = commands.add_parser(
        "import", help="write briefs and pages from a Pelican, Jekyll or Hugo site's folder"
    )
    m.add_argument("generator", choices=("pelican", "jekyll", "hugo"), help="the old generator")
    m.add_argument("site", type=Path, help="the old site's folder (its settings and sources)")
    m.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    _common(m)

    s = commands.add_parser("serve", help="preview on 127.0.0.1 with live reload")
    s.add_argument("--port", type=_port, default=8000, help="port (default 8000; 0 picks one)")
    _common(s)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    parser.add_argument("--config", type=Path, default=Path("site.yaml"), help="settings file")


def _report(result: Result) -> str:
    summary, report = result.summary, result.report
    partly = f" ({result.rendered} rendered)" if result.rendered < summary.generated else ""
    held = f"; {len(summary.scheduled)} scheduled for later" if summary.scheduled else ""
    return (
        f"built {summary.briefs} briefs, {summary.pages} pages, {summary.tags} tags: "
        f"{summary.files} files{partly}, {report.written} written, {report.removed} removed "
        f"in {result.seconds:.2f}s{held}"
    )


def _terminal_progress(stream: TextIO) -> Progress:
    """A one-line progress display, redrawn in place (only used on a terminal)."""

    def show(stage: str, done: int, total: int) -> None:
        if total >= 200 and (done == total or done % 50 == 0):
            stream.write(f"\r{stage}: {done}/{total}\x1b[K")
            if stage == "write":
                stream.write("\r\x1b[K")
            stream.flush()

    return show


def _build(args: argparse.Namespace) -> None:
    from ..build import build
    from ..options import Options, silent

    cache_dir = None if args.no_cache else args.cache_dir
    options = Options(args.content, args.output, args.config, args.base_url, args.drafts, args.now,
                      cache_dir, args.jobs, args.contact)  # fmt: skip
    quiet = args.quiet or not sys.stderr.isatty()
    result = build(options, silent if quiet else _terminal_progress(sys.stderr))
    for line in (*result.summary.warnings, *result.warnings):
        print(line, file=sys.stderr)  # warnings never change the exit status
    if args.timings is not None:
        stages = {name: {"wall": round(wall, 4), "cpu": round(cpu, 4)}
                  for name, wall, cpu in result.timings}  # fmt: skip
        report = {"seconds": round(result.seconds, 4), "stages": stages}
        args.timings.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if not args.quiet:
        if result.cache_problem:
            print(f"cache {result.cache_problem}: rebuilt from scratch")
        for path, when in result.summary.scheduled:
            print(f"scheduled: {path} (publishes {when})")
        print(_report(result))


def _new(args: argparse.Namespace) -> None:
    from ..config import parse_config
    from ..sources import read_config
    from .scaffold import new_brief

    config_file = read_config(args.content, args.config)
    config = parse_config(config_file.path, config_file.data)
    tags = [t.strip() for t in args.tags.split(",") if t.strip()]
    slug, text = new_brief(args.title, tags, config, args.now or datetime.now(config.zone))
    path = args.content / "briefs" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        from ..errors import BuildFailed, ContentError

        raise BuildFailed([ContentError(str(path), 1, "already exists; not overwritten")]) from None
    print(path)


def _ids(args: argparse.Namespace) -> int:
    from ..errors import EXIT_CONTENT, EXIT_OK
    from .ids import run

    outcome = run(args.content, args.config)
    for path, given in outcome.written:
        print(f"{path}: id: {given}")
    for error in outcome.errors:
        print(error, file=sys.stderr)
    if outcome.errors:
        count = len(outcome.errors)
        noun = "problem" if count == 1 else "problems"
        print(f"ids: {count} {noun} found; those briefs were left as they were", file=sys.stderr)
        return EXIT_CONTENT
    if not outcome.written:
        print("every brief already has an id")
    return EXIT_OK


def _feeds(args: argparse.Namespace) -> None:
    """What the publish workflow pings a WebSub hub with: the hub, or every feed's URL."""
    from ..config import parse_config
    from ..options import Options
    from ..render.discovery import feed_urls
    from ..sources import read_config
    from ..stages import load

    if args.hub:
        config_file = read_config(args.content, args.config)
        config = parse_config(config_file.path, config_file.data, args.base_url)
        if config.websub_hub:
            print(config.websub_hub)
        return
    inputs, site = load(Options(args.content, config=args.config, base_url=args.base_url))
    for url in feed_urls(site, inputs.config):
        print(url)


def _import(args: argparse.Namespace) -> int:
    from ..config import parse_config
    from ..errors import EXIT_CONTENT, EXIT_OK
    from ..importer import ImportFailed, run
    from ..sources import read_config

    config_file = read_config(args.content, args.config)
    config = parse_config(config_file.path, config_file.data)
    try:
        outcome = run(args.generator, args.site, args.content, config.id_authority, args.dry_run)
    except ImportFailed as failed:
        print(f"briefing import: {failed}; nothing written", file=sys.stderr)
        return EXIT_CONTENT
    for note in outcome.notes:
        print(note)
    print(outcome.closing(args.dry_run))
    return EXIT_OK


def _on_sigterm(signum: int, frame: object) -> None:
    from ..errors import Interrupted

    raise Interrupted(signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status says how it ended (see generator/errors.py)."""
    args = _parser().parse_args(argv)
    from ..errors import (
        EXIT_CONTENT,
        EXIT_ENVIRONMENT,
        EXIT_SIGINT,
        EXIT_SIGTERM,
        BuildFailed,
        EnvironmentProblem,
        Interrupted,
        from_os_error,
        summary_line,
    )

    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        try:
            return _command(args)
        except OSError as exc:  # anything the commands did not name themselves
            raise from_os_error(exc) from None
    except BuildFailed as failed:
        for error in failed.errors:
            print(error, file=sys.stderr)
        print(summary_line(len(failed.errors), args.command), file=sys.stderr)
        return EXIT_CONTENT
    except EnvironmentProblem as problem:
        print(f"briefing: {problem}", file=sys.stderr)
        left = f"{args.output} was left as it was" if args.command == "build" else "nothing written"
        print(f"{args.command} stopped: {left}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        print(f"\nbriefing: interrupted; {_untouched(args)}", file=sys.stderr)
        return EXIT_SIGINT
    except Interrupted:
        print(f"briefing: terminated; {_untouched(args)}", file=sys.stderr)
        return EXIT_SIGTERM
    finally:
        signal.signal(signal.SIGTERM, previous)


def _untouched(args: argparse.Namespace) -> str:
    if args.command == "build":
        return f"{args.output} holds the last complete site, old or new, never a mix"
    return "nothing was written"


def _command(args: argparse.Namespace) -> int:
    if args.command == "build":
        _build(args)
    elif args.command == "check":
        from ..build import check
        from ..editions import behind_warnings
        from ..leftovers import ignored
        from ..options import Options
        from ..site import id_warnings, leftover_warnings
        from ..sources import ignored_files

        site = check(Options(args.content, args.output, config=args.config, now=args.now))
        unread = ignored_files(args.content, "briefs") + ignored_files(args.content, "pages")
        warned = (*id_warnings(site), *behind_warnings(site), *leftover_warnings(site))
        for line in (*warned, *ignored(unread)):
            print(line, file=sys.stderr)
        every = site.every_edition
        briefs = sum(len(e.briefs) for e in every) + len(site.held_back)
        pages = sum(len(e.pages) for e in every)
        print(f"ok: {briefs} briefs, {pages} pages, links checked")
    elif args.command == "new":
        _new(args)
    elif args.command == "ids":
        return _ids(args)
    elif args.command == "feeds":
        _feeds(args)
    elif args.command == "import":
        return _import(args)
    elif args.command == "serve":
        from ..options import Options
        from .serve import serve

        return serve(Options(args.content, config=args.config), args.port)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
