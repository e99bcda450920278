"""A build, top to bottom: is the output already right? If not, the five stages in order.

``build`` first asks the up-to-date check (standard library only, so an unchanged site
costs little more than reading its files) whether the last build's output is still
exactly right. If not, under the output folder's lock, it runs the stages of
``stages.py``: read every input, parse (from the cache where it can), assemble the
site, render what changed into staging, and commit the new site in one atomic swap.
Nothing reaches the output folder unless every stage succeeded, and any failure of the
machine (disk full, read-only, permissions) becomes one ``EnvironmentProblem`` line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import write
from .errors import from_os_error
from .incremental import uptodate
from .timings import Clock, Lap

if TYPE_CHECKING:
    from .config import SiteConfig
    from .incremental.cache import Cache
    from .model import Brief, Page
    from .site import Site

Progress = Callable[[str, int, int], None]  # (stage, done, total)
# (settings, templates, briefs, pages, site), as a build parsed and assembled them
Parsed = Callable[
    ["SiteConfig", tuple[tuple[str, str], ...], list["Brief"], list["Page"], "Site"], None
]


def silent(stage: str, done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class Options:
    content: Path = Path("content")
    output: Path = Path("site")
    config: Path = Path("site.yaml")
    base_url: str | None = None
    drafts: bool = False
    now: datetime | None = None
    cache_dir: Path | None = None  # None: no persistent cache
    workers: int = 1  # worker processes (the command line's --jobs)
    contact: str | None = None  # replaces site.yaml's contact (the command line's --contact)


@dataclass(frozen=True)
class Summary:
    """What the closing line of a build reports; kept in the stamp so a build that finds
    nothing to do can repeat it."""

    briefs: int
    pages: int
    tags: int
    files: int
    generated: int  # pages and feeds (the other files are assets)
    scheduled: tuple[tuple[str, str], ...]  # (path, ISO date) of briefs held back
    # "path:line: warning: message" lines (briefs without a permanent id, links to drafts,
    # to briefs scheduled for later or to nothing): kept in the stamp, so a build with
    # nothing to do repeats them until they are fixed
    warnings: tuple[str, ...] = ()

    @classmethod
    def of(cls, site: Site, files: int, generated: int, warnings: tuple[str, ...]) -> Summary:
        from .editions import behind_warnings
        from .site import id_warnings, leftover_warnings

        scheduled = tuple((a.path, a.date.isoformat()) for a in site.held_back)
        every = site.every_edition
        return cls(
            sum(len(e.briefs) for e in every), sum(len(e.pages) for e in every),
            sum(len(e.tags) for e in every), files, generated, scheduled,
            (*id_warnings(site), *behind_warnings(site), *leftover_warnings(site), *warnings),
        )  # fmt: skip

    @classmethod
    def from_stamp(cls, stamp: dict[str, Any]) -> Summary:
        fields = stamp["summary"]
        scheduled = tuple((str(p), str(d)) for p, d in fields["scheduled"])
        warnings = tuple(str(line) for line in fields.get("warnings", ()))
        return cls(**{**fields, "scheduled": scheduled, "warnings": warnings})


@dataclass(frozen=True)
class Result:
    summary: Summary
    rendered: int  # outputs rendered; the rest were still up to date
    report: write.WriteReport
    seconds: float
    up_to_date: bool = False  # nothing to do: the output was already right
    cache_problem: str | None = None  # why an existing cache was not trusted
    warnings: tuple[str, ...] = ()  # of the machine (a cache not saved); the content's: summary
    # (stage, wall seconds, CPU seconds), in the order of STAGES: "check" (is the output
    # already right?), "read", "parse", "assemble", "render" and "cards" (one parallel stage,
    # shared out in proportion to the workers' CPU on each), "search", "write", "links"
    # (checking them), "cache" (saving it)
    timings: tuple[Lap, ...] = ()


def build(
    options: Options,
    progress: Progress = silent,
    memory: Cache | None = None,
    parsed: Parsed | None = None,
) -> Result:
    """Build the site; the output folder changes only in one swap, and only on success.

    A long-running caller (the preview server) passes ``memory``, a cache it keeps between
    builds: it is used and updated in place instead of the cache folder; and ``parsed``,
    called with the settings, the templates, every parsed brief and page and the site once
    they are assembled without an error, so that it can render a page ahead of a build."""
    started = time.perf_counter()
    clock = Clock()
    if memory is not None:
        options = replace(options, cache_dir=None)
    shape = uptodate.shape(options)
    seen = uptodate.Check(None)
    if options.cache_dir is not None and not write.leftovers(options.output):
        seen = uptodate.check(options.cache_dir, shape, options.output, options.now)
        if seen.stamp is not None:
            nothing = write.WriteReport(0, 0, 0)
            seconds = time.perf_counter() - started
            return Result(Summary.from_stamp(seen.stamp), 0, nothing, seconds, up_to_date=True,
                          timings=(clock.lap("check"),))  # fmt: skip
    checked = clock.lap("check")
    try:
        result = _run(options, shape, seen, progress, memory, parsed)
    except OSError as exc:
        raise from_os_error(exc) from None
    timings = (checked, *result.timings)
    return replace(result, seconds=time.perf_counter() - started, timings=timings)


def _run(
    options: Options,
    shape: dict[str, Any],
    seen: uptodate.Check,
    progress: Progress,
    memory: Cache | None,
    parsed: Parsed | None = None,
) -> Result:
    from . import leftovers, links, published, stages
    from .config import is_local, reserved_warnings
    from .incremental import cache
    from .site import assemble

    clock = Clock()
    if options.cache_dir is not None:
        cache.check_folder(options.cache_dir, options.output)
    write.check_output(options.output)
    inputs = stages.read(options, shape if options.cache_dir is not None else None, seen)
    stages.check_places(options, inputs)
    clock.lap("read")
    with write.lock(options.output):
        store = memory if memory is not None else cache.load(options.cache_dir)
        briefs, pages, room = stages.parse(inputs, store, options.workers, progress)
        briefs, pages, room = stages.place_pictures(inputs, briefs, pages, store, room)
        inputs = replace(inputs, files=replace(inputs.files, briefs=(), pages=()))  # free them
        clock.lap("parse")
        now = options.now or datetime.now(inputs.config.zone)
        site = assemble(briefs, pages, now, options.drafts, inputs.config, room)
        previous = published.read(options.output.resolve())
        record = published.advance(previous, site)
        site = published.with_fresh(site, record)
        if parsed is not None:
            parsed(inputs.config, inputs.files.templates, briefs, pages, site)
        clock.lap("assemble")
        done = stages.render_and_commit(
            site, inputs, options, store, progress, {published.FILE: published.to_bytes(record)}
        )
        clock.lap("")
    problems = stages.link_problems(site, briefs, done.paths, inputs.config.base_url)
    problems += published.moved(previous, site)
    link_warnings = tuple(links.warning(problem) for problem in problems)
    if options.base_url is not None and not is_local(options.base_url):  # a production build
        link_warnings += reserved_warnings(inputs.config)
    link_warnings += leftovers.ignored(inputs.files.ignored)
    summary = Summary.of(site, done.files, done.generated, link_warnings)
    clock.lap("links")
    warnings: tuple[str, ...] = ()
    if options.cache_dir is not None:
        try:
            if store.changed or done.rendered or store.problem:
                cache.save(options.cache_dir, store)
            write.checkpoint("cache-saved")
            due = site.next_due
            uptodate.record(
                options.cache_dir,
                {
                    "inputs": inputs.stamp,
                    "templates": str(inputs.templates_dir.resolve()),
                    "next_due": due.isoformat() if due else None,
                    "summary": asdict(summary),
                },
                options.output,
            )
        except OSError as exc:  # the site is built and committed; only the cache is lost
            problem = from_os_error(exc)
            warnings += (f"warning: {problem}: cache not saved; the next build starts cold",)
    clock.lap("cache")
    timings = (*clock.laps, *done.timings)
    timings = tuple(sorted(timings, key=lambda lap: STAGES.index(lap[0])))
    return Result(summary, done.rendered, done.report, 0.0, False, store.problem, warnings,
                  timings)  # fmt: skip


STAGES = ("check", "read", "parse", "assemble", "render", "cards", "search", "pictures", "write",
          "links", "cache")  # fmt: skip


def check(options: Options) -> Site:
    """Every validation of a build (drafts and scheduled briefs included) plus a link check."""
    from . import stages

    try:
        return stages.check(replace(options, drafts=True))
    except OSError as exc:
        raise from_os_error(exc) from None
