"""`briefing serve`: build with drafts, serve on 127.0.0.1, rebuild on change, reload the page.

Three threads share one ``Preview``:

- the watcher (started, and watching, before the first build, so no save is ever missed)
  renders an edited brief's page on its own, from the settings, templates and briefs the
  last build parsed, and serves it at once from memory (the page *ahead* of the build);
- the builder runs the whole build just after, with drafts, and keeps the last good site
  when it fails; until it is done, pages say the rest of the site is catching up;
- the HTTP server serves the built site and the pages ahead of it, and tells open pages
  of each new version by server-sent events, naming the files that changed, so that a
  page reloads only when it changed (or when the errors to show did).

The handler answers only requests whose ``Host`` is this server's own loopback name and
port (a page elsewhere cannot read drafts through DNS rebinding), and serves only regular
files inside the built site: paths are decoded, normalised and checked part by part, and
anything outside the site or reached through a symbolic link is refused with 404. It
answers GET and HEAD, with an ``ETag`` and a ``Last-Modified`` that make repeated requests
cheap (304).
"""

from __future__ import annotations

import errno
import hashlib
import html
import json
import mimetypes
import os
import posixpath
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from ..build import build
from ..config import SiteConfig, parse_config
from ..errors import BuildFailed, EnvironmentProblem
from ..incremental.cache import Cache
from ..options import Options
from ..write import MANIFEST, content_hash, read_manifest

if TYPE_CHECKING:
    import jinja2

    from ..i18n import Catalogue
    from ..model import Brief, Page
    from ..site import Site
    from ..stories import Story

HOST = "127.0.0.1"
HOST_NAMES = ("127.0.0.1", "localhost", "[::1]")  # the names a browser on this machine uses
STATUS_PATH = "/__briefing/status"
EVENTS_PATH = "/__briefing/events"
KEEP_ALIVE = 15.0  # seconds between comments on an idle event stream
HISTORY = 200  # versions whose changed files are remembered for pages that reconnect
# Listens for new versions; reloads the page when it changed or the errors to show did, and
# shows or hides the note that the rest of the site is catching up.
RELOAD_SCRIPT = """<script>
(function () {
  var since = %(version)d, shown = %(errors)s;
  var path = decodeURIComponent(location.pathname).replace(/^\\/+/, "");
  if (path === "" || path.slice(-1) === "/") { path += "index.html"; }
  var note = document.getElementById("briefing-catching-up");
  var events = new EventSource("%(events)s?since=" + since);
  events.onmessage = function (message) {
    var s = JSON.parse(message.data);
    if (s.changed === null || s.changed.indexOf(path) !== -1 ||
        JSON.stringify(s.errors) !== JSON.stringify(shown)) {
      events.close();
      location.reload();
      return;
    }
    if (note) { note.hidden = !s.catching_up; }
  };
})();
</script>"""
CATCHING_UP = (
    '<p id="briefing-catching-up" role="status"%(hidden)s style="position:fixed;inset:0 0 auto 0;'
    "margin:0;padding:.25rem 1rem;background:#fff3c4;color:#222;font:14px sans-serif;z-index:99"
    '">Preview: this page is up to date; the rest of the site (lists, feeds, search) is '
    "catching up.</p>"
)


@dataclass(frozen=True)
class Warm:
    """What the last good build parsed, kept to render one page ahead of the next build."""

    config: SiteConfig
    templates: tuple[tuple[str, str], ...]
    briefs: tuple[Brief, ...]
    pages: tuple[Page, ...]
    envs: Mapping[str, jinja2.Environment]  # the templates in each edition's language
    catalogues: Mapping[str, Catalogue]  # each edition's interface strings, by language
    site: Site  # assembled from them
    # the pictures it showed: their files (content paths), what is known of each original
    # (by the digest of its bytes), and every file the build wrote (encoded pictures too)
    sources: frozenset[str] = frozenset()
    known: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    built: frozenset[str] = frozenset()


# What places a brief in the site (its order, tags, neighbours, corrections, links): an edit
# that keeps all of these changes the brief's own page only, and the site is patched
PLACE: tuple[str, ...] = (
    "path", "slug", "date", "updated", "tags", "draft", "id", "updates", "aliases", "lang",
    "section", "story", "authors",  # the newsroom's lists it is in
    "translation_of",  # the work it is a version of, in every edition
)  # fmt: skip


def _same_place(old: Brief, new: Brief) -> bool:
    return all(getattr(old, name) == getattr(new, name) for name in PLACE)


def swapped(site: Site, old: Brief, new: Brief) -> Site:
    """``site`` (and each of its editions) with the brief ``old`` (the very object) replaced
    by ``new`` everywhere: its lists, tags, neighbours, corrections, sections, stories and
    people (an edition's lists may show another edition's original, ``untranslated: show``)."""
    from ..site import Neighbours, tag_key

    def one(brief: Brief | None) -> Brief | None:
        return new if brief is old else brief

    def many(briefs: tuple[Brief, ...]) -> tuple[Brief, ...]:
        return tuple(new if brief is old else brief for brief in briefs)

    def listed(item: Any) -> Any:  # a tag, month, section, story or person: its briefs
        found = any(brief is old for brief in item.briefs)
        return replace(item, briefs=many(item.briefs)) if found else item

    tags = tuple(listed(tag) for tag in site.tags)
    near = dict(site._neighbours)
    for slug, n in near.items():  # only the few that name it are made again
        if n.newer is old or n.older is old or any(b is old for b in n.related):
            near[slug] = Neighbours(one(n.newer), one(n.older), many(n.related))
    places = {
        slug: replace(p, previous=one(p.previous), next=one(p.next))
        if p.previous is old or p.next is old
        else p
        for slug, p in site._places.items()
    }
    return replace(
        site,
        briefs=many(site.briefs),
        shown=None if site.shown is None else many(site.shown),
        tags=tags,
        corrections=tuple(replace(c, brief=new) if c.brief is old else c for c in site.corrections),
        archive=tuple((year, tuple(listed(m) for m in months)) for year, months in site.archive),
        sections=tuple(listed(s) for s in site.sections),
        stories=tuple(listed(t) for t in site.stories),
        authors=tuple(listed(a) for a in site.authors),
        _tags_by_key=MappingProxyType({tag_key(t.name): t for t in tags}),
        _neighbours=MappingProxyType(near),
        _places=MappingProxyType(places),
        editions=tuple(swapped(e, old, new) for e in site.editions),
    )


# What places a static page in the site: its address, its versions, and the menu every page
# shows (titles, in menu order). An edit that keeps these changes the page's own output only.
PAGE_PLACE: tuple[str, ...] = (
    "path", "slug", "title", "menu", "lang", "draft", "prefix", "translation_of", "aliases",
)  # fmt: skip


# What places a story in the site: its file, its address and which edition shows it. Any other
# edit (its title, summary, status, introduction) is gathered into the site as the build does.
STORY_PLACE: tuple[str, ...] = ("path", "slug", "lang", "translation_of")


def story_swapped(site: Site, story: Story) -> Site:
    """``site`` with the story read from the same file replaced by ``story`` in each
    edition's newsroom (each has its own: its sections are named in its language), and each
    edition's stories gathered again from it."""
    from ..site import with_newsroom

    def one(edition: Site) -> Site:
        room = edition.newsroom
        if room is None:
            return edition
        stories = tuple(story if s.path == story.path else s for s in room.stories)
        return with_newsroom(edition, replace(room, stories=stories))

    return replace(one(site), editions=tuple(one(e) for e in site.editions))


def _page_patched(warm: Warm, shown: str, page: Page) -> Warm | None:
    """``warm`` with the static page read from ``shown`` replaced by ``page``; None when the
    edit moves it (``PAGE_PLACE``) or it is not shown (a draft)."""
    old = next((p for e in warm.site.every_edition for p in e.pages if p.path == shown), None)
    if old is None or any(getattr(old, n) != getattr(page, n) for n in PAGE_PLACE):
        return None
    pages = tuple(page if p.path == shown else p for p in warm.pages)
    return replace(warm, pages=pages, site=swapped_page(warm.site, old, page))


def _story_patched(warm: Warm, shown: str, story: Story) -> Warm | None:
    """``warm`` with the story read from ``shown`` replaced by ``story``; None when the edit
    moves it (``STORY_PLACE``) or the site has no such story."""
    room = warm.site.newsroom
    old = next((s for s in room.stories if s.path == shown), None) if room else None
    if old is None or any(getattr(old, n) != getattr(story, n) for n in STORY_PLACE):
        return None
    return replace(warm, site=story_swapped(warm.site, story))


def swapped_page(site: Site, old: Page, new: Page) -> Site:
    """``site`` (and each of its editions) with the page ``old`` (the very object) replaced
    by ``new``."""
    if not any(page is old for page in site.pages):
        return replace(site, editions=tuple(swapped_page(e, old, new) for e in site.editions))
    return replace(
        site,
        pages=tuple(new if page is old else page for page in site.pages),
        editions=tuple(swapped_page(e, old, new) for e in site.editions),
    )


def _brief_page(warm: Warm, site: Site, path: str) -> tuple[Any, bytes]:
    """The page of the brief read from ``path`` in ``site``, planned by the plan's own code
    (in its edition, with its versions in the others and the note that it is behind its
    original) and rendered as the build renders it: (the planned output, its bytes)."""
    from .. import editions
    from ..render.plan import brief_page

    home = next(e for e in site.every_edition if any(b.path == path for b in e.briefs))
    view = next(b for b in home.briefs if b.path == path)  # as published now
    # the work's versions in every edition, in the plan's order: what its language switch
    # and hreflang alternates name, and what says whether it is behind its original
    work = view.original
    own = [
        tuple(b for b in e.briefs if b.id == work or b.translation_of == work)
        for e in site.every_edition
    ]
    alone = replace(
        site,
        briefs=own[0],
        editions=tuple(replace(e, briefs=b) for e, b in zip(site.editions, own[1:], strict=True)),
    )
    behind = {b.translation.path: b for b in editions.behind(alone)} if site.editions else {}
    planned = [
        (e, brief_page(b, e.edition_key, behind.get(b.path)))
        for e in alone.every_edition
        for b in e.briefs
    ]
    return _with_versions(warm, site, planned, lambda out: out.data["brief"].path == path)


def _static_page(warm: Warm, site: Site, path: str) -> tuple[Any, bytes]:
    """The static page read from ``path`` in ``site``, planned and rendered as the build
    does (in its edition, with its versions in the others): (the planned output, its bytes)."""
    from ..render.plan import static_page

    planned = [(e, static_page(p, e.edition_key)) for e in site.every_edition for p in e.pages]
    return _with_versions(warm, site, planned, lambda out: out.data["page"].path == path)


def _story_page(warm: Warm, site: Site, path: str) -> tuple[Any, bytes]:
    """The page of the story read from ``path`` in ``site``, planned by the plan's own code
    (with its versions in the other editions) and rendered as the build renders it; ValueError
    when no edition, or more than one, shows that file (the build will do)."""
    from ..config import edition as edition_config
    from ..render.plan import newsroom_pages

    planned = []
    for e in site.every_edition:
        code = e.edition_key
        settings = edition_config(warm.config, code) if code else warm.config
        catalogue = warm.catalogues[settings.language]
        planned += [
            (e, p) for p in newsroom_pages(e, settings, catalogue) if p.template == "story.html"
        ]
    return _with_versions(warm, site, planned, lambda out: out.data["thread"].story.path == path)


def _with_versions(
    warm: Warm, site: Site, planned: list[tuple[Site, Any]], ours: Callable[[Any], bool]
) -> tuple[Any, bytes]:
    """The one output of ``planned`` ((edition, planned output) pairs: every edition's pages
    of one kind) that ``ours`` picks, with its versions in the other editions named as the
    plan names them, and its bytes; ValueError when ``ours`` picks none or several."""
    from ..render.plan import version_key, versions

    picked = [(e, out) for e, out in planned if ours(out)]
    if len(picked) != 1:
        raise ValueError(f"{len(picked)} pages show the file saved")
    home, page = picked[0]
    if site.editions:
        key = version_key(page, home.prefix)
        group = [out for e, out in planned if version_key(out, e.prefix) == key]
        page = next(p for p in versions(site, group, dict(warm.catalogues)) if p.url == page.url)
    return page, _rendered(warm, site, page)


def _rendered(warm: Warm, site: Site, page: Any) -> bytes:
    """One planned page's bytes, in its edition's settings, templates and strings."""
    from ..render.output import for_output, render_output

    ed_site, ed_config = for_output(site, warm.config, page)
    language = ed_config.language
    return render_output(warm.envs[language], ed_site, ed_config, page, warm.catalogues[language])


def _regular_file(path: Path) -> bytes:
    """A regular file's bytes, never through a symbolic link or from a FIFO; OSError else."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return handle.read()


@dataclass(frozen=True)
class Ahead:
    """A page rendered ahead of the build, served from memory until the build catches up."""

    data: bytes
    generation: int  # of the edit it was rendered for
    modified: float  # when, as a time stamp
    # the edit: the file saved, its path as the site names it, its bytes, and the brief,
    # static page or story read from them
    edit: tuple[Path, str, bytes, Brief | Page | Story] | None = None


@dataclass(frozen=True)
class Served:
    """One response body and its validators."""

    data: bytes
    etag: str
    modified: float  # seconds since the epoch


class Preview:
    """The state shared by the watcher, the builder and the request handlers."""

    def __init__(self, options: Options, log: Callable[[str], None] = print) -> None:
        self.options = options
        self.root = options.output.resolve()
        self.version = 0
        self.errors: tuple[str, ...] = ()
        self.log = log
        self.lock = threading.Lock()  # one build at a time
        self.changed = threading.Condition()  # guards everything below; notified per version
        self.memory = Cache()  # parsed briefs and output records, kept between rebuilds
        self.history: list[tuple[int, frozenset[str] | None]] = []  # (version, changed files)
        self.ahead: dict[str, Ahead] = {}  # output path -> page rendered ahead of the build
        self.generation = 0  # edits rendered ahead so far
        self.warm: Warm | None = None
        self.pending = False  # a build is asked for or running
        self.stamp = time.time()  # when the version last changed
        self.port = 0  # set when the server is bound; 0: any port in the Host header
        self.closed = False
        # the last page rendered ahead: from reading its file to publishing it, wall and this
        # thread's CPU time, in milliseconds (what the benchmark reports)
        self.ahead_ms: dict[str, float] | None = None

    # versions and what they changed

    def _publish(self, changed: Iterable[str] | None) -> None:
        """A new version (call with ``self.changed`` held)."""
        self.version += 1
        self.stamp = time.time()
        self.history.append((self.version, None if changed is None else frozenset(changed)))
        del self.history[:-HISTORY]
        self.changed.notify_all()

    def since(self, version: int) -> frozenset[str] | None:
        """The files changed after ``version``; None when unknown (a reload is safest)."""
        with self.changed:
            if version > self.version or (version < self.version and not self.history):
                return None
            if self.history and version < self.history[0][0] - 1:
                return None
            found: set[str] = set()
            for number, files in self.history:
                if number > version:
                    if files is None:
                        return None
                    found |= files
            return frozenset(found)

    def status(self, since: int | None = None) -> dict[str, Any]:
        with self.changed:
            status: dict[str, Any] = {
                "version": self.version,
                "errors": list(self.errors),
                "catching_up": self.pending or bool(self.ahead),
                "ahead_ms": self.ahead_ms,
            }
        if since is not None:
            changed = self.since(since)
            status["changed"] = None if changed is None else sorted(changed)
        return status

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    # the whole build

    def rebuild(self) -> bool:
        """Build once; on failure keep the last good site and remember the errors."""
        with self.lock:
            with self.changed:
                if self.closed:
                    return False
                started = self.generation
            before = read_manifest(self.root) or {}
            parsed: list[Warm] = []

            def keep(
                config: SiteConfig, templates: Any, briefs: Any, pages: Any, site: Site
            ) -> None:
                last = self.warm
                if last is not None and (last.templates, last.config) == (templates, config):
                    envs, catalogues = last.envs, last.catalogues
                else:
                    from .. import i18n
                    from ..render.templating import environments

                    # every edition's language, as the build renders it
                    catalogues = MappingProxyType(i18n.load(templates, config))
                    envs = MappingProxyType(environments(templates, config, catalogues))
                    # compiled now, not on the first edit; a template's fault is the
                    # build's to report, located
                    for env in envs.values():
                        with suppress(Exception):
                            env.get_template("brief.html")
                from .. import pictures
                from ..incremental.uptodate import code_digest
                from ..stages import PICTURE_INFO

                people = site.newsroom.people if site.newsroom is not None else ()
                shown = pictures.variants([*briefs, *pages, *people]).values()
                prefix = PICTURE_INFO + code_digest()[:16] + ":"
                known = {
                    key[len(prefix) :]: value[0]
                    for key, value in self.memory.parsed.items()
                    if key.startswith(prefix)
                }
                parsed.append(
                    Warm(
                        config, templates, tuple(briefs), tuple(pages), envs, catalogues, site,
                        frozenset(v.source for v in shown), MappingProxyType(known),
                    )
                )  # fmt: skip

            try:
                result = build(self.options, memory=self.memory, parsed=keep)
            except Exception as failed:  # the builder thread must outlive any build
                if isinstance(failed, BuildFailed):
                    errors = tuple(str(e) for e in failed.errors)
                elif isinstance(failed, EnvironmentProblem):
                    errors = (f"briefing: {failed}",)
                else:  # a fault of the generator's own: said, and the next save tries again
                    errors = (f"briefing: internal error: {type(failed).__name__}: {failed}",)
                for line in errors:
                    self.log(line)
                self.log(f"build failed: {len(errors)} problem(s); serving the last good build")
                with self.changed:
                    self.errors = errors
                    self._publish(())
                return False
            for line in result.summary.warnings:
                self.log(line)
            self.log(f"rebuilt: {result.summary.files} files in {result.seconds:.2f}s")
            after = read_manifest(self.root) or {}
            with self.changed:
                if parsed:
                    self.warm = self._with_later_edits(
                        replace(parsed[-1], built=frozenset(after)), started
                    )
                changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
                for path, page in list(self.ahead.items()):
                    if page.generation > started:
                        continue  # an edit the build may not have read: keep it ahead
                    del self.ahead[path]
                    state = after.get(path)
                    if state is not None and state[0] == content_hash(page.data):
                        changed.discard(path)  # already shown as built
                    else:
                        changed.add(path)
                changed.discard(MANIFEST)
                self.errors = ()
                self._publish(changed)
            return True

    def _with_later_edits(self, warm: Warm, started: int) -> Warm:
        """``warm`` (what a build read) with the edits rendered ahead while it ran, in the
        order they were made: the build may have read a brief before the editor saved it,
        and the next page rendered ahead must not show it as it was. An edit whose file has
        changed again since is the next build's (call with ``self.changed`` held)."""
        later = sorted(
            (page.generation, page.edit)
            for page in self.ahead.values()
            if page.generation > started and page.edit is not None
        )
        for _, (path, shown, data, item) in later:
            try:
                if path.read_bytes() != data:
                    continue
            except OSError:
                continue
            now = self.options.now or datetime.now(warm.config.zone)
            try:
                patched = self._patched(warm, shown, item, now)
            except Exception:  # the build that follows reports it, located
                continue
            if patched is not None:
                warm = patched
        return warm

    def _patched(
        self, warm: Warm, shown: str, item: Brief | Page | Story, now: datetime
    ) -> Warm | None:
        """``warm`` with the brief, page or story read from ``shown`` replaced by ``item``,
        its site patched or assembled afresh; None when the item is not shown in it (held
        back), or is a page or story whose edit moves it (the build will do)."""
        from ..model import Brief, Page

        if isinstance(item, Brief):
            before = next((b for b in warm.briefs if b.path == shown), None)
            briefs = tuple(b for b in warm.briefs if b.path != shown) + (item,)
            site = self._site(warm, before, item, briefs, now)
            return None if site is None else replace(warm, briefs=briefs, site=site)
        if isinstance(item, Page):
            return _page_patched(warm, shown, item)
        return _story_patched(warm, shown, item)

    # one page ahead of the build

    def _edited(self, path: Path, warm: Any) -> tuple[str, bytes, Brief | Page | Story] | None:
        """The edited brief, static page or story in ``path`` as it would be shown, parsed
        with the last good build's settings; None when it is none of these, has problems
        (the build reports them, with every other problem) or is one the build must render
        (a brief showing a picture the last good build did not show and encode, byte for
        byte; a page or story showing any picture)."""
        from ..parse import parse_brief, parse_page
        from ..sources import _is_content_name, _shown
        from ..stories import parse_story

        content = self.options.content
        for kind in ("briefs", "pages", "stories"):
            try:
                relative = path.relative_to((content / kind).resolve())
                break
            except ValueError:
                continue
        else:
            return None
        if not _is_content_name(path) or path.is_symlink():
            return None
        shown = _shown(content / kind / relative, content.parent)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if kind != "briefs":  # a static page or a story: without pictures only
            parse = parse_page if kind == "pages" else parse_story
            item, problems = parse(shown, data, warm.config)
            if item is None or problems or "<img" in item.body_html:
                return None
            return shown, data, item
        brief, problems = parse_brief(shown, data, warm.config)
        if brief is None or problems:
            return None
        if "<img" in brief.body_html or brief.image is not None:
            placed = self._pictured(brief, warm)
            if placed is None:
                return None
            brief = placed
        return shown, data, brief

    def _pictured(self, brief: Brief, warm: Warm) -> Brief | None:
        """The brief with its pictures found, checked and placed as the build places them,
        when each is a file the last good build showed, with the same bytes, and every file
        the page names is already encoded in the site; else None (the build will do)."""
        from .. import pictures

        folder = self.options.content.resolve().parent
        digests: dict[str, str] = {}

        class Shown(dict[str, bytes]):
            """The picture files the last build showed, read now (on request)."""

            def get(self, path: str, default: Any = None) -> Any:
                if path not in warm.sources:
                    return default
                try:
                    data = _regular_file(folder / path)
                except OSError:
                    return default
                digests[path] = pictures.digest(data)
                return data if digests[path] in warm.known else default

        catalogue = pictures.Catalogue(Shown(), dict(warm.known))
        catalogue.digests = digests  # each file hashed once
        placed, problems = pictures.place([brief], catalogue)
        if problems:  # or new: the build inspects, reports and encodes
            return None
        if not set(pictures.variants(placed)) <= warm.built:
            return None
        return placed[0]  # type: ignore[no-any-return]

    def render_ahead(self, path: Path) -> bool:
        """Render the page of the brief or static page in ``path`` (an edited file) on its
        own, before the build, from what the last good build parsed. False when it cannot
        (no good build yet, errors shown, neither, or one the site would refuse): the build
        will do."""
        with self.changed:
            warm, errors = self.warm, self.errors
            self.generation += 1
            generation = self.generation
        wall, cpu = time.perf_counter(), time.thread_time()
        from ..model import Brief, Page

        edited = self._edited(path, warm) if warm is not None and not errors else None
        if warm is None or edited is None:
            return False
        shown, data, item = edited
        now = self.options.now or datetime.now(warm.config.zone)
        try:
            patched = self._patched(warm, shown, item, now)
            if patched is None:  # scheduled for later, or a page the build must place
                return False
            made = (
                _brief_page
                if isinstance(item, Brief)
                else _static_page
                if isinstance(item, Page)
                else _story_page
            )
            page, rendered = made(patched, patched.site, shown)
        except Exception:  # anything amiss is the build's to report, located
            return False
        with self.changed:
            edit = (path, shown, data, item)
            self.ahead[page.path] = Ahead(rendered, generation, time.time(), edit)
            if self.warm is warm:  # the next edit starts from this one
                self.warm = patched
            elif self.warm is not None:  # a build ended meanwhile, maybe without this edit
                self.warm = self._with_later_edits(self.warm, generation - 1)
            self.ahead_ms = {
                "wall": round((time.perf_counter() - wall) * 1000, 1),
                "cpu": round((time.thread_time() - cpu) * 1000, 1),
            }
            self._publish((page.path,))
        return True

    def _site(
        self, warm: Warm, before: Brief | None, brief: Brief, briefs: tuple[Brief, ...],
        now: datetime,
    ) -> Site | None:  # fmt: skip
        """The site with the edited brief: the last one patched when the edit leaves the
        brief in its place (the usual edit: its text), else assembled afresh. None when the
        brief is not published in it."""
        from ..editions import assemble

        due = warm.site.next_due
        every = (b for e in warm.site.every_edition for b in e.briefs)
        shown = next((b for b in every if before is not None and b is before), None)
        if (
            shown is not None
            and _same_place(shown, brief)
            and brief.updated <= now
            and (due is None or due > now)
        ):
            return swapped(warm.site, shown, brief)
        site = assemble(
            briefs, warm.pages, now, self.options.drafts, warm.config, warm.site.newsroom
        )
        # what the last build published first (the feeds' business) is still so
        site = replace(
            site,
            fresh=warm.site.fresh,
            fresh_corrections=warm.site.fresh_corrections,
            editions=tuple(
                replace(e, fresh=warm.site.fresh, fresh_corrections=warm.site.fresh_corrections)
                for e in site.editions
            ),
        )
        found = any(b.path == brief.path for e in site.every_edition for b in e.briefs)
        return site if found else None

    # what is served

    def file_for(self, raw_path: str) -> Path | None:
        """The file a request path names, or None if it is missing, outside the site, or
        reached through a symbolic link (in any of its parts)."""
        relative = self.relative(raw_path)
        if relative is None:
            return None
        candidate = self.root
        parts = [p for p in relative.split("/") if p]
        try:
            for part in parts:
                candidate = candidate / part
                if stat.S_ISLNK(os.lstat(candidate).st_mode):
                    return None
            if stat.S_ISDIR(os.lstat(candidate).st_mode):
                candidate = candidate / "index.html"
            mode = os.lstat(candidate).st_mode
        except OSError:
            return None
        if not stat.S_ISREG(mode):
            return None
        return candidate

    def relative(self, raw_path: str) -> str | None:
        """A request path as a path inside the site ("" for its root), or None if it
        cannot be one (``..``, a NUL, a backslash)."""
        path = unquote(urlsplit(raw_path).path)
        if "\x00" in path or "\\" in path:
            return None
        if any(part == ".." for part in path.split("/")):
            return None
        return posixpath.normpath("/" + path.lstrip("/")).lstrip("/")

    def served(self, raw_path: str) -> tuple[str, Served] | None:
        """The output path and body of a request: a page ahead of the build, or a file."""
        relative = self.relative(raw_path)
        if relative is None:
            return None
        wanted = relative + "/index.html" if relative and raw_path.endswith("/") else relative
        with self.changed:
            page = self.ahead.get(wanted or "index.html")
        if page is not None:
            tag = '"' + content_hash(page.data)[:32] + '"'
            return wanted or "index.html", Served(page.data, tag, page.modified)
        target = self.file_for(raw_path)
        if target is None:
            return None
        try:
            data = target.read_bytes()
            modified = target.stat().st_mtime
        except OSError:
            return None
        path = target.relative_to(self.root).as_posix()
        return path, Served(data, '"' + content_hash(data)[:32] + '"', modified)

    def host_allowed(self, host: str | None) -> bool:
        """Only this machine's own names for the server, with its port."""
        if host is None:
            return False
        name, _, port = host.strip().lower().rpartition(":")
        if not name or not port.isdigit():
            return False
        return name in HOST_NAMES and (self.port == 0 or int(port) == self.port)


# Pagefind's files: its WebAssembly module (which browsers compile while it downloads only
# when it is served as such) and its binary index files
PAGEFIND_TYPES = {".pagefind": "application/wasm", ".wasm": "application/wasm"}


def _kind(name: str) -> str:
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix in PAGEFIND_TYPES:
        return PAGEFIND_TYPES[suffix]
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _not_modified(headers: Any, etag: str, modified: float) -> bool:
    """RFC 9110: If-None-Match decides when present; else If-Modified-Since."""
    match = headers.get("If-None-Match")
    if match is not None:
        tags = [t.strip().removeprefix("W/") for t in match.split(",")]
        return "*" in tags or etag in tags
    since = headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        when = parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False
    return int(modified) <= when


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "briefing-preview"

        def do_HEAD(self) -> None:  # noqa: N802 (the standard library's name)
            self._answer(body=False)

        def do_GET(self) -> None:  # noqa: N802
            self._answer(body=True)

        def _answer(self, body: bool) -> None:
            if not preview.host_allowed(self.headers.get("Host")):
                self._send(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8",
                           b"Host not allowed: use 127.0.0.1 or localhost\n", body)  # fmt: skip
                return
            asked = urlsplit(self.path)
            if asked.path == STATUS_PATH:
                data = json.dumps(preview.status()).encode()
                self._send(HTTPStatus.OK, "application/json", data, body)
                return
            if asked.path == EVENTS_PATH:
                since = parse_qs(asked.query).get("since", ["-1"])[0]
                self._events(int(since) if since.isdigit() else -1, body)
                return
            found = preview.served(self.path)
            if found is None:
                missing = preview.file_for("/404.html")
                # no 404 page before a first good build: a page all the same, which the
                # errors and the reload script go into
                page = (
                    missing.read_bytes()
                    if missing
                    else b"<!doctype html><title>Not found</title><body><p>Not found</p></body>"
                )
                self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8",
                           self._decorate(page), body)  # fmt: skip
                return
            path, served = found
            if path.endswith("index.html") and not asked.path.endswith(("/", "index.html")):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)  # /tags -> /tags/
                self.send_header("Location", asked.path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            kind, data, etag, modified = _kind(path), served.data, served.etag, served.modified
            if kind == "text/html":
                data = self._decorate(data)  # carries the version: its own validators
                etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
                modified = max(modified, preview.stamp)
                kind += "; charset=utf-8"
            validators = {"ETag": etag, "Last-Modified": formatdate(modified, usegmt=True)}
            if _not_modified(self.headers, etag, modified):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                for name, value in validators.items():
                    self.send_header(name, value)
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                return
            self._send(HTTPStatus.OK, kind, data, body, validators)

        def _events(self, since: int, body: bool) -> None:
            """Server-sent events: one message per new version, with the files it changed."""
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not body:
                return
            try:
                self.wfile.write(b"retry: 500\n\n")
                self.wfile.flush()
                while True:
                    seen = since

                    def news(seen: int = seen) -> bool:
                        return preview.version != seen or preview.closed

                    with preview.changed:
                        preview.changed.wait_for(news, KEEP_ALIVE)
                        if preview.closed:
                            return
                        version = preview.version
                    if version == since:
                        self.wfile.write(b": still here\n\n")
                    else:
                        status = preview.status(since)
                        since = status["version"]
                        self.wfile.write(f"data: {json.dumps(status)}\n\n".encode())
                    self.wfile.flush()
            except OSError:  # the page went away
                return

        def _decorate(self, body: bytes) -> bytes:
            status = preview.status()
            extra = CATCHING_UP % {"hidden": "" if status["catching_up"] else " hidden"}
            extra += RELOAD_SCRIPT % {
                "version": status["version"],
                "errors": json.dumps(status["errors"]).replace("<", "\\u003c"),
                "events": EVENTS_PATH,
            }
            if status["errors"]:
                items = "".join(f"<li>{html.escape(e)}</li>" for e in status["errors"])
                extra = (
                    '<div role="alert" style="position:fixed;inset:auto 0 0 0;max-height:50vh;'
                    "overflow:auto;background:#7a0000;color:#fff;padding:1rem;font:14px monospace;"
                    f'z-index:99"><strong>Build failed</strong><ul>{items}</ul></div>{extra}'
                )
            return body.replace(b"</body>", extra.encode() + b"</body>", 1)

        def _send(
            self,
            status: HTTPStatus,
            kind: str,
            data: bytes,
            body: bool = True,
            headers: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-cache")  # always ask again: 304 if unchanged
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if body:
                self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


def make_server(preview: Preview, port: int) -> ThreadingHTTPServer:
    """A server bound to 127.0.0.1 only; a port in use is an EnvironmentProblem."""
    try:
        server = ThreadingHTTPServer((HOST, port), _handler(preview))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            cause = "port in use by another program; choose another with --port (0 picks one)"
            raise EnvironmentProblem(f"{HOST}:{port}", cause) from None
        raise
    server.daemon_threads = True
    preview.port = server.server_address[1]
    return server


def watched(options: Options) -> list[Path]:
    """Content, site.yaml, and the templates folder it names (assets are inside it)."""
    config_dir = options.config.resolve().parent
    templates = config_dir / "templates"
    try:
        config = parse_config(str(options.config), options.config.read_bytes())
        templates = config_dir / config.templates
    except (OSError, BuildFailed):
        pass  # the build reports the problem; watch the usual place meanwhile
    paths = [options.content.resolve(), options.config.resolve(), templates.resolve()]
    return [p for p in paths if p.exists()]


def watch(
    preview: Preview,
    stop: threading.Event,
    ready: threading.Event | None = None,
    builder: Builder | None = None,
) -> None:
    """Watch content, templates, assets and site.yaml; set ``ready`` once watching.

    An edited brief's or static page's page is rendered ahead at once; then the whole site
    is rebuilt: by
    ``builder`` (in its own thread) if given, else here."""
    from watchfiles import Change
    from watchfiles import watch as watch_files

    try:
        # a timeout of 20 ms makes the first (empty) yield prove the watcher is running
        changes_seen = watch_files(
            *watched(preview.options), stop_event=stop, debounce=150, step=10,
            rust_timeout=20, yield_on_timeout=True,
        )  # fmt: skip
        for changes in changes_seen:
            if ready is not None and not ready.is_set():
                ready.set()
            if not changes:
                continue
            # saved briefs and pages (an editor that saves by renaming a temporary file adds
            # one); not the many files of a checkout or a copy, which the build alone handles
            edited = {
                Path(p) for kind, p in changes if kind != Change.deleted and p.endswith(".md")
            }
            if len(edited) <= 3:
                for path in sorted(edited):
                    preview.render_ahead(path)
            if builder is not None:
                builder.ask()
            else:
                preview.rebuild()
    except Exception as failed:  # said in a line, not a thread's traceback; serving goes on
        preview.log(
            f"briefing: cannot watch for saves ({type(failed).__name__}: {failed}); "
            "saves are not built: restart briefing serve"
        )


class Builder:
    """Runs the whole build in its own thread whenever asked; asks made while it builds
    come together into one more build."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        self.wanted = threading.Event()
        self.stop = threading.Event()

    def ask(self) -> None:
        with self.preview.changed:
            self.preview.pending = True
        self.wanted.set()

    def run(self) -> None:
        while not self.stop.is_set():
            if not self.wanted.wait(0.5) or self.stop.is_set():
                continue  # nothing asked; or woken to stop, which is not a save to build
            self.wanted.clear()
            self.preview.rebuild()
            with self.preview.changed:
                if not self.wanted.is_set():
                    self.preview.pending = False
                    self.preview._publish(())  # pages can drop the "catching up" note

    def close(self) -> None:
        self.stop.set()
        self.wanted.set()


def start(preview: Preview, stop: threading.Event) -> Builder:
    """Watch first, then build once, then leave later builds to a builder thread: a save
    made during the first build, or just after it, is seen and built."""
    ready = threading.Event()
    builder = Builder(preview)
    watcher = threading.Thread(target=watch, args=(preview, stop, ready, builder), daemon=True)
    watcher.start()
    while not ready.wait(0.05):
        if not watcher.is_alive():  # could not watch (the build will say why)
            break
    preview.rebuild()
    threading.Thread(target=builder.run, daemon=True).start()
    return builder


def serve(options: Options, port: int) -> int:
    """Serve until interrupted; Ctrl+C ends the command with the interrupted exit code."""
    with tempfile.TemporaryDirectory(prefix="briefing-serve-") as folder:
        base = f"http://{HOST}:{port}/"
        # one worker: the server's threads are running, and forking a threaded process is unsafe
        site = Path(folder) / "site"
        preview = Preview(replace(options, output=site, drafts=True, base_url=base, workers=1))
        server = make_server(preview, port)
        actual = server.server_address[1]
        if actual != port:  # port 0: the system chose one
            preview.options = replace(preview.options, base_url=f"http://{HOST}:{actual}/")
        stop = threading.Event()
        builder: Builder | None = None
        try:
            builder = start(preview, stop)
            print(f"serving on http://{HOST}:{actual}/ (drafts included); Ctrl+C to stop")
            sys.stdout.flush()
            server.serve_forever()
        finally:
            stop.set()
            if builder is not None:
                builder.close()
            preview.close()
            server.server_close()
            with preview.lock:  # a build under way ends before its folder goes
                pass
    return 0
