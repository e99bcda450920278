"""The five stages of a build, in order: read, parse, assemble, render, write."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import links, sources, urls
from .config import SiteConfig, parse_config
from .errors import BuildFailed, ContentError
from .frontmatter import decode, split
from .model import Article, Page
from .parse import parse_brief, parse_page
from .render import render_site
from .site import Site, assemble
from .write import UnsafeOutput, WriteReport, write_site

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


@dataclass(frozen=True)
class Result:
    site: Site
    config: SiteConfig
    files: int
    report: WriteReport | None
    seconds: float


def load(options: Options, progress: Progress = _silent) -> tuple[SiteConfig, sources.Inputs, Site]:
    """Read, parse and assemble: everything short of rendering. Raises BuildFailed."""
    config_file = sources.read_config(options.content, options.config)
    config = parse_config(config_file.path, config_file.data, options.base_url)
    templates = options.config.parent / config.templates
    inputs = sources.read_inputs(options.content, config_file, templates)
    articles, pages = parse_all(inputs, config, progress)
    now = options.now or datetime.now(config.zone)
    return config, inputs, assemble(articles, pages, now, options.drafts)


def parse_all(
    inputs: sources.Inputs, config: SiteConfig, progress: Progress = _silent
) -> tuple[list[Article], list[Page]]:
    errors: list[ContentError] = []
    articles, pages = [], []
    total = len(inputs.briefs) + len(inputs.pages)
    for done, file in enumerate(inputs.briefs, start=1):
        article, problems = parse_brief(file.path, file.data, config)
        errors += problems
        if article:
            articles.append(article)
        progress("parse", done, total)
    for file in inputs.pages:
        page, problems = parse_page(file.path, file.data, config)
        errors += problems
        if page:
            pages.append(page)
    progress("parse", total, total)
    if errors:
        raise BuildFailed(errors)
    return articles, pages


def build(options: Options, progress: Progress = _silent) -> Result:
    """Build the site; nothing is written unless every page rendered."""
    started = time.perf_counter()
    config, inputs, site = load(options, progress)
    files = render_site(site, config, inputs.templates, inputs.assets, progress)
    progress("write", 0, len(files))
    try:
        report = write_site(options.output, files)
    except UnsafeOutput as exc:
        raise BuildFailed([ContentError(str(options.output), 1, str(exc))]) from None
    return Result(site, config, len(files), report, time.perf_counter() - started)


def check(options: Options) -> Site:
    """Every validation of a build (drafts and scheduled briefs included) plus a link check."""
    options = Options(options.content, options.output, options.config, options.base_url, True)
    config, inputs, site = load(options)
    outputs = set(render_site(site, config, inputs.templates, inputs.assets))
    for article in site.held_back:  # scheduled briefs will exist: links to them are fine
        outputs.add(urls.output_path(urls.brief(article.slug)))
    page_urls = {a.path: urls.brief(a.slug) for a in (*site.articles, *site.held_back)}
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
