"""The five stages of a build, in order: read, parse, assemble, render, write."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import sources
from .config import SiteConfig, parse_config
from .errors import BuildFailed, ContentError
from .model import Article, Page
from .parse import parse_brief, parse_page
from .render import render_site
from .site import Site, assemble
from .write import UnsafeOutput, WriteReport, write_site


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


def load(options: Options) -> tuple[SiteConfig, sources.Inputs, Site]:
    """Read, parse and assemble: everything short of rendering. Raises BuildFailed."""
    config_file = sources.read_config(options.content, options.config)
    config = parse_config(config_file.path, config_file.data, options.base_url)
    inputs = sources.read_inputs(
        options.content, config_file, options.config.parent / config.templates
    )
    articles, pages = parse_all(inputs, config)
    now = options.now or datetime.now(config.zone)
    return config, inputs, assemble(articles, pages, now, options.drafts)


def parse_all(inputs: sources.Inputs, config: SiteConfig) -> tuple[list[Article], list[Page]]:
    errors: list[ContentError] = []
    articles, pages = [], []
    for file in inputs.briefs:
        article, problems = parse_brief(file.path, file.data, config)
        errors += problems
        if article:
            articles.append(article)
    for file in inputs.pages:
        page, problems = parse_page(file.path, file.data, config)
        errors += problems
        if page:
            pages.append(page)
    if errors:
        raise BuildFailed(errors)
    return articles, pages


def build(options: Options) -> Result:
    """Build the site; nothing is written unless every page rendered."""
    started = time.perf_counter()
    config, inputs, site = load(options)
    files = render_site(site, config, inputs.templates, inputs.assets)
    try:
        report = write_site(options.output, files)
    except UnsafeOutput as exc:
        raise BuildFailed([ContentError(str(options.output), 1, str(exc))]) from None
    return Result(site, config, len(files), report, time.perf_counter() - started)
