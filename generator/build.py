"""The five stages of a build, in order: read, parse, assemble, render, write.

``build`` reads every input, parses what the cache does not already hold (in
worker processes), assembles the site, renders into a staging folder only the
outputs whose recorded inputs changed, and then commits: nothing reaches the
output folder unless every stage succeeded.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from . import links, sources, urls
from .config import SiteConfig, parse_config
from .errors import BuildFailed, ContentError
from .frontmatter import decode, split
from .incremental import cache, parallel, uptodate
from .incremental.deps import TrackedSite, digest, forget, still_valid
from .model import Brief, Page
from .parse import parse_brief, parse_page
from .render.output import render_output, render_site
from .render.plan import Output, plan
from .render.templating import environment, template_error
from .site import Site, assemble
from .write import (
    FileState,
    UnsafeOutput,
    WriteReport,
    check_output,
    commit,
    on_disk,
    read_manifest,
    stage,
    staging_folder,
)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _silent(stage: str, done: int, total: int) -> None:
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
    jobs: int = 1


@dataclass(frozen=True)
class Result:
    site: Site
    config: SiteConfig
    files: int
    generated: int  # pages and feeds (the other files are assets)
    rendered: int  # of those, how many were rendered; the rest were still up to date
    report: WriteReport | None
    seconds: float
    cache_problem: str | None = None


def _key(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def read(
    options: Options, shape: dict[str, Any] | None = None
) -> tuple[SiteConfig, sources.Inputs, Path, str | None]:
    """Stage 1: settings and every input file; with ``shape``, also the up-to-date digest of
    the inputs, taken before they are read (so a file changed meanwhile is never missed)."""
    config_file = sources.read_config(options.content, options.config)
    config = parse_config(config_file.path, config_file.data, options.base_url)
    templates = options.config.parent / config.templates
    digest = None
    if shape is not None:
        digest = uptodate.inputs_digest(shape, config_file.data, options.content, templates)
    return config, sources.read_inputs(options.content, config_file, templates), templates, digest


def _parse_chunk(files: Sequence[tuple[str, str, bytes]]) -> list[tuple[Any, list[ContentError]]]:
    config = parallel.state()["config"]
    parse = {"brief": parse_brief, "page": parse_page}
    return [parse[kind](path, data, config) for kind, path, data in files]


def parse(
    config: SiteConfig, inputs: sources.Inputs, store: cache.Cache, jobs: int, progress: Progress
) -> tuple[list[Brief], list[Page]]:
    """Stage 2: every brief and page parsed (or taken from the cache), errors all at once."""
    files = [("brief", f) for f in inputs.briefs] + [("page", f) for f in inputs.pages]
    settings = repr(config)
    code = uptodate.code_digest()
    keys = [_key(code, settings, kind, f.path, f.data) for kind, f in files]
    todo = [
        (kind, f.path, f.data)
        for (kind, f), k in zip(files, keys, strict=True)
        if k not in store.parsed
    ]
    fresh = parallel.run(
        _parse_chunk,
        todo,
        jobs,
        {"config": config},
        lambda done, total: progress("parse", done, total),
    )
    fresh_by_path = {path: result for (_, path, _), result in zip(todo, fresh, strict=True)}
    parsed: dict[str, Any] = {}
    errors: list[ContentError] = []
    briefs: list[Brief] = []
    pages: list[Page] = []
    for (kind, file), key in zip(files, keys, strict=True):
        item, problems = store.parsed.get(key) or fresh_by_path[file.path]
        parsed[key] = (item, problems)
        errors += problems
        if item is not None:
            item = replace(item, key=key)
            (briefs if kind == "brief" else pages).append(item)
    if parsed.keys() != store.parsed.keys():
        store.changed = True
    store.parsed = parsed  # keep only what this build used
    if errors:
        raise BuildFailed(errors)
    return briefs, pages


def load(options: Options) -> tuple[SiteConfig, sources.Inputs, Site]:
    """Read, parse and assemble, without a cache: everything short of rendering."""
    config, inputs, _, _ = read(options)
    briefs, pages = parse(config, inputs, cache.Cache(), 1, _silent)
    now = options.now or datetime.now(config.zone)
    return config, inputs, assemble(briefs, pages, now, options.drafts)


def _render_chunk(indices: Sequence[int]) -> list[tuple[int, Any, Any]]:
    """In a worker: render outputs into the staging folder; report states and dependencies."""
    shared = parallel.state()
    out = []
    for index in indices:
        job = shared["jobs"][index]
        tracked = TrackedSite(shared["site"])
        try:
            data = render_output(shared["env"], tracked, shared["config"], job)  # type: ignore[arg-type]
        except Exception as exc:
            return [(index, None, template_error(exc, shared["templates"]))]
        out.append((index, stage(shared["staging"], job.path, data), tracked.dependencies()))
    return out


def _plan(
    site: Site, jobs: list[Output], digests: list[str], store: cache.Cache, global_key: str,
    output: Path,
) -> tuple[list[int], dict[str, FileState]]:  # fmt: skip
    """Which outputs must be rendered, and the states of those that can be kept."""
    manifest = read_manifest(output.resolve()) or {}
    by_key: dict[str, Any] = {a.key: a for a in site.briefs}
    by_key.update({p.key: p for p in site.pages})
    todo, kept = [], {}
    for index, job in enumerate(jobs):
        path = job.path
        record = store.outputs.get(path)
        if (
            record is not None
            and record.global_key == global_key
            and record.data == digests[index]
            and manifest.get(path) == record.state
            and on_disk(output, path, record.state)
            and still_valid(site, record.dependencies, by_key)
        ):
            kept[path] = record.state
        else:
            todo.append(index)
    return todo, kept


def render_and_write(
    site: Site,
    config: SiteConfig,
    inputs: sources.Inputs,
    options: Options,
    store: cache.Cache,
    progress: Progress,
) -> tuple[int, int, int, WriteReport]:
    """Stages 4 and 5: render what changed into staging, then commit it all at once."""
    check_output(options.output)
    jobs = plan(site, config)
    global_key = _key(uptodate.code_digest(), repr(config), repr(inputs.templates))
    digests = [digest(job) for job in jobs]
    todo, states = _plan(site, jobs, digests, store, global_key, options.output)
    bytecode = options.cache_dir / "templates" if options.cache_dir and todo else None
    if bytecode is not None:
        bytecode.mkdir(parents=True, exist_ok=True)
    env = environment(inputs.templates, str(bytecode) if bytecode else None) if todo else None
    staging = staging_folder(options.output)
    try:
        shared = {
            "site": site,
            "config": config,
            "env": env,
            "jobs": jobs,
            "staging": staging,
            "templates": [name for name, _ in inputs.templates],
        }
        results = parallel.run(
            _render_chunk,
            todo,
            options.jobs,
            shared,
            lambda done, total: progress("render", done, total),
        )
        failures = [error for _, state, error in results if state is None]
        if failures:
            raise BuildFailed(failures)
        records = {path: store.outputs[path] for path in states}  # kept as they were
        staged = set()
        for index, state, dependencies in results:
            path = jobs[index].path
            states[path] = state
            staged.add(path)
            records[path] = cache.OutputRecord(global_key, digests[index], dependencies, state)
        for name, data in inputs.assets:
            path = urls.output_path(urls.ASSETS + name)
            states[path] = stage(staging, path, data)
            staged.add(path)
        progress("write", 0, len(states))
        report = commit(options.output, staging, states, staged)
        if records.keys() != store.outputs.keys():
            store.changed = True
        store.outputs = records
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(states), len(jobs), len(todo), report


def build(
    options: Options, progress: Progress = _silent, memory: cache.Cache | None = None
) -> Result:
    """Build the site; nothing is written unless every page rendered.

    A long-running caller (the preview server) passes ``memory``, a cache it keeps between
    builds: it is used and updated in place instead of the cache folder."""
    started = time.perf_counter()
    forget()
    if memory is not None:
        options = replace(options, cache_dir=None)
    store = memory if memory is not None else cache.load(options.cache_dir)
    shape = None
    if options.cache_dir is not None:  # only a cached build leaves an up-to-date stamp
        shape = uptodate.shape(options.content, options.config, options.output,
                               options.base_url, options.drafts, options.now)  # fmt: skip
    config, inputs, templates, stamp = read(options, shape)
    briefs, pages = parse(config, inputs, store, options.jobs, progress)
    inputs = replace(inputs, briefs=(), pages=())  # their bytes are no longer needed
    site = assemble(briefs, pages, options.now or datetime.now(config.zone), options.drafts)
    try:
        files, generated, rendered, report = render_and_write(
            site, config, inputs, options, store, progress
        )
    except UnsafeOutput as exc:
        raise BuildFailed([ContentError(str(options.output), 1, str(exc))]) from None
    result = Result(site, config, files, generated, rendered, report, 0.0, store.problem)
    if options.cache_dir is not None:
        if store.changed or rendered or store.problem:
            cache.save(options.cache_dir, store)
        due = min((a.date for a in site.held_back), default=None)
        summary = {
            "inputs": stamp,
            "templates": str(templates.resolve()),
            "next_due": due.isoformat() if due else None,
            **summarise(result),
        }
        uptodate.record(options.cache_dir, summary, options.output)
    return replace(result, seconds=time.perf_counter() - started)


def summarise(result: Result) -> dict[str, Any]:
    """What the closing line of a build reports, kept so an up-to-date check can repeat it."""
    site = result.site
    return {
        "briefs": len(site.briefs),
        "pages": len(site.pages),
        "tags": len(site.tags),
        "files": result.files,
        "generated": result.generated,
        "scheduled": [[a.path, a.date.isoformat()] for a in site.held_back],
    }


def check(options: Options) -> Site:
    """Every validation of a build (drafts and scheduled briefs included) plus a link check."""
    config, inputs, site = load(replace(options, drafts=True))
    outputs = set(render_site(site, config, inputs.templates, inputs.assets))
    for brief in site.held_back:  # scheduled briefs will exist: links to them are fine
        outputs.add(urls.output_path(brief.url))
    page_urls = {a.path: urls.brief(a.slug) for a in (*site.briefs, *site.held_back)}
    page_urls.update({p.path: urls.page(p.slug) for p in site.pages})
    errors: list[ContentError] = []
    for file in (*inputs.briefs, *inputs.pages):
        text, _ = decode(file.path, file.data)
        parts = split(file.path, text)[0] if text is not None else None
        if parts is not None and file.path in page_urls:
            found = links.extract(parts.body, parts.body_line)
            errors += links.broken(file.path, page_urls[file.path], found, outputs, config.base_url)
    if errors:
        raise BuildFailed(errors)
    return site
