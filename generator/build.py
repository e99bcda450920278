"""A build, top to bottom: is the output already right? If not, the stages in order.

``build`` first asks the up-to-date check (standard library only, so an unchanged site
costs little more than reading its files) whether the last build's output is still
exactly right. If not, under the output folder's lock, ``_stages`` runs the stages of
``stages.py`` one after the other, each timed: read every input, parse (from the cache
where it can, pictures checked), assemble the site (every edition, with the record of where
each brief was published), render what changed into staging in each edition's language,
index it for search, encode the pictures, and commit the new site in one atomic swap; then
the links are checked (and briefs moved since the last build named) and the cache saved.
Nothing reaches the output folder unless every stage succeeded, and any failure of the
machine (disk full, read-only, permissions) becomes one ``EnvironmentProblem`` line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import write
from .errors import from_os_error
from .incremental import uptodate
from .options import Options, Progress, silent
from .timings import Clock, Lap, split

if TYPE_CHECKING:
    from .config import SiteConfig
    from .incremental.cache import Cache
    from .model import Brief, Page
    from .site import Site
    from .stages import Done, Read

__all__ = ["Options", "Progress", "Result", "Summary", "build", "check", "silent"]

# The stages a build times, in order (``build --timings FILE``, the benchmark)
STAGES = ("check", "read", "parse", "assemble", "render", "cards", "search", "pictures", "write",
          "links", "cache")  # fmt: skip

# (settings, templates, briefs, pages, site), as a build parsed and assembled them
Parsed = Callable[
    ["SiteConfig", tuple[tuple[str, str], ...], list["Brief"], list["Page"], "Site"], None
]


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
    cache_problem: str | None = None  # why an existing cache was not trusted
    warnings: tuple[str, ...] = ()  # of the machine (a cache not saved); the content's: summary
    # (stage, wall seconds, CPU seconds), in the order of STAGES: "check" (is the output
    # already right?), "read", "parse", "assemble", "render" and "cards" (one parallel stage,
    # shared out in proportion to the workers' CPU on each), "search", "pictures" (encoding
    # them or keeping them), "write", "links" (checking them), "cache" (saving it)
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
    clock.lap("check")
    if seen.stamp is not None:
        nothing = write.WriteReport(0, 0)
        seconds = time.perf_counter() - started
        return Result(Summary.from_stamp(seen.stamp), 0, nothing, seconds, timings=(*clock.laps,))
    try:
        result = _stages(options, shape, seen, progress, memory, clock, parsed)
    except OSError as exc:
        raise from_os_error(exc) from None
    timings = tuple(sorted(clock.laps, key=lambda lap: STAGES.index(lap[0])))
    return replace(result, seconds=time.perf_counter() - started, timings=timings)


def _stages(
    options: Options, shape: dict[str, Any], seen: uptodate.Check, progress: Progress,
    memory: Cache | None, clock: Clock, parsed: Parsed | None = None,
) -> Result:  # fmt: skip
    """The stages in order, like the chapters of a book: each takes what the last returned."""
    from . import published, stages
    from .editions import assemble
    from .incremental import cache

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
        if parsed is not None:  # the preview server renders pages ahead of the build
            parsed(inputs.config, inputs.files.templates, briefs, pages, site)
        clock.lap("assemble")
        with stages.staging(options.output) as staging:
            staged = stages.render(site, inputs, options, store, progress, staging)
            clock.laps += split(clock.lap(""), staged.spent)  # render, and cards within it
            stages.index(staged, inputs, options, store, staging)
            clock.lap("search")
            pictures = stages.picture_files(staged, site, inputs, options, store, staging)
            clock.lap("pictures")
            record_file = {published.FILE: published.to_bytes(record)}
            report = stages.commit(staged, inputs, options, progress, staging, record_file)
            done = staged.done(report)
            pictures.prune()
            clock.lap("write")
        cache.keep_outputs(store, staged.records)
    problems = stages.link_problems(site, briefs, done.paths, inputs.config.base_url)
    problems += published.moved(previous, site)
    warned = stages.warnings(problems, options, inputs)
    summary = Summary.of(site, done.files, done.generated, warned)
    clock.lap("links")
    warnings = _remember(options, store, inputs, site, summary, done)
    clock.lap("cache")
    return Result(summary, done.rendered, done.report, 0.0, store.problem, warnings)


def _remember(
    options: Options, store: Cache, inputs: Read, site: Site, summary: Summary, done: Done
) -> tuple[str, ...]:
    """Save the cache and the up-to-date stamp; a machine warning if they could not be."""
    from .incremental import cache

    if options.cache_dir is None:
        return ()
    try:
        if store.changed or done.rendered or store.problem:
            cache.save(options.cache_dir, store)
        write.checkpoint("cache-saved")
        due = site.next_due
        stamp = {
            "inputs": inputs.stamp,
            "templates": str(inputs.templates_dir.resolve()),
            "next_due": due.isoformat() if due else None,
            "summary": asdict(summary),
        }
        uptodate.record(options.cache_dir, stamp, options.output)
    except OSError as exc:  # the site is built and committed; only the cache is lost
        return (f"warning: {from_os_error(exc)}: cache not saved; the next build starts cold",)
    return ()


def check(options: Options) -> Site:
    """Every validation of a build (drafts and scheduled briefs included) plus a link check."""
    from . import stages

    try:
        return stages.check(replace(options, drafts=True))
    except OSError as exc:
        raise from_os_error(exc) from None
