"""Command line: argument parsing only; BuildFailed becomes path:line lines and exit 1."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from . import __version__
from .build import Options, Result, build, load
from .errors import BuildFailed, summary_line


def _when(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an ISO date and time, got {value!r}") from None
    if parsed.tzinfo is None:
        raise argparse.ArgumentTypeError(f"give a UTC offset, e.g. {value}+00:00")
    return parsed


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
    b.add_argument("--drafts", action="store_true", help="include briefs marked draft: true")
    b.add_argument("--now", type=_when, help="pin the clock (ISO datetime with offset)")
    b.add_argument("--quiet", action="store_true", help="print only errors")

    c = commands.add_parser("check", help="validate everything, write nothing")
    _common(c)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    parser.add_argument("--config", type=Path, default=Path("site.yaml"), help="settings file")


def _report(result: Result) -> str:
    site, report = result.site, result.report
    written = f", {report.written} written, {report.removed} removed" if report else ""
    held = f"; held back until their date: {len(site.held_back)}" if site.held_back else ""
    return (
        f"built {len(site.articles)} briefs, {len(site.pages)} pages, {len(site.tags)} tags: "
        f"{result.files} files{written} in {result.seconds:.2f}s{held}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            options = Options(
                args.content, args.output, args.config, args.base_url, args.drafts, args.now
            )
            result = build(options)
            if not args.quiet:
                for article in result.site.held_back:
                    print(f"scheduled: {article.path} (publishes {article.date.isoformat()})")
                print(_report(result))
        elif args.command == "check":
            _, _, site = load(Options(args.content, config=args.config, drafts=True))
            print(f"ok: {len(site.articles) + len(site.held_back)} briefs, {len(site.pages)} pages")
    except BuildFailed as failed:
        for error in failed.errors:
            print(error, file=sys.stderr)
        print(summary_line(len(failed.errors)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
