"""An old post's body -> Markdown Briefing reads as it was meant: each generator's link
placeholders, template tags and shortcodes turned into their Markdown equivalent, where one
exists, and every one that has none reported at its line. Pure: text in, text and notes out."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType

import emoji

from .model import Note

# Resolves a reference to another post (a path or a name, as the old generator wrote it,
# from the post at ``from_path``) to its new address, or None.
Resolver = Callable[[str, str], "str | None"]


@dataclass
class Context:
    """What converting one body needs, and what it collects."""

    path: str  # the post, as the report names it
    source: Path  # the post's file
    body_line: int
    resolve: Resolver
    static_roots: tuple[Path, ...]
    variables: dict[str, object]
    title: str
    notes: list[Note] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # name beside the brief -> source path

    def line(self, text: str, start: int) -> int:
        return self.body_line + text.count("\n", 0, start)

    def note(self, text: str, start: int, level: str, message: str) -> None:
        self.notes.append(Note(self.path, self.line(text, start), level, message))


_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)


def _split_fences(text: str) -> list[tuple[int, str, bool]]:
    """``text`` cut into (offset, chunk, is fenced code), in order."""
    out: list[tuple[int, str, bool]] = []
    pos = 0
    while True:
        opened = _FENCE_RE.search(text, pos)
        if opened is None:
            out.append((pos, text[pos:], False))
            return out
        out.append((pos, text[pos : opened.start()], False))
        fence = opened.group(1)
        closing = re.compile(
            r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$", re.M
        )
        end = closing.search(text, opened.end())
        stop = len(text) if end is None else end.end()
        out.append((opened.start(), text[opened.start() : stop], True))
        pos = stop


def _map_prose(text: str, convert: Callable[[str, int], str]) -> str:
    """Apply ``convert(chunk, offset)`` to the parts of ``text`` outside fenced code."""
    return "".join(
        chunk if code else convert(chunk, off) for off, chunk, code in _split_fences(text)
    )


# ------------------------------------------------------------------------------ every site

_ATX_RE = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)", re.M)
_SHORTCODE_RE = re.compile(r"(?<![\w:`]):[a-z0-9_+-]+:(?![\w:])")
_FIGURE_RE = re.compile(r"<figure\b[^>]*>(?P<inner>.*?)</figure>", re.S | re.I)
_MD_IMAGE_RE = re.compile(
    r"!\[(?P<alt>[^\]\n]*)\]\((?P<src>[^)\s]+)(?:\s+\"(?P<title>[^\"]*)\")?\)"
)
_CAPTION_RE = re.compile(r"<figcaption\b[^>]*>(?P<cap>.*?)</figcaption>", re.S | re.I)
_HTML_IMG_RE = re.compile(r"<img\b[^>]*?\bsrc=[\"'](?P<src>[^\"']+)[\"'][^>]*>", re.I)
_ALT_RE = re.compile(r"\balt=[\"'](?P<alt>[^\"']*)[\"']", re.I)
_CODE_SPAN_RE = re.compile(r"(`+).+?\1")


_UNDERLINE_RE = re.compile(r"^ {0,3}=+[ \t]*$")


def _setext_h1(lines: list[str]) -> list[int]:
    """Indexes of the lines underlined with ``===`` (a level-1 setext heading's text)."""
    return [
        i - 1
        for i in range(1, len(lines))
        if lines[i - 1].strip()
        and _UNDERLINE_RE.match(lines[i])
        and not lines[i - 1].startswith("    ")
    ]


def _first_h1(chunk: str) -> int | None:
    atx = next((m.start() for m in _ATX_RE.finditer(chunk) if len(m.group(2)) == 1), None)
    lines = chunk.split("\n")
    setext = _setext_h1(lines)
    found = [at for at in (atx,) if at is not None]
    if setext:
        found.append(sum(len(line) + 1 for line in lines[: setext[0]]))
    return min(found) if found else None


def _demote(chunk: str, offset: int) -> str:
    chunk = _ATX_RE.sub(lambda m: m.group(1) + m.group(2) + ("#" if len(m.group(2)) < 6 else ""),
                        chunk)  # fmt: skip
    lines = chunk.split("\n")
    for index in reversed(_setext_h1(lines)):
        lines[index : index + 2] = ["## " + lines[index].strip()]
    return "\n".join(lines)


def common(text: str, ctx: Context) -> str:
    """What every generator's posts need: a picture in a ``<figure>`` made Markdown, emoji
    shortcodes made emoji, and, where the body has a level-1 heading (the title is the page's
    one ``h1``), every heading one level down."""
    text = _map_prose(text, lambda chunk, off: _FIGURE_RE.sub(lambda m: _figure(m, ctx, text, off),
                                                              chunk))  # fmt: skip
    emojified = _map_prose(
        text, lambda chunk, off: _SHORTCODE_RE.sub(lambda m: _emoji(m, chunk), chunk)
    )
    if emojified != text:
        where = next(i for i, (a, b) in enumerate(zip(text, emojified, strict=False)) if a != b)
        ctx.note(text, where, "converted", "emoji shortcodes made emoji")
    text = emojified
    first = next(
        (off + at for off, chunk, code in _split_fences(text)
         if not code and (at := _first_h1(chunk)) is not None),
        None,
    )  # fmt: skip
    if first is not None:
        text = _map_prose(text, _demote)
        ctx.note(text, first, "converted", "a level-1 heading: every heading one level down")
    return text


def _figure(match: re.Match[str], ctx: Context, whole: str, offset: int) -> str:
    inner = match.group("inner")
    image = _MD_IMAGE_RE.search(inner) or None
    if image is None:
        html_img = _HTML_IMG_RE.search(inner)
        if html_img is None:
            return match.group(0)
        alt = _ALT_RE.search(html_img.group(0))
        alt_text, src = (alt.group("alt") if alt else ""), html_img.group("src")
    else:
        alt_text, src = image.group("alt"), image.group("src")
    caption = _CAPTION_RE.search(inner)
    cap = re.sub(r"<[^>]+>", "", caption.group("cap")).strip() if caption else ""
    ctx.note(whole, offset + match.start(), "converted", "<figure> made a Markdown picture")
    title = f' "{cap}"' if cap and '"' not in cap else ""
    return f"![{alt_text}]({src}{title})"


def _emoji(match: re.Match[str], part: str) -> str:
    code = match.group(0)
    line_start = part.rfind("\n", 0, match.start()) + 1
    line = part[
        line_start : part.find("\n", match.end()) if "\n" in part[match.end() :] else len(part)
    ]
    if any(m.start() <= match.start() - line_start < m.end() for m in _CODE_SPAN_RE.finditer(line)):
        return code
    return emoji.emojize(code, language="alias")


# ---------------------------------------------------------------------------------- Pelican

_PELICAN_RE = re.compile(
    r"(?:\{|\|)(?P<kind>filename|static|attach|tag|category|author|index)(?:\}|\|)"
    r"(?P<target>[^\s)\"'>#?]*[^\s)\"'>#?.,;:!])?"
)


def pelican(text: str, ctx: Context) -> str:
    """``{filename}``/``|filename|`` links to posts, ``{static}``/``{attach}`` files,
    ``{tag}``/``{category}`` pages and ``{index}``."""

    def one(match: re.Match[str]) -> str:
        kind, target = match.group("kind"), match.group("target") or ""
        if kind == "filename":
            url = ctx.resolve(target, ctx.path)
        elif kind in ("static", "attach"):
            url = _beside(target, ctx, relative_to_post=not target.startswith("/"))
        elif kind in ("tag", "category"):
            url = f"/tags/{_slug(target)}/" if target else None
        elif kind == "index":
            url = "/"
        else:
            url = None
        if url is None:
            ctx.note(text, match.start(), "warning", f"'{match.group(0)}' not converted: "
                                                     "nothing to point it to")  # fmt: skip
            return match.group(0)
        ctx.note(text, match.start(), "converted", f"'{match.group(0)}' -> '{url}'")
        return url

    return _PELICAN_RE.sub(one, text)


def _slug(name: str) -> str:
    from slugify import slugify

    return slugify(name)


# ----------------------------------------------------------------------------------- Jekyll

_RAW_RE = re.compile(r"\{%-?\s*raw\s*-?%\}(?P<inner>.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_HIGHLIGHT_RE = re.compile(
    r"\{%-?\s*highlight\s+(?P<lang>[\w+#.-]+)[^%]*?-?%\}\n?(?P<code>.*?)\n?\{%-?\s*endhighlight\s*-?%\}",
    re.S,
)
_LINK_RE = re.compile(r"\{%-?\s*(?P<tag>link|post_url)\s+(?P<target>[^\s%]+)\s*-?%\}")
_VARIABLE_RE = re.compile(r"\{\{-?\s*(?P<name>(?:site|page)\.[A-Za-z0-9_]+)\s*-?\}\}")
# `{{ "/docs/x/" | relative_url }}`: a site path, which is what Briefing's links are.
_URL_FILTER_RE = re.compile(
    r"\{\{-?\s*(?P<q>[\"'])(?P<path>[^\"'\s]*)(?P=q)\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}"
)
# Liquid with no Markdown equivalent: a block (a loop, a condition) with its end tag, else
# one tag or expression.
_LIQUID_RE = re.compile(
    r"\{%-?\s*(?P<block>for|if|unless|case|capture|comment|tablerow)\b.*?"
    r"\{%-?\s*end(?P=block)\s*-?%\}|\{%(?!-?\s*(?:link|post_url)\s).*?%\}|\{\{.*?\}\}",
    re.S,
)
_PROTECT = "\x00raw{}\x00"


def jekyll(text: str, ctx: Context) -> str:
    """``{% raw %}``, ``{% highlight %}``, ``{% link %}``, ``{% post_url %}``, and
    ``{{ site.* }}``/``{{ page.title }}``; other Liquid is reported at its line."""
    kept: list[str] = []

    def protect(match: re.Match[str]) -> str:
        kept.append(match.group("inner"))
        ctx.note(text, match.start(), "converted", "{% raw %}: its text kept as written")
        return _PROTECT.format(len(kept) - 1)

    text = _RAW_RE.sub(protect, text)

    def fence(match: re.Match[str]) -> str:
        ctx.note(text, match.start(), "converted", "{% highlight %} -> fenced code")
        return f"```{match.group('lang')}\n{match.group('code')}\n```"

    text = _HIGHLIGHT_RE.sub(fence, text)

    def link(match: re.Match[str]) -> str:
        url = ctx.resolve(match.group("target"), ctx.path)
        if url is None:
            ctx.note(text, match.start(), "warning",
                     f"'{match.group(0)}' not converted: no imported post is "
                     f"'{match.group('target')}'")  # fmt: skip
            return match.group(0)
        ctx.note(text, match.start(), "converted", f"'{match.group(0)}' -> '{url}'")
        return url

    text = _LINK_RE.sub(link, text)

    def variable(match: re.Match[str]) -> str:
        name = match.group("name")
        if name in ("site.baseurl", "site.url"):
            value: object = ""  # links become site paths: the new site's own base applies
        elif name == "page.title":
            value = ctx.title
        elif name.startswith("site.") and name[5:] in ctx.variables:
            value = ctx.variables[name[5:]]
        else:
            return match.group(0)
        ctx.note(text, match.start(), "converted", f"'{match.group(0)}' -> '{value}'")
        return str(value)

    text = _VARIABLE_RE.sub(variable, text)

    def url_filter(match: re.Match[str]) -> str:
        ctx.note(text, match.start(), "converted", f"'{match.group(0)}' -> '{match.group('path')}'")
        return match.group("path")

    text = _URL_FILTER_RE.sub(url_filter, text)
    text = _map_prose(text, lambda chunk, off: _hide(_LIQUID_RE, chunk, text, off, ctx,
                                                     "Briefing runs no Liquid"))  # fmt: skip
    for index, inner in enumerate(kept):
        text = text.replace(_PROTECT.format(index), inner)
    return text


def _hidden(snippet: str, text: str, start: int, ctx: Context, why: str) -> str:
    """``snippet`` kept in the source inside an HTML comment, which no page shows, and
    reported at its line: the editor rewrites it; no reader sees template syntax."""
    shown = " ".join(snippet.split())[:60]
    ctx.note(text, start, "warning", f"'{shown}' not converted ({why}): kept in an HTML "
                                     "comment, hidden from readers")  # fmt: skip
    return "<!-- not converted: " + snippet.replace("--", "- -") + " -->"


def _hide(pattern: re.Pattern[str], chunk: str, text: str, offset: int, ctx: Context,
          why: str) -> str:  # fmt: skip
    return pattern.sub(lambda m: _hidden(m.group(0), text, offset + m.start(), ctx, why), chunk)


# ------------------------------------------------------------------------------------- Hugo

_HUGO_RE = re.compile(
    r"\{\{(?P<open>[<%])\s*(?P<close>/\s*)?(?P<name>[\w.-]+)(?P<args>.*?)\s*[>%]\}\}", re.S
)


def _closing(name: str) -> re.Pattern[str]:
    return re.compile(r"\{\{[<%]\s*/\s*" + re.escape(name) + r"\s*[>%]\}\}")


def _args(raw: str) -> tuple[list[str], dict[str, str]]:
    try:
        words = shlex.split(raw)
    except ValueError:
        words = raw.split()
    named = dict(w.split("=", 1) for w in words if "=" in w)
    return [w for w in words if "=" not in w], named


def hugo(text: str, ctx: Context) -> str:
    """``{{< ref >}}``/``relref``, ``{{< figure >}}``, ``{{< highlight >}}``; other shortcodes
    are reported at their line."""
    out: list[str] = []
    pos = 0
    for match in _HUGO_RE.finditer(text):
        if match.start() < pos:
            continue
        out.append(text[pos : match.start()])
        pos = match.end()
        name, (plain, named) = match.group("name"), _args(match.group("args"))
        if match.group("close"):  # the end of a pair whose opening was hidden: hide it too
            out.append(_hidden(match.group(0), text, match.start(), ctx, f"closes '{name}'"))
            continue
        if name in ("ref", "relref") and plain:
            target, _, anchor = plain[0].partition("#")
            url = ctx.resolve(target, ctx.path)
            if url is not None:
                ctx.note(text, match.start(), "converted", f"'{match.group(0)}' -> '{url}'")
                out.append(url + (f"#{anchor}" if anchor else ""))
                continue
        elif name == "figure" and "src" in named:
            caption = named.get("caption") or named.get("title") or ""
            title = f' "{caption}"' if caption and '"' not in caption else ""
            ctx.note(text, match.start(), "converted", "{{< figure >}} -> a Markdown picture")
            out.append(f"![{named.get('alt', '')}]({named['src']}{title})")
            continue
        elif name == "highlight" and plain:
            end = _closing("highlight").search(text, pos)
            if end is not None:
                code = text[pos : end.start()].strip("\n")
                ctx.note(text, match.start(), "converted", "{{< highlight >}} -> fenced code")
                out.append(f"```{plain[0]}\n{code}\n```")
                pos = end.end()
                continue
        # A pair's inner text stays (it is the post's own words, e.g. in an alert box); its
        # tags are hidden, each reported
        out.append(
            _hidden(match.group(0), text, match.start(), ctx, f"Briefing has no shortcode '{name}'")
        )
    out.append(text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------------- pictures

# A picture, or a link to a file (a PDF, a picture): "![alt](src)", "[text](file.pdf)".
_LOCAL_IMAGE_RE = re.compile(r"(!?\[[^\]\n]*\]\()(?P<src>[^)\s]+)((?:\s+\"[^\"]*\")?\))")
_FILE_RE = re.compile(r"\.(?!html?$|md$|markdown$)[A-Za-z0-9]{2,5}$")


def _beside(target: str, ctx: Context, relative_to_post: bool) -> str | None:
    """Find the file an old post points to and plan its copy beside the brief; its new name
    (a plain file name, relative to the brief), or None when no such file exists."""
    clean = target.split("#")[0].split("?")[0]
    candidates = []
    if relative_to_post and not clean.startswith("/"):
        candidates.append(ctx.source.parent / clean)
    candidates += [root / clean.lstrip("/") for root in ctx.static_roots]
    found = next((c for c in candidates if c.is_file() and not c.is_symlink()), None)
    if found is None:
        return None
    name = PurePosixPath(clean).name
    while name in ctx.files and ctx.files[name] != str(found):
        name = "1-" + name
    ctx.files[name] = str(found)
    return name


def pictures(text: str, ctx: Context) -> str:
    """Every picture the body shows from the old site's own files, copied beside the brief."""

    def one(match: re.Match[str]) -> str:
        src = match.group("src")
        picture = match.group(1).startswith("!")
        if (
            re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#", src, re.I)
            or "/" not in src
            and src in ctx.files
        ):
            return match.group(0)
        if not picture and not _FILE_RE.search(src.split("#")[0].split("?")[0]):
            return match.group(0)  # a link to a page, not a file
        name = _beside(src, ctx, relative_to_post=True)
        if name is None:
            what = "picture" if picture else "file"
            ctx.note(text, match.start(), "warning", f"{what} '{src}' not found in the old site")
            return match.group(0)
        if name != src:
            ctx.note(text, match.start(), "converted", f"picture '{src}' copied beside the brief")
        return match.group(1) + name + match.group(3)

    return _map_prose(text, lambda chunk, off: _LOCAL_IMAGE_RE.sub(one, chunk))


CONVERTERS: Mapping[str, Callable[[str, Context], str]] = MappingProxyType(
    {
        "pelican": pelican,
        "jekyll": jekyll,
        "hugo": hugo,
    }
)


def convert(generator: str, text: str, ctx: Context) -> str:
    """One body, from ``generator``'s syntax to Briefing's Markdown."""
    text = CONVERTERS[generator](text, ctx)
    text = common(text, ctx)
    return pictures(text, ctx)
