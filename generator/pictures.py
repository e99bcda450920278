"""Pictures in briefs and pages: find each file, check it as an editor would, and plan the
files a page shows (formats, widths, crops). Pure: bytes and parsed items in, new items
and located errors out; the files themselves are encoded at render time
(``render/pictures.py``) and cached.

A picture of the content is an ``<img>`` whose ``src`` is a relative path (a file beside a
bundle's ``index.md``) or ``/media/<name>`` (a file of ``content/media/``), and every lead
``image``. Any other ``src`` (``/assets/...``, an address elsewhere) is left as written.

Checks, each a located error: the file exists and stays inside the content folder (no
``..``; symbolic links are refused where files are read); Pillow reads it as JPEG, PNG,
WebP, GIF or AVIF, whole; it has no more pixels than Pillow's decompression-bomb limit
(read from the header, before decoding); a body picture has alt text unless it is marked
decorative (title "decorative"); a lead has alt text and a credit, and is at least
``LEAD_MIN_WIDTH`` pixels wide.
"""

from __future__ import annotations

import hashlib
import html
import io
import posixpath
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import ContentError
from .model import Brief, LeadImage, LinkSpan, Page, Picture, Variant

MEDIA_URL = "/media/"  # where shared pictures are written, and every encoded file is put
DECORATIVE = "decorative"  # the title that marks a body picture as decorative (alt "")
LEAD_MIN_WIDTH = 1200
WIDTHS = (400, 800, 1200)  # the widths a picture is offered at (never above the original's)
FORMATS = ("avif", "webp")  # offered in <source> elements, before the fallback
READABLE = ("JPEG", "PNG", "WEBP", "GIF", "AVIF")
# The crops of a lead: the share card, then the three ratios Google asks for in JSON-LD.
CROPS = (("share", 1200, 630), ("16x9", 1200, 675), ("4x3", 1200, 900), ("1x1", 1200, 1200))
# Changes whenever the files made from a picture would: part of every encoded file's name.
RECIPE = "1"
SIZES = "(min-width: 42rem) 40rem, calc(100vw - 2rem)"  # the body's measure, in CSS

_IMG_RE = re.compile(r"<img\b[^>]*>")
_ATTR_RE = re.compile(r'\s([a-z-]+)="([^"]*)"')


@dataclass(frozen=True)
class Info:
    """What a build needs to know of one original: its upright size and kind."""

    width: int
    height: int
    alpha: bool  # has transparency: its fallback is a PNG
    format: str  # Pillow's name: "JPEG", "PNG"...


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def max_pixels() -> int:
    from PIL import Image

    return int(Image.MAX_IMAGE_PIXELS or 0)


def inspect(data: bytes) -> Info | str:
    """The picture's size and kind, or what is wrong with it (as a message's tail). Reads
    the header first: a decompression bomb is refused before any pixel is decoded."""
    from PIL import Image, UnidentifiedImageError

    limit = max_pixels()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                if im.format not in READABLE:
                    return f"is a {im.format} file; use JPEG, PNG, WebP, GIF or AVIF"
                width, height = im.size
                if limit and width * height > limit:
                    return (
                        f"is {width} x {height} pixels, more than the {limit} a build decodes "
                        "(a decompression bomb?); make it smaller"
                    )
                orientation = im.getexif().get(0x0112, 1)
                alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
                fmt = im.format
                im.load()  # the whole file: a damaged one fails here, not at render time
    except UnidentifiedImageError:
        return "is not a picture (use JPEG, PNG, WebP, GIF or AVIF)"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "has more pixels than a build decodes (a decompression bomb?); make it smaller"
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        return f"is damaged and cannot be read ({exc})"
    if orientation in (5, 6, 7, 8):  # shown turned a quarter: width and height swap
        width, height = height, width
    return Info(width, height, alpha, fmt)


def located(src: str, item_path: str) -> str | None:
    """The content path of a picture written ``src`` in the item at ``item_path``, or None
    when ``src`` is not one of the content's pictures. Raises ValueError with the reason
    when it would leave its folder."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    content = item_path.split("/", 1)[0]
    if path.startswith("/"):
        if not path.startswith(MEDIA_URL):
            return None
        rest = path[len(MEDIA_URL) :]
        base = f"{content}/media"
    else:
        rest, base = path, posixpath.dirname(item_path)
    if any(segment in ("", ".", "..") for segment in rest.split("/")):
        raise ValueError(
            "'.', '..' and empty parts are not allowed in a picture's path; put the file beside "
            "the brief (a folder with index.md) or in content/media/"
        )
    return f"{base}/{rest}"


def _name(url_stem: str, source: str, digest_: str, box: tuple[int, ...], size: tuple[int, int],
          fmt: str, engine: str) -> str:  # fmt: skip
    recipe = repr((RECIPE, engine, digest_, box, size, fmt))
    tag = hashlib.sha256(recipe.encode()).hexdigest()[:12]
    ext = "jpg" if fmt == "jpeg" else fmt
    return f"{MEDIA_URL}{url_stem}-{size[0]}x{size[1]}-{tag}.{ext}"


def _stem(source: str) -> str:
    stem = posixpath.splitext(posixpath.basename(source))[0].lower()
    return re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:40] or "picture"


def engine() -> str:
    """The encoder's identity: Pillow's version, which the bytes depend on."""
    import PIL

    return PIL.__version__


def offered() -> tuple[str, ...]:
    """The modern formats this Pillow can write: AVIF (built in since Pillow 11.2, unless
    Pillow was built without libavif) and WebP; a format it cannot write is left out."""
    from PIL import features

    return tuple(fmt for fmt in FORMATS if features.check(fmt))


def _box(info: Info, ratio: tuple[int, int] | None, focus: tuple[float, float]) -> tuple[int, ...]:
    """The part of the upright original a crop of ``ratio`` (width, height) keeps, centred on
    ``focus`` as far as the edges allow; the whole picture without a ratio."""
    w, h = info.width, info.height
    if ratio is None:
        return (0, 0, w, h)
    rw, rh = ratio
    if w * rh > h * rw:  # wider than the ratio: cut the sides
        cw = max(1, round(h * rw / rh))
        x = min(max(0, round(focus[0] * w - cw / 2)), w - cw)
        return (x, 0, x + cw, h)
    ch = max(1, round(w * rh / rw))
    y = min(max(0, round(focus[1] * h - ch / 2)), h - ch)
    return (0, y, w, y + ch)


def plan_picture(source: str, data_digest: str, info: Info) -> Picture:
    """Every file a picture is shown from: AVIF, WebP and a JPEG (PNG if transparent)
    fallback at each width of ``WIDTHS`` below the original's, and at the original's if
    it is narrower than the widest."""
    box = _box(info, None, (0.5, 0.5))
    widths = sorted({w for w in WIDTHS if w < info.width} | {min(info.width, WIDTHS[-1])})
    fallback = "png" if info.alpha else "jpeg"
    stem, eng = _stem(source), engine()
    variants = []
    for fmt in (*offered(), fallback):
        for width in widths:
            height = max(1, round(info.height * width / info.width))
            url = _name(stem, source, data_digest, box, (width, height), fmt, eng)
            variants.append(Variant(url, width, height, fmt, source, tuple(box)))  # type: ignore[arg-type]
    largest = variants[-1]
    return Picture(largest.width, largest.height, tuple(variants))


def plan_crops(source: str, data_digest: str, info: Info, focus: tuple[float, float]
               ) -> tuple[Variant, ...]:  # fmt: skip
    """A lead's crops, JPEG: the 1200 x 630 share card and 16:9, 4:3, 1:1 at 1200 px wide."""
    stem, eng = _stem(source), engine()
    out = []
    for _, width, height in CROPS:
        box = _box(info, (width, height), focus)
        url = _name(stem, source, data_digest, box, (width, height), "jpeg", eng)
        out.append(Variant(url, width, height, "jpeg", source, tuple(box)))  # type: ignore[arg-type]
    return tuple(out)


class Catalogue:
    """The content's picture files (path -> bytes) and what is known of each, inspected
    once per build (``known``: digest -> Info or problem, which the build cache keeps)."""

    def __init__(self, files: dict[str, bytes], known: dict[str, Info | str]) -> None:
        self.files = files
        self.known = known
        self.digests: dict[str, str] = {}

    def look(self, path: str) -> tuple[str, Info | str] | None:
        """(digest, Info or problem) of a file, or None if there is no such file."""
        data = self.files.get(path)
        if data is None:
            return None
        d = self.digests.get(path)
        if d is None:
            d = self.digests[path] = digest(data)
        if d not in self.known:
            self.known[d] = inspect(data)
        return d, self.known[d]


def _attributes(tag: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _ATTR_RE.findall(tag)}


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _srcset(variants: Iterable[Variant], parts: list[tuple[str, str | None]]) -> None:
    """Append a srcset's text to ``parts``: each URL its own part (so links find it)."""
    for index, v in enumerate(variants):
        if index:
            parts.append((", ", None))
        parts.append((v.url, v.url))
        parts.append((f" {v.width}w", None))


def picture_parts(picture: Picture, alt: str, extra: str) -> list[tuple[str, str | None]]:
    """A ``<picture>`` element as (text, url-or-None) parts: a part with a URL is a link
    value (root-relative, made relative to each page where it is shown)."""
    parts: list[tuple[str, str | None]] = [("<picture>", None)]
    for fmt in (f for f in FORMATS if picture.of(f)):
        parts.append((f'<source type="image/{fmt}" srcset="', None))
        _srcset(picture.of(fmt), parts)
        parts.append((f'" sizes="{SIZES}">', None))
    fallback = picture.fallback
    parts.append(('<img src="', None))
    parts.append((fallback.url, fallback.url))
    parts.append(('" srcset="', None))
    _srcset(picture.of(picture.fallback_format), parts)
    parts.append(
        (
            f'" sizes="{SIZES}" alt="{_esc(alt)}" width="{picture.width}" '
            f'height="{picture.height}"{extra}></picture>',
            None,
        )
    )
    return parts


def _problem(item: Brief | Page, line: int, src: str, message: str) -> ContentError:
    return ContentError(item.path, line, f"picture '{src}' {message}")


Placed = tuple[str, tuple[LinkSpan, ...], list[ContentError], list[Picture]]


class _Body:
    """A body being rebuilt, with the spans of its link values where they now stand."""

    def __init__(self, links: tuple[LinkSpan, ...]) -> None:
        self.links = links
        self.out: list[str] = []
        self.spans: list[LinkSpan] = []
        self.length = 0  # of the new body so far

    def keep(self, text: str, start: int) -> None:
        """A stretch of the old body, from ``start``, kept as it was: its spans move with it."""
        for link in self.links:
            if start <= link.start and link.end <= start + len(text):
                shift = self.length - start
                self.spans.append(LinkSpan(link.start + shift, link.end + shift, link.line))
        self.out.append(text)
        self.length += len(text)

    def show(self, parts: list[tuple[str, str | None]], line: int) -> None:
        """New text in (text, url-or-None) parts; each URL a link value at ``line``."""
        for text, url in parts:
            if url is not None:
                self.spans.append(LinkSpan(self.length, self.length + len(text), line))
            self.out.append(text)
            self.length += len(text)


def _alt_problem(item: Brief | Page, line: int, src: str, decorative: bool, alt: str
                 ) -> ContentError | None:  # fmt: skip
    """A picture needs alt text, or to be marked decorative; not both."""
    if decorative and alt:
        return _problem(item, line, src, "is marked decorative but has alt text; drop one or "
                        "the other")  # fmt: skip
    if not decorative and not alt:
        return _problem(item, line, src, "has no alt text; describe it in ![...], or mark "
                        f'it decorative: ![]({src} "{DECORATIVE}")')  # fmt: skip
    return None


def _planned(item: Brief | Page, line: int, src: str, path: str, catalogue: Catalogue
             ) -> Picture | ContentError:  # fmt: skip
    """The picture at ``path`` planned, or why it cannot be (missing, not a picture)."""
    found = catalogue.look(path)
    if found is None:
        return _problem(item, line, src, f"not found: no file {path}")
    data_digest, info = found
    if isinstance(info, str):
        return _problem(item, line, src, info)
    return plan_picture(path, data_digest, info)


def place_body(item: Brief | Page, catalogue: Catalogue) -> Placed:
    """The item's body with each of the content's pictures checked and shown as a
    ``<picture>``; its link spans, its problems, and the pictures it shows."""
    body = item.body_html
    by_start = {link.start: link for link in item.links}
    errors: list[ContentError] = []
    used: list[Picture] = []
    new = _Body(item.links)
    at = 0
    for match in _IMG_RE.finditer(body):
        tag = match.group()
        attrs = _attributes(tag)
        src = attrs.get("src") or ""
        src_at = match.start() + tag.find(' src="') + 6 if ' src="' in tag else -1
        line = by_start[src_at].line if src_at in by_start else 1
        try:
            path = located(src, item.path) if src else None
        except ValueError as exc:
            errors.append(_problem(item, line, src, str(exc)))
            continue
        if path is None:
            continue
        new.keep(body[at : match.start()], at)
        at = match.end()
        decorative = attrs.get("title", "").strip().lower() == DECORATIVE
        alt = " ".join(attrs.get("alt", "").split())
        problem = _alt_problem(item, line, src, decorative, alt)
        errors += [problem] if problem is not None else []
        picture = _planned(item, line, src, path, catalogue)
        if isinstance(picture, ContentError):
            errors.append(picture)
            continue
        used.append(picture)
        title = "" if decorative or "title" not in attrs else f' title="{_esc(attrs["title"])}"'
        new.show(picture_parts(picture, alt, f'{title} loading="lazy" decoding="async"'), line)
    new.keep(body[at:], at)
    return "".join(new.out), tuple(new.spans), errors, used


def place_lead(brief: Brief, catalogue: Catalogue) -> tuple[LeadImage | None, list[ContentError],
                                                              list[str]]:  # fmt: skip
    """The brief's lead, checked and planned (picture and crops), or its problems."""
    lead = brief.image
    if lead is None:
        return None, [], []

    def problem(message: str) -> tuple[None, list[ContentError], list[str]]:
        return None, [ContentError(brief.path, lead.line, f"image src: '{lead.src}' {message}")], []

    try:
        path = located(lead.src, brief.path)
    except ValueError as exc:
        return problem(str(exc))
    if path is None:
        return problem("is not a file of the content: use a file beside the brief (a folder "
                       "with index.md) or /media/<name>")  # fmt: skip
    found = catalogue.look(path)
    if found is None:
        return problem(f"not found: no file {path}")
    data_digest, info = found
    if isinstance(info, str):
        return problem(info)
    if info.width < LEAD_MIN_WIDTH:
        return problem(f"is {info.width} pixels wide; a lead needs at least {LEAD_MIN_WIDTH}")
    picture = plan_picture(path, data_digest, info)
    crops = plan_crops(path, data_digest, info, lead.focus)
    return replace(lead, picture=picture, crops=crops), [], [picture.variants[0].url]


def _rekeyed(key: str, used: list[str]) -> str:
    """An item's key once its pictures are placed: the files it shows (their first file's
    name covers the original's bytes, the recipe and the encoder) are part of it."""
    if not used:
        return key
    return hashlib.sha256((key + "\0" + "\0".join(used) + "\0" + RECIPE).encode()).hexdigest()


def place(items: list[Any], catalogue: Catalogue) -> tuple[list[Any], list[ContentError]]:
    """Every brief or page with its pictures checked and placed; all problems at once."""
    out: list[Any] = []
    errors: list[ContentError] = []
    for item in items:
        if "<img" not in item.body_html and getattr(item, "image", None) is None:
            out.append(item)
            continue
        body, links, problems, pictures = place_body(item, catalogue)
        used = [v.url for picture in pictures for v in picture.variants[:1]]
        changes: dict[str, Any] = {"body_html": body, "links": links, "pictures": tuple(pictures)}
        if isinstance(item, Brief):
            lead, lead_problems, lead_used = place_lead(item, catalogue)
            problems += lead_problems
            used += lead_used
            changes["image"] = lead
        errors += problems
        out.append(replace(item, key=_rekeyed(item.key, used), **changes))
    return out, errors


def variants(items: Iterable[Any]) -> dict[str, Variant]:
    """Every encoded file the items show, by output path (sorted)."""
    found: dict[str, Variant] = {}
    for item in items:
        for v in _item_variants(item):
            found[v.url.lstrip("/")] = v
    return dict(sorted(found.items()))


def _item_variants(item: Any) -> Iterable[Variant]:
    lead = getattr(item, "image", None)
    if lead is not None and lead.picture is not None:
        yield from lead.picture.variants
        yield from lead.crops
    for picture in item.pictures:
        yield from picture.variants


def place_photos(people: list[Any], catalogue: Catalogue) -> tuple[list[Any], list[ContentError]]:
    """Each person's ``photo`` (a file beside their file in content/authors/, or
    /media/<name>) found, checked and planned like a body picture; its problems, located at
    the ``photo`` line."""
    out: list[Any] = []
    errors: list[ContentError] = []
    for person in people:
        if not person.photo:
            out.append(person)
            continue
        line = person.line("photo")
        try:
            path = located(person.photo, person.path)
        except ValueError as exc:
            errors.append(ContentError(person.path, line, f"photo: '{person.photo}' {exc}"))
            continue
        found = catalogue.look(path) if path is not None else None
        if path is None or found is None:
            message = f"photo: '{person.photo}' not found: no file {path}"
            errors.append(ContentError(person.path, line, message))
            continue
        data_digest, info = found
        if isinstance(info, str):
            errors.append(ContentError(person.path, line, f"photo: '{person.photo}' {info}"))
            continue
        picture = plan_picture(path, data_digest, info)
        key = _rekeyed(person.key, [picture.variants[0].url])
        out.append(replace(person, picture=picture, key=key))
    return out, errors
