"""The stages of a build after the up-to-date check: read, parse (and place the pictures),
render, index, picture files, commit.

``build.py`` calls them in order; each takes what the one before returned. Only ``read``
touches the input files and only ``commit`` the output (through ``write``); parsing and
rendering are pure functions of their inputs, run in worker processes when the work is
large enough.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import i18n, links, published, sources, urls, write
from .config import SiteConfig, parse_config
from .editions import assemble
from .errors import BuildFailed, ContentError, EnvironmentProblem
from .i18n import Catalogue
from .incremental import cache, parallel, uptodate
from .incremental.deps import Dependency, Digests, TrackedSite, still_valid
from .model import Brief, Page
from .options import Options, Progress, silent
from .parse import parse_brief, parse_page
from .people import Person, parse_person
from .render import search
from .render.output import for_output, render_output, render_site
from .render.plan import ImageOutput, Output, index_shards, indexed, plan
from .render.templating import environments, template_error
from .site import Newsroom, Site
from .stories import Story, parse_story

if TYPE_CHECKING:
    import jinja2


@dataclass(frozen=True)
class Read:
    """Stage 1's result: the settings and every input file."""

    config: SiteConfig
    files: sources.Inputs
    templates_dir: Path
    stamp: str | None  # digest of every input, taken before reading (cached builds only)


@dataclass(frozen=True)
class Done:
    """What the render, search and write stages did, for the build's closing line."""

    files: int  # in the site, assets included
    generated: int  # pages and feeds
    rendered: int  # of those, rendered this time; the rest were still up to date
    report: write.WriteReport
    paths: frozenset[str]  # every file of the site, by its path in the output folder


def _key(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def read(
    options: Options, shape: dict[str, Any] | None = None, seen: uptodate.Check | None = None
) -> Read:
    """Stage 1: settings and every input file; with ``shape``, also the up-to-date digest of
    the inputs, taken before they are read (so a file changed meanwhile is never missed): the
    one the up-to-date check just took (``seen``) if it covered the same templates folder."""
    config_file = sources.read_config(options.content, options.config)
    config = parse_config(config_file.path, config_file.data, options.base_url, options.contact)
    templates = options.config.parent / config.templates
    stamp = None
    if shape is not None and seen is not None and seen.templates == str(templates.resolve()):
        stamp = seen.inputs
    elif shape is not None:
        stamp = uptodate.inputs_digest(shape, config_file.data, options.content, templates)
    files = sources.read_inputs(options.content, config_file, templates)
    return Read(config, files, templates, stamp)


def check_places(options: Options, inputs: Read) -> None:
    """The output folder may not sit inside an input folder, nor hold one."""
    output = options.output
    places = [
        ("content folder", options.content),
        ("templates folder", inputs.templates_dir),
        ("assets folder", inputs.templates_dir / "assets"),
    ]
    for name, place in reversed(places):  # the most specific first
        if write.within(output, place):
            raise EnvironmentProblem(output, f"is inside the {name} {place}; build elsewhere")
    for name, place in [*places, ("settings file", options.config)]:
        if write.within(place, output):
            raise EnvironmentProblem(output, f"holds the {name} {place}; build elsewhere")


def _parse_chunk(config: SiteConfig, files: Sequence[tuple[str, str, bytes]]) -> list[Any]:
    parse = {"brief": parse_brief, "page": parse_page, "person": parse_person, "story": parse_story}
    return [parse[kind](path, data, config) for kind, path, data in files]


def parse(
    inputs: Read, store: cache.Cache, workers: int, progress: Progress
) -> tuple[list[Brief], list[Page], Newsroom]:
    """Stage 2: every brief, page, person and story parsed (or taken from the cache), errors
    all at once; the people and stories come back as the site's ``Newsroom``."""
    config, found = inputs.config, inputs.files
    files = [("brief", f) for f in found.briefs] + [("page", f) for f in found.pages]
    files += [("person", f) for f in found.people] + [("story", f) for f in found.stories]
    settings = repr(config)
    code = uptodate.code_digest()
    keys = [_key(code, settings, kind, f.path, f.data) for kind, f in files]
    todo = [
        (kind, f.path, f.data)
        for (kind, f), k in zip(files, keys, strict=True)
        if k not in store.parsed
    ]
    fresh = parallel.run(
        _parse_chunk, todo, workers, config, lambda done, total: progress("parse", done, total)
    )
    fresh_by_path = {path: result for (_, path, _), result in zip(todo, fresh, strict=True)}
    # what is known of each picture file is kept until place_pictures decides
    parsed: dict[str, Any] = {k: v for k, v in store.parsed.items() if k.startswith(PICTURE_INFO)}
    errors: list[ContentError] = []
    briefs: list[Brief] = []
    pages: list[Page] = []
    people: list[Person] = []
    stories: list[Story] = []
    into: dict[str, list[Any]] = {
        "brief": briefs, "page": pages, "person": people, "story": stories
    }  # fmt: skip
    for (kind, file), key in zip(files, keys, strict=True):
        item, problems = store.parsed.get(key) or fresh_by_path[file.path]
        if item is not None and item.key != key:  # kept keyed: a cached one needs no copy
            item = replace(item, key=key)
        parsed[key] = (item, problems)
        errors += problems
        if item is not None:
            into[kind].append(item)
    if parsed.keys() != store.parsed.keys():
        store.changed = True
    store.parsed = parsed  # keep only what this build used
    if errors:
        raise BuildFailed(errors)
    room = Newsroom(config.sections, config.authors, tuple(people), tuple(stories))
    return briefs, pages, room


PICTURE_INFO = "picture:"  # cache keys of what is known of a picture file (size, problem)


def place_pictures(
    inputs: Read, briefs: list[Brief], pages: list[Page], store: cache.Cache,
    room: Newsroom | None = None,
) -> tuple[list[Brief], list[Page], Newsroom]:  # fmt: skip
    """Stage 2b: every picture of every brief and page, and every person's photo, found,
    checked and planned (what is known of each file comes from the cache when its bytes are
    unchanged); errors all at once."""
    from . import pictures

    files = {f.path: f.data for f in inputs.files.pictures}
    prefix = PICTURE_INFO + uptodate.code_digest()[:16] + ":"
    old = {k[len(prefix) :]: v[0] for k, v in store.parsed.items() if k.startswith(prefix)}
    catalogue = pictures.Catalogue(files, dict(old))
    briefs, errors = pictures.place(briefs, catalogue)
    pages, page_errors = pictures.place(pages, catalogue)
    room = room or Newsroom()
    people, photo_errors = pictures.place_photos(list(room.people), catalogue)
    room = replace(room, people=tuple(people))
    page_errors += photo_errors
    used = {prefix + d for d in catalogue.digests.values()}
    for key in [k for k in store.parsed if k.startswith(PICTURE_INFO) and k not in used]:
        del store.parsed[key]
        store.changed = True
    for key in used - store.parsed.keys():
        store.parsed[key] = (catalogue.known[key[len(prefix) :]], [])
        store.changed = True
    errors += page_errors
    if errors:
        raise BuildFailed(sorted(set(errors)))
    return briefs, pages, room


def _stage_pictures(
    site: Site, inputs: Read, options: Options, store: cache.Cache, staging: Path,
    manifest: dict[str, write.FileState], states: dict[str, write.FileState], staged: set[str],
) -> Any:  # fmt: skip
    """Every encoded picture file a page shows, added to ``states``: kept where the output
    folder holds it as written (its name covers its recipe), else taken from the picture
    cache, else encoded there and then. Returns the picture store, to prune once committed."""
    from . import pictures
    from .render import pictures as encoding

    people = site.newsroom.people if site.newsroom is not None else ()
    wanted = pictures.variants([*site.briefs, *site.pages, *people])
    folder = options.cache_dir / "pictures" if options.cache_dir is not None else None
    pstore = encoding.Store(folder, store.pictures)
    todo = {}
    for path, variant in wanted.items():
        state = manifest.get(path)
        if state is not None and write.on_disk(options.output, path, state):
            states[path] = state
            pstore.used.add(path.rsplit("/", 1)[-1])
        else:
            todo[path] = variant
    if todo:
        sources = {f.path: f.data for f in inputs.files.pictures}
        made, _ = encoding.make(todo, sources, pstore, options.workers)
        for path, data in made.items():
            states[path] = write.stage(staging, path, data)
            staged.add(path)
    return pstore


@dataclass(frozen=True)
class RenderContext:
    """What every render worker shares (forked, never pickled)."""

    site: Site
    config: SiteConfig
    envs: dict[str, jinja2.Environment]  # by the edition's language; none: nothing to render
    outputs: list[Output]
    staging: Path
    templates: tuple[str, ...]
    catalogues: dict[str, Catalogue]


@dataclass(frozen=True)
class Rendered:
    index: int
    state: write.FileState
    dependencies: tuple[Dependency, ...]
    cpu: float = 0.0  # CPU seconds to render and stage it


@dataclass(frozen=True)
class Failed:
    index: int
    error: ContentError


def _render_chunk(shared: RenderContext, indices: Sequence[int]) -> list[Rendered | Failed]:
    """Render outputs into the staging folder; report their states and dependencies."""
    digests = Digests()
    items: dict[tuple[str, ...], str] = {}  # feed items' HTML, made once for the chunk
    done: list[Rendered | Failed] = []
    for index in indices:
        out = shared.outputs[index]
        site, config = for_output(shared.site, shared.config, out)
        tracked = TrackedSite(site, digests)
        started = time.process_time()
        try:
            env, catalogue = shared.envs[config.language], shared.catalogues[config.language]
            data = render_output(env, tracked, config, out, catalogue, items)  # type: ignore[arg-type]
        except Exception as exc:  # a template is content: locate the failure in it
            return [*done, Failed(index, template_error(exc, shared.templates))]
        state = write.stage(shared.staging, out.path, data)  # an OSError here is the machine's
        cpu = time.process_time() - started
        done.append(Rendered(index, state, tracked.dependencies(), cpu))
    return done


def _plan(
    site: Site, outputs: list[Output], digests: list[str], store: cache.Cache, global_key: str,
    output: Path, manifest: dict[str, write.FileState], memo: Digests,
) -> tuple[list[int], dict[str, write.FileState]]:  # fmt: skip
    """Which outputs must be rendered, and the states of those that can be kept
    (``manifest``: what the last build wrote, as the output folder's manifest says)."""
    by_key: dict[str, Any] = {a.key: a for e in site.every_edition for a in e.listed}
    by_key.update({p.key: p for e in site.every_edition for p in e.pages})
    memos = {e.edition_key: memo if not e.prefix else Digests() for e in site.every_edition}
    todo, kept = [], {}
    for index, out in enumerate(outputs):
        code = getattr(out, "edition", "")
        record = store.outputs.get(out.path)
        if (
            record is not None
            and record.global_key == global_key
            and record.data == digests[index]
            and manifest.get(out.path) == record.state
            and write.on_disk(output, out.path, record.state)
            and still_valid(site.edition(code), record.dependencies, by_key, memos[code])
        ):
            kept[out.path] = record.state
        else:
            todo.append(index)
    return todo, kept


def alias_problems(
    site: Site, config: SiteConfig, planned: set[str], output: Path,
    manifest: dict[str, write.FileState],
) -> list[ContentError]:  # fmt: skip
    """An alias may not turn a file of the site (``planned``: every output path, assets
    included) into a folder, nor stand in the search index's folder (whose files are known
    only once it is made), nor replace or turn into a folder a file in the output folder
    that no build wrote (one its manifest does not list: a ``CNAME`` the user put there).
    One located error per such alias."""
    errors = []
    items: list[Brief | Page] = []
    for edition in site.every_edition:
        items += [*edition.briefs, *edition.pages]
    for brief in sorted(items, key=lambda a: a.path):
        for index, alias in enumerate(brief.aliases):
            target = urls.output_path(alias)  # "old/name/index.html"
            parts = target.split("/")
            folders = ["/".join(parts[:end]) for end in range(1, len(parts))]
            ours = next((folder for folder in folders if folder in planned), None)
            if config.search and target.startswith(search.FOLDER):
                message = f"aliases entry: '{alias}' is inside the search index's folder"
                message += f" {urls.SEARCH_INDEX}"
            elif ours is not None:
                message = f"aliases entry: '{alias}' would make the site's file /{ours} a folder"
            else:
                theirs = next(
                    (
                        p
                        for p in [*folders, target]
                        if _foreign_entry(output, p, p == target, manifest)
                    ),
                    None,
                )
                if theirs is None:
                    continue
                message = (
                    f"aliases entry: '{alias}' would replace {output.name}/{theirs}, "
                    "a file the build did not write"
                )
            errors.append(ContentError(brief.path, brief.line(f"aliases[{index}]"), message))
    return errors


def _foreign_entry(
    output: Path, path: str, is_target: bool, manifest: dict[str, write.FileState]
) -> bool:
    """Does the output folder hold, at ``path``, something the build did not write that an
    alias would replace: any file or link there (the alias's own page), or one where the
    alias needs a folder? A folder is never in the way; what the manifest lists is ours."""
    try:
        info = os.lstat(output / path)
    except OSError:
        return False
    if stat.S_ISDIR(info.st_mode):
        return False
    return path not in manifest


def _rendering(progress: Progress, done: int, total: int) -> None:
    progress("render", done, total)
    write.checkpoint("rendering")


def _search_index(
    outputs: list[Output], states: dict[str, write.FileState], staged: set[str],
    store: cache.Cache, output: Path, manifest: dict[str, write.FileState], staging: Path,
    config: SiteConfig, workers: int,
) -> dict[str, cache.OutputRecord]:  # fmt: skip
    """The search index's files, shard by shard, staged and added to ``states``, with their
    cache records.

    A shard is made from its brief pages' bytes only: when their URLs and digests are those
    the shard was last made from, and its files are still in the output folder as written,
    they are kept and Pagefind does not run for it. Shards to make run side by side, one
    Pagefind process each, ``workers`` at a time."""
    where = {out.url: out.path for out in outputs if indexed(out)}
    language = "" if config.languages else config.language  # editions: each page's own
    records: dict[str, cache.OutputRecord] = {}
    groups = {f"{search.FOLDER}{name}/": u for name, u in index_shards(outputs).items()}
    todo: list[tuple[str, str]] = []  # (folder, key) of the shards to make
    for folder, shard_urls in groups.items():
        digests = ((url, states[where[url]][0]) for url in shard_urls)
        key = search.key(uptodate.code_digest(), f"{language}\0{folder}", digests)
        old = {p: r for p, r in store.outputs.items() if p.startswith(folder)}
        if old and all(
            record.global_key == key
            and manifest.get(path) == record.state
            and write.on_disk(output, path, record.state)
            for path, record in old.items()
        ):
            states.update((path, record.state) for path, record in old.items())
            records.update(old)
        else:
            todo.append((folder, key))

    def data(path: str) -> bytes:
        if path in staged:
            return (staging / write.staged_name(path)).read_bytes()
        return (output / path).read_bytes()

    def make(folder: str) -> dict[str, bytes]:
        pages = [(url, data(where[url])) for url in groups[folder]]
        return search.build_index(pages, language, folder)

    with ThreadPoolExecutor(max(1, min(workers, len(todo)))) as pool:
        made = list(pool.map(make, [folder for folder, _ in todo]))
    for (_, key), files in zip(todo, made, strict=True):
        for path, blob in files.items():
            states[path] = write.stage(staging, path, blob)
            staged.add(path)
            records[path] = cache.OutputRecord(key, "search index", (), states[path])
    return records


@dataclass
class Staged:
    """Stage 4's result, completed by the search and pictures stages: every file of the new
    site with its state, those staged this time, and the cache record of every output."""

    outputs: list[Output]
    states: dict[str, write.FileState]  # every file of the site, by its path in the output
    staged: set[str]  # of those, the ones waiting in staging
    records: dict[str, cache.OutputRecord]  # what the next build may keep
    manifest: dict[str, write.FileState]  # what the output's manifest said before this build
    rendered: int  # outputs rendered this time; the rest were still up to date
    # the workers' CPU seconds on pages and feeds ("render") and on share cards ("cards")
    spent: dict[str, float] = field(default_factory=dict)

    def done(self, report: write.WriteReport) -> Done:
        return Done(
            len(self.states), len(self.outputs), self.rendered, report, frozenset(self.states)
        )

    def add(self, staging: Path, path: str, data: bytes) -> None:
        """Stage one more file of the site."""
        self.states[path] = write.stage(staging, path, data)
        self.staged.add(path)


@contextmanager
def staging(output: Path) -> Iterator[Path]:
    """A staging folder beside the output, removed whatever happens."""
    folder = write.staging_folder(output)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _environments(
    options: Options, inputs: Read, catalogues: dict[str, Catalogue], todo: list[int]
) -> dict[str, jinja2.Environment]:
    """The templates in each edition's language, when anything is to be rendered (compiled
    templates cached with the build cache)."""
    if not todo:
        return {}
    bytecode = options.cache_dir / "templates" if options.cache_dir else None
    if bytecode is not None:
        bytecode.mkdir(parents=True, exist_ok=True)
    folder = str(bytecode) if bytecode else None
    return environments(inputs.files.templates, inputs.config, catalogues, folder)


def _is_card(out: Output) -> bool:
    return isinstance(out, ImageOutput) and out.kind == "share"


def render(
    site: Site, inputs: Read, options: Options, store: cache.Cache, progress: Progress,
    staging: Path,
) -> Staged:  # fmt: skip
    """Stage 4: render what changed, every edition's pages in its own language, into
    ``staging``; keep the rest as the output holds it."""
    config, files = inputs.config, inputs.files
    catalogues = i18n.load(files.templates, config, files.config.path)
    outputs = plan(site, config, catalogues)
    planned = {out.path for out in outputs}
    planned.update(urls.output_path(urls.ASSETS + name) for name, _ in files.assets)
    manifest = write.read_manifest(options.output.resolve()) or {}
    clashes = alias_problems(site, config, planned, options.output, manifest)
    if clashes:
        raise BuildFailed(clashes)
    global_key = _key(uptodate.code_digest(), repr(config), repr(files.templates))
    memo = Digests()
    digests = [memo.digest(out) for out in outputs]
    todo, states = _plan(site, outputs, digests, store, global_key, options.output, manifest, memo)
    shared = RenderContext(
        site, config, _environments(options, inputs, catalogues, todo), outputs, staging,
        tuple(n for n, _ in files.templates), catalogues,
    )  # fmt: skip
    results = parallel.run(
        _render_chunk, todo, options.workers, shared, partial(_rendering, progress)
    )
    failures = [r.error for r in results if isinstance(r, Failed)]
    if failures:
        raise BuildFailed(failures)
    records = {path: store.outputs[path] for path in states}  # kept as they were
    staged = set()
    for done in results:
        assert isinstance(done, Rendered)
        path = outputs[done.index].path
        states[path] = done.state
        staged.add(path)
        records[path] = cache.OutputRecord(
            global_key, digests[done.index], done.dependencies, done.state
        )
    spent = {"render": 0.0, "cards": 0.0}  # the workers' CPU seconds on each
    for done in results:
        if isinstance(done, Rendered):
            spent["cards" if _is_card(outputs[done.index]) else "render"] += done.cpu
    return Staged(outputs, states, staged, records, manifest, len(todo), spent)


def index(
    staged: Staged, inputs: Read, options: Options, store: cache.Cache, staging: Path
) -> None:
    """Stage 5: the search index of the brief pages (when ``search`` is on), staged."""
    if inputs.config.search:
        staged.records.update(
            _search_index(
                staged.outputs, staged.states, staged.staged, store, options.output,
                staged.manifest, staging, inputs.config, options.workers,
            )
        )  # fmt: skip


def picture_files(
    staged: Staged, site: Site, inputs: Read, options: Options, store: cache.Cache,
    staging: Path,
) -> Any:  # fmt: skip
    """Stage 6: every encoded picture file a page shows, staged or kept; returns the picture
    store, to prune once the site is committed."""
    return _stage_pictures(
        site, inputs, options, store, staging, staged.manifest, staged.states, staged.staged
    )


def commit(
    staged: Staged, inputs: Read, options: Options, progress: Progress, staging: Path,
    records_of_builds: dict[str, bytes] | None = None,
) -> write.WriteReport:  # fmt: skip
    """Stage 7: the templates' assets and ``records_of_builds`` ({output path: bytes}: what
    the next build reads back) staged, then the whole new site committed in one swap."""
    for name, data in inputs.files.assets:
        if name == search.SCRIPT and not inputs.config.search:
            continue
        staged.add(staging, urls.output_path(urls.ASSETS + name), data)
    for path, data in (records_of_builds or {}).items():
        staged.add(staging, path, data)
    progress("write", 0, len(staged.states))
    return write.commit(options.output, staging, staged.states, staged.staged)


def load(options: Options) -> tuple[Read, Site]:
    """Read, parse and assemble, without a cache: everything short of rendering."""
    inputs = read(options)
    store = cache.Cache()
    briefs, pages, room = parse(inputs, store, 1, silent)
    briefs, pages, room = place_pictures(inputs, briefs, pages, store, room)
    now = options.now or datetime.now(inputs.config.zone)
    return inputs, assemble(briefs, pages, now, options.drafts, inputs.config, room)


def link_problems(site: Site, briefs: Sequence[Brief], outputs: set[str] | frozenset[str],
                  base_url: str, scheduled_too: bool = False) -> list[ContentError]:  # fmt: skip
    """Links in the site's briefs and pages (and those scheduled for later, if asked) to a
    draft brief (any of ``briefs``), to a brief scheduled for later, or to no file of the
    site (``outputs``)."""
    items: list[Brief | Page] = [*site.briefs, *site.pages]
    for edition in site.editions:
        items += [*edition.briefs, *edition.pages]
    if scheduled_too:
        items += site.held_back
    drafts = [brief for brief in briefs if brief.draft]
    return links.problems(items, set(outputs), drafts, site.held_back, base_url)


def warnings(problems: Sequence[ContentError], options: Options, inputs: Read) -> tuple[str, ...]:
    """The build's warnings as it prints them (``path:line: warning: message``): link
    problems, settings reserved for a production build, and files the build ignored."""
    from . import leftovers
    from .config import is_local, reserved_warnings

    lines = tuple(links.warning(problem) for problem in problems)
    if options.base_url is not None and not is_local(options.base_url):  # a production build
        lines += reserved_warnings(inputs.config)
    return lines + leftovers.ignored(inputs.files.ignored)


def check(options: Options) -> Site:
    """Every validation of a build plus a check of internal links; writes nothing."""
    inputs, site = load(options)
    config, files = inputs.config, inputs.files
    outputs = set(render_site(site, config, files.templates, files.assets, files.config.path))
    from . import pictures

    outputs |= set(pictures.variants([*site.briefs, *site.pages]))
    # briefs scheduled for later are checked too: their links must work when they appear
    everything = (*site.briefs, *site.held_back)
    errors = link_problems(site, everything, outputs, config.base_url, scheduled_too=True)
    manifest = write.read_manifest(options.output.resolve()) or {}
    errors += alias_problems(site, config, outputs, options.output, manifest)
    # a brief moved since the output folder's build: its old address must keep working
    errors += published.moved(published.read(options.output.resolve()), site)
    if errors:
        raise BuildFailed(errors)
    return site
