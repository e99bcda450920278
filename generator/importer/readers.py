"""One reader a generator: a site folder -> its posts and pages (``Post``), with the address
each had on the old site. Only the read edge of the importer touches the old site's files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from slugify import slugify

from . import settings
from .frontmatter import split
from .model import ImportFailed, Note, Post

MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")
DATED_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
# Folders of a site that hold no content of its own (build output, dependencies).
_SKIPPED = frozenset(
    {"_site", "public", "output", "node_modules", "vendor", ".git", "resources", "themes"}
)


@dataclass(frozen=True)
class Reading:
    """What a reader found: posts and pages, values for ``{{ site.x }}``, and notes on files
    it did not read (sources in formats other than Markdown, list pages)."""

    generator: str
    root: Path
    posts: tuple[Post, ...]
    variables: dict[str, Any] = field(default_factory=dict)
    static_roots: tuple[Path, ...] = ()  # where a site-absolute "/x.png" may be found
    timezone: str | None = None
    notes: tuple[Note, ...] = ()


def _files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if any(p in _SKIPPED or p.startswith(".") for p in parts):
            continue
        if path.is_file() and not path.is_symlink():
            yield path


def _text(path: Path, shown: str) -> str:
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{shown}: not valid UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise ImportFailed(f"{shown}: cannot read: {exc.strerror}") from None


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _folder_url(url: str) -> str:
    """An old address as a site path: "x/index.html" -> "/x/", "/a" -> "/a/"."""
    url = "/" + url.lstrip("/")
    url = re.sub(r"/{2,}", "/", url)
    if url.endswith("/index.html"):
        return url[: -len("index.html")]
    if url.endswith((".html", ".htm", "/")):
        return url
    return url + "/"


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip().replace(" ", "T", 1)
        text = re.sub(r"\s*([+-]\d{2}):?(\d{2})$", r"\1:\2", text).replace("Z", "+00:00")
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    return None


def _words(value: Any, sep: str = ",") -> list[str]:
    if isinstance(value, str):
        return [w.strip() for w in value.split(sep) if w.strip()]
    if isinstance(value, list | tuple):
        return [str(w).strip() for w in value if str(w).strip()]
    return []


# ---------------------------------------------------------------------------------- Pelican

PELICAN_DEFAULTS = MappingProxyType(
    {
        "PATH": "content",
        "PAGE_PATHS": ["pages"],
        "ARTICLE_URL": "{slug}.html",
        "ARTICLE_SAVE_AS": "{slug}.html",
        "PAGE_URL": "pages/{slug}.html",
        "PAGE_SAVE_AS": "pages/{slug}.html",
        "SLUGIFY_SOURCE": "title",
        "DEFAULT_CATEGORY": "misc",
        "USE_FOLDER_AS_CATEGORY": True,
        "TIMEZONE": None,
        "STATIC_PATHS": ["images"],
    }
)


def pelican(site: Path) -> Reading:
    conf = {**PELICAN_DEFAULTS, **settings.pelican(site)}
    root = site / str(conf["PATH"])
    if not root.is_dir():
        raise ImportFailed(f"{root}: the content folder named by PATH in pelicanconf.py is missing")
    page_roots = [root / p for p in _words(conf["PAGE_PATHS"])]
    posts: list[Post] = []
    notes: list[Note] = []
    for path in _files(root):
        shown = _shown(path, site)
        if path.suffix.lower() in (".rst", ".html", ".htm") and "images" not in path.parts:
            notes.append(Note(shown, 1, "warning", f"not imported: only Markdown sources are read, "
                                                   f"not {path.suffix}"))  # fmt: skip
        elif path.suffix.lower() in MARKDOWN:
            is_page = any(r in path.parents for r in page_roots)
            posts.append(_pelican_post(path, shown, root, is_page, conf, notes))
    static = tuple(root / p for p in _words(conf["STATIC_PATHS"])) + (root,)
    return Reading("pelican", site, tuple(posts), {}, static, conf["TIMEZONE"], tuple(notes))


def _pelican_post(
    path: Path, shown: str, root: Path, is_page: bool, conf: dict[str, Any], notes: list[Note]
) -> Post:
    """One Markdown source of a Pelican site, with the addresses Pelican gave it."""
    meta, lines, body, body_line = split(shown, _text(path, shown), pelican=True)
    meta = {k.lower(): v for k, v in meta.items()}
    lines = {k.lower(): v for k, v in lines.items()}
    dated = re.match(r"(\d{4}-\d{2}-\d{2})", path.stem)
    if "date" not in meta and dated and not is_page:
        meta["date"] = dated.group(1)
        lines.setdefault("date", 1)
    title = str(meta.get("title", path.stem))
    if meta.get("slug"):
        slug = str(meta["slug"])
    elif conf["SLUGIFY_SOURCE"] == "basename":
        slug = slugify(path.stem)
    else:
        slug = slugify(title)
    category = meta.get("category")
    if not category and conf["USE_FOLDER_AS_CATEGORY"] and path.parent != root and not is_page:
        category = path.parent.name
        meta["category"] = category
    old: list[str] = []
    if str(meta.get("status", "")).lower() != "draft":
        values = {
            "slug": slug,
            "date": _as_datetime(meta.get("date")) or datetime(1970, 1, 1),
            "category": slugify(str(category or conf["DEFAULT_CATEGORY"])),
            "lang": meta.get("lang", conf.get("DEFAULT_LANG", "en")),
            "author": slugify(str(meta.get("author", ""))),
        }
        old = _pelican_urls("PAGE" if is_page else "ARTICLE", meta, lines, values, conf, shown,
                            notes)  # fmt: skip
    kind = "page" if is_page else "brief"
    return Post(kind, shown, meta, lines, body, body_line, slug, tuple(dict.fromkeys(old)))


def _pelican_urls(
    kind: str, meta: dict[str, Any], lines: dict[str, int], values: dict[str, Any],
    conf: dict[str, Any], shown: str, notes: list[Note],
) -> list[str]:  # fmt: skip
    """The addresses a published post had: its ``URL`` and ``SAVE_AS`` patterns filled in."""
    old = []
    for setting, given in ((f"{kind}_URL", "url"), (f"{kind}_SAVE_AS", "save_as")):
        pattern = str(meta.get(given) or conf.get(setting) or "")
        try:
            old.append(_folder_url(pattern.format(**values)))
        except (KeyError, IndexError, ValueError) as exc:
            notes.append(Note(shown, lines.get(given, 1), "warning",
                              f"old address from {setting} '{pattern}' not kept: "
                              f"unknown placeholder {exc}"))  # fmt: skip
    return old


# ----------------------------------------------------------------------------------- Jekyll

JEKYLL_STYLES = MappingProxyType(
    {
        "date": "/:categories/:year/:month/:day/:title:output_ext",
        "pretty": "/:categories/:year/:month/:day/:title/",
        "ordinal": "/:categories/:year/:y_day/:title:output_ext",
        "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none": "/:categories/:title:output_ext",
    }
)


def _jekyll_url(pattern: str, when: datetime, title: str, categories: list[str]) -> str:
    pattern = JEKYLL_STYLES.get(pattern, pattern)
    values = {
        "year": f"{when.year:04d}",
        "month": f"{when.month:02d}",
        "day": f"{when.day:02d}",
        "i_month": str(when.month),
        "i_day": str(when.day),
        "short_year": f"{when.year % 100:02d}",
        "y_day": f"{when.timetuple().tm_yday:03d}",
        "hour": f"{when.hour:02d}",
        "minute": f"{when.minute:02d}",
        "second": f"{when.second:02d}",
        "title": title,
        "slug": slugify(title),
        "categories": "/".join(c.lower().replace(" ", "%20") for c in categories),
        "output_ext": ".html",
    }
    names = sorted(values, key=len, reverse=True)
    url = re.sub(":(" + "|".join(names) + ")", lambda m: values[m.group(1)], pattern)
    return _folder_url(url)


def jekyll(site: Path) -> Reading:
    conf = settings.jekyll(site)
    style = str(conf.get("permalink") or "date")
    posts: list[Post] = []
    notes: list[Note] = []
    for folder, draft in (("_posts", False), ("_drafts", True)):
        for path in _files(site / folder):
            if path.suffix.lower() in MARKDOWN:
                posts += _jekyll_post(path, _shown(path, site), draft, style, notes)
    for path in _files(site):
        rel = path.relative_to(site)
        if not rel.parts[0].startswith("_") and path.suffix.lower() in MARKDOWN:
            posts += _jekyll_page(path, rel, style, notes)
    variables = {k: v for k, v in conf.items() if isinstance(v, str | int | float)}
    return Reading("jekyll", site, tuple(posts), variables, (site,), conf.get("timezone"),
                   tuple(notes))  # fmt: skip


def _jekyll_post(path: Path, shown: str, draft: bool, style: str, notes: list[Note]
                 ) -> list[Post]:  # fmt: skip
    """A post of ``_posts`` or ``_drafts`` with the address Jekyll gave it; none for a
    post whose file name does not start with its date."""
    meta, lines, body, body_line = split(shown, _text(path, shown))
    dated = DATED_RE.match(path.stem)
    if dated is None and not draft:
        notes.append(Note(shown, 1, "warning", "not imported: a post's file name starts "
                                               "with its date (YYYY-MM-DD-)"))  # fmt: skip
        return []
    stem = dated.group(4) if dated else path.stem
    if "date" not in meta and dated:
        meta["date"] = f"{dated.group(1)}-{dated.group(2)}-{dated.group(3)}"
        lines["date"] = 1
    if draft:
        meta.setdefault("published", False)
    title = str(meta.get("slug") or stem)
    old: list[str] = []
    day = "-".join(dated.group(1, 2, 3)) if dated else None
    when = _as_datetime(meta.get("date")) or _as_datetime(day)
    if not draft and meta.get("published", True) is not False and when is not None:
        categories = _words(meta.get("categories", meta.get("category")), " ")
        if isinstance(meta.get("categories"), list):
            categories = _words(meta["categories"])
        pattern = str(meta.get("permalink") or style)
        old.append(_jekyll_url(pattern, when, title, categories))
    old += [_folder_url(u) for u in _words(meta.get("redirect_from"))]
    return [Post("brief", shown, meta, lines, body, body_line, title, tuple(old),
                 file_date=day)]  # fmt: skip


def _jekyll_page(path: Path, rel: Path, style: str, notes: list[Note]) -> list[Post]:
    """A page of a Jekyll site (a Markdown file with front matter outside the ``_``
    folders) with its address; none for the home page or a file Jekyll copies as it is."""
    shown = rel.as_posix()
    text = _text(path, shown)
    if not text.startswith("---"):
        return []  # Jekyll copies a file without front matter as it is: not a page
    meta, lines, body, body_line = split(shown, text)
    if rel.as_posix() in ("index.md", "index.markdown"):
        notes.append(Note(shown, 1, "dropped", "the home page: Briefing makes its own"))
        return []
    stem = path.parent.name if path.stem == "index" else path.stem
    if meta.get("permalink"):
        url = _folder_url(str(meta["permalink"]))
    elif style == "pretty" or path.stem == "index":
        url = _folder_url(rel.with_suffix("").as_posix().removesuffix("index") + "/")
    else:
        url = "/" + rel.with_suffix(".html").as_posix()
    old = [url, *(_folder_url(u) for u in _words(meta.get("redirect_from")))]
    return [Post("page", shown, meta, lines, body, body_line, stem, tuple(old))]


# ------------------------------------------------------------------------------------- Hugo


def _hugo_url(pattern: str, when: datetime | None, slug: str, title: str, section: str) -> str:
    values = {
        "year": f"{when.year:04d}" if when else "",
        "month": f"{when.month:02d}" if when else "",
        "day": f"{when.day:02d}" if when else "",
        "title": slugify(title),
        "slug": slug,
        "filename": slug,
        "contentbasename": slug,
        "section": section,
        "sections": section,
    }
    names = sorted(values, key=len, reverse=True)
    return _folder_url(re.sub(":(" + "|".join(names) + ")", lambda m: values[m.group(1)], pattern))


def hugo(site: Path) -> Reading:
    conf = settings.hugo(site)
    root = site / str(conf.get("contentdir") or "content")
    if not root.is_dir():
        raise ImportFailed(f"{root}: a Hugo site's content folder is missing")
    posts: list[Post] = []
    notes: list[Note] = []
    for path in _files(root):
        if path.suffix.lower() not in MARKDOWN:
            continue
        shown = _shown(path, site)
        if path.stem == "_index":
            notes.append(Note(shown, 1, "dropped", "a list page: Briefing makes its own lists"))
        else:
            posts.append(_hugo_post(path, shown, root, conf))
    statics = site / str(conf.get("staticdir") or "static")
    return Reading("hugo", site, tuple(posts), {}, (statics, root), conf.get("timezone"),
                   tuple(notes))  # fmt: skip


def _hugo_post(path: Path, shown: str, root: Path, conf: dict[str, Any]) -> Post:
    """A content file of a Hugo site (a page bundle's files with it), with its addresses:
    a file in a section is a brief, one at the top a page."""
    rel = path.relative_to(root)
    bundle = path.stem == "index"
    stem = path.parent.name if bundle else path.stem
    folders = rel.parts[:-2] if bundle else rel.parts[:-1]
    section = folders[0] if folders else ""
    meta, lines, body, body_line = split(shown, _text(path, shown))
    slug = str(meta.get("slug") or stem)
    files: tuple[tuple[str, str], ...] = ()
    if bundle:
        files = tuple(
            (f.name, str(f))
            for f in sorted(path.parent.iterdir())
            if f.is_file() and f.suffix.lower() not in MARKDOWN and not f.name.startswith(".")
        )
    url = _hugo_address(meta, conf, folders, section, slug)
    old = [url, *(_folder_url(u) for u in _words(meta.get("aliases")))]
    kind = "brief" if section else "page"
    return Post(kind, shown, meta, lines, body, body_line, slug, tuple(old), files)


def _hugo_address(
    meta: dict[str, Any], conf: dict[str, Any], folders: tuple[str, ...], section: str,
    slug: str,
) -> str:  # fmt: skip
    """Where Hugo published a content file: its ``url``, its section's permalink pattern,
    or its folders and slug (in lower case unless the site says otherwise)."""
    permalinks = {str(k): str(v) for k, v in (conf.get("permalinks") or {}).items()}
    if meta.get("url"):
        url = _folder_url(str(meta["url"]))
    elif section in permalinks:
        when = _as_datetime(meta.get("date"))
        url = _hugo_url(permalinks[section], when, slug, str(meta.get("title", "")), section)
    else:
        url = _folder_url("/".join((*folders, slug)) + "/")
    return url if conf.get("disablepathtolower") else url.lower()


READERS = MappingProxyType({"pelican": pelican, "jekyll": jekyll, "hugo": hugo})
