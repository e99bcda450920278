"""The search index: Pagefind run over the rendered brief pages, its files kept in memory.

Only brief pages are indexed (they carry ``data-pagefind-body``); the index files join
the site's other outputs before anything is written, so a failed build leaves the old
index in place. Pagefind runs as its own binary (the ``pagefind-bin`` wheel) over a
temporary copy of the brief pages, outside the output folder, and its files are read
back into memory.

Pagefind cannot update an index in place, so the index is made of shards, one Pagefind
bundle per year under ``/pagefind/<year>/``, a busy year cut into quarters and months
(``shards``): an edit runs Pagefind again over its own shard's briefs only (at most
``SHARD_LIMIT`` where the dates allow), and no Pagefind process ever holds more than
``PAGES_PER_PROCESS`` pages (it needs some 250 KB per page). The search page loads
Pagefind once, from the newest shard, and merges the others into it (Pagefind's own
``mergeIndex``: one script, one worker and one WebAssembly module for all the shards; see
templates/assets/search.js).

Pagefind writes its filter indexes from a hash map, so the order of a filter's values
(and with it the file's name, the metadata file that names it and the entry file that
names that) changes from run to run. ``canonical`` sorts them and names the files
after their own content, so two builds of one commit give the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from .. import urls
from ..errors import EnvironmentProblem

FOLDER = urls.SEARCH_INDEX.lstrip("/")  # "pagefind/"
MAGIC = b"pagefind_dcd"
# Pagefind's ready-made interfaces, which the search page does not use (it has its own)
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")
SCRIPT = "search.js"  # the search page's script, under templates/assets/


def binary() -> Path:
    """The Pagefind executable shipped by the pagefind-bin wheel."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]

        return Path(get_executable())
    except (ImportError, FileNotFoundError):
        raise EnvironmentProblem("pagefind", "not installed; pip install 'pagefind[bin]'") from None


SHARD_LIMIT = 150  # briefs a shard holds at most, where the dates allow (see ``shards``)
PAGES_PER_PROCESS = 1000  # and at most, whatever the dates: Pagefind needs ~250 KB a page


def _quarter(when: datetime) -> str:
    return f"{when.year:04d}-q{(when.month - 1) // 3 + 1}"


# How finely the briefs' dates cut the index, coarsest first: a year, its quarters, their
# months, their days.
LEVELS: tuple[Callable[[datetime], str], ...] = (
    lambda when: f"{when.year:04d}",
    _quarter,
    lambda when: when.strftime("%Y-%m"),
    lambda when: when.strftime("%Y-%m-%d"),
)


def shards(
    dated: Iterable[tuple[str, datetime]], limit: int = SHARD_LIMIT,
    largest: int = PAGES_PER_PROCESS,
) -> dict[str, list[str]]:  # fmt: skip
    """{shard name: URLs}, newest shard first: the briefs' URLs by the year of their date
    ("2024"); a year of more than ``limit`` briefs by quarter ("2024-q2"), such a quarter by
    month ("2024-05"); a month is cut by day ("2024-05-17") only past ``largest`` briefs,
    which no Pagefind process should hold. A brief's shard depends on its own date and on
    how many briefs share its year, quarter or month, so an edit changes one shard (two when
    it moves a brief's date)."""

    def split(
        items: list[tuple[str, datetime]], depth: int
    ) -> dict[str, list[tuple[str, datetime]]]:
        groups: dict[str, list[tuple[str, datetime]]] = {}
        for url, when in items:
            groups.setdefault(LEVELS[depth](when), []).append((url, when))
        out: dict[str, list[tuple[str, datetime]]] = {}
        for name, group in groups.items():
            most = limit if depth < 2 else largest
            if len(group) > most and depth + 1 < len(LEVELS):
                out.update(split(group, depth + 1))
            else:
                out[name] = group
        return out

    found = split(list(dated), 0)
    # shards hold spans of time that never overlap: the newest brief of each orders them
    newest = {name: max(when for _, when in group) for name, group in found.items()}
    order = sorted(found, key=lambda name: (newest[name], name), reverse=True)
    return {name: sorted(url for url, _ in found[name]) for name in order}


def key(code: str, language: str, pages: Iterable[tuple[str, str]]) -> str:
    """What an index is made from: the generator's code and its dependencies' versions
    (``code``, uptodate.code_digest: Pagefind's among them), the language and each indexed
    page's URL and content digest. The same key means the same index files."""
    h = hashlib.sha256(f"{code}\0{language}\0".encode())
    for url, digest in sorted(pages):
        h.update(f"{url}\0{digest}\0".encode())
    return h.hexdigest()


# A citation's numbers are no words of the brief: Pagefind reads the pages with each one
# marked to be left out, so no excerpt reads "we cite 1. Machine-…" (the page is unchanged).
CITATION = b'<sup class="cite">'
CITATION_IGNORED = b'<sup class="cite" data-pagefind-ignore>'


def build_index(
    pages: Sequence[tuple[str, bytes]], language: str, folder: str = FOLDER
) -> dict[str, bytes]:
    """{output path under ``folder``: bytes} of the index of ``pages`` ((URL, HTML bytes)
    pairs); nothing for no pages (Pagefind refuses to index nothing; the search page of a
    site without briefs says that search is not available and points to the archive and
    the tags)."""
    if not pages:
        return {}
    with tempfile.TemporaryDirectory(prefix="briefing-search-") as work:
        root = Path(work) / "site"
        for url, data in pages:
            target = root / urls.output_path(url)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data.replace(CITATION, CITATION_IGNORED))
        out = Path(work) / "index"
        command = [
            str(binary()),
            "--site",
            str(root),
            "--output-path",
            str(out),
            "--silent",
        ]
        if language:  # else (editions) each page's <html lang> picks its language's index
            command[-1:-1] = ["--force-language", language.split("-")[0].lower()]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            cause = (done.stderr or done.stdout).strip().splitlines() or ["no message"]
            raise EnvironmentProblem("pagefind", f"indexing failed: {cause[-1]}")
        files = {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith(UNUSED)
        }
    return {folder + path: data for path, data in sorted(canonical(files).items())}


# -- making Pagefind's output the same on every run ----------------------------------------


def _decode(data: bytes, i: int = 0) -> tuple[Any, int]:
    """The CBOR subset Pagefind writes: integers, strings, arrays, maps."""
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise ValueError(f"unsupported CBOR item {head:#x}")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return bytes(data[i : i + n]), i + n
    if major == 3:
        return data[i : i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        mapping = {}
        for _ in range(n):
            k, i = _decode(data, i)
            mapping[k], i = _decode(data, i)
        return mapping, i
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], i
    raise ValueError(f"unsupported CBOR item {head:#x}")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError("integer too large")


def _encode(value: Any) -> bytes:
    if value is None or isinstance(value, bool):
        return bytes([0xF6 if value is None else 0xF5 if value else 0xF4])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value.items())
    raise TypeError(type(value).__name__)


def _read(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(MAGIC):
        raise ValueError("not a Pagefind file")
    value, end = _decode(raw, len(MAGIC))
    if end != len(raw):
        raise ValueError("trailing bytes")
    return value


def _write(value: Any) -> bytes:
    return gzip.compress(MAGIC + _encode(value), compresslevel=9, mtime=0)


def _named(prefix: str, data: bytes, length: int) -> str:
    """``en_3f2a...``: the language part Pagefind gave, then a digest of the content."""
    return f"{prefix.split('_')[0]}_{hashlib.sha256(data).hexdigest()[:length]}"


def canonical(files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's files with the filter values sorted, and the filter and metadata files
    named after their content (fragments and word indexes are already stable)."""
    out = dict(files)
    renamed: dict[str, str] = {}  # old hash -> new hash
    for path in sorted(files):
        pure = PurePosixPath(path)
        if pure.parent.name == "filter" and pure.suffix == ".pf_filter":
            name, values = _read(files[path])
            data = _write([name, sorted(values, key=lambda pair: pair[0])])
            new = _named(pure.stem, data, len(pure.stem.split("_", 1)[1]))
            renamed[pure.stem] = new
            del out[path]
            out[str(pure.with_name(new + pure.suffix))] = data
    entry = json.loads(files["pagefind-entry.json"])
    text = files["pagefind-entry.json"].decode("utf-8")
    for path in sorted(files):
        pure = PurePosixPath(path)
        if pure.parent != PurePosixPath(".") or pure.suffix != ".pf_meta":
            continue
        meta = _read(files[path])
        meta[3] = sorted([name, renamed.get(old, old)] for name, old in meta[3])
        data = _write(meta)
        old = pure.stem.split(".", 1)[1]
        new = _named(old, data, len(old.split("_", 1)[1]))
        del out[path]
        out[f"pagefind.{new}.pf_meta"] = data
        if not any(lang.get("hash") == old for lang in entry["languages"].values()):
            raise ValueError(f"pagefind-entry.json does not name {old}")
        text = text.replace(f'"{old}"', f'"{new}"')
    out["pagefind-entry.json"] = _languages_sorted(text).encode("utf-8")
    return out


def _languages_sorted(text: str) -> str:
    """The entry file with its languages in code order: Pagefind writes them from a hash
    map, so an index of several languages lists them in any order. One language: as is."""
    entry = json.loads(text)
    languages = entry.get("languages", {})
    if len(languages) < 2:
        return text
    entry["languages"] = dict(sorted(languages.items()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
