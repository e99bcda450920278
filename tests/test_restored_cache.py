"""A build cache or output folder restored from elsewhere (CI's actions/cache) is never
trusted blindly: whatever was damaged on the way, the build equals a clean one."""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from test_incremental import Site, _edit

from generator import write
from generator.commands.cli import main
from generator.incremental import cache, restored
from generator.incremental.cache import FILENAME, HEADER
from generator.urls import MANIFEST


def _flip(blob: bytes, at: int) -> bytes:
    return blob[:at] + bytes([blob[at] ^ 0x5A]) + blob[at + 1 :]


def _sealed(data: bytes) -> bytes:
    """A cache file with a right header and checksum around ``data``."""
    return HEADER + data + b"\n" + hashlib.sha256(data).hexdigest().encode()


def _resealed(entries: dict[str, bytes], outputs: dict) -> bytes:
    """A well-formed cache file (right layout, header and checksum) holding ``entries``."""
    parts: list[bytes] = []
    cache.write_payload(parts.append, entries.items(), outputs)
    return _sealed(b"".join(parts))


def _opened(blob: bytes) -> tuple[dict[str, bytes], dict]:
    payload = memoryview(blob)[len(HEADER) : blob.rfind(b"\n")]
    entries, outputs = cache.read_payload(payload)
    return {key: bytes(entry) for key, entry in entries.items()}, outputs


def _b1_entry_made(blob: bytes, change: Callable[[tuple], object]) -> bytes:
    """The cache resealed with the parsed entry of b1.md (which the next build looks up: only
    b2.md is edited) changed by ``change``."""
    entries, outputs = _opened(blob)
    (key,) = [k for k, v in entries.items() if pickle.loads(v)[0].path.endswith("/b1.md")]
    entries[key] = pickle.dumps(change(pickle.loads(entries[key])))
    return _resealed(entries, outputs)


CACHE_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda blob: blob[: len(blob) * 2 // 3],
    "header only": lambda blob: HEADER,
    "empty": lambda blob: b"",
    "a byte flipped in the payload": lambda blob: _flip(blob, len(blob) // 2),
    "a byte flipped in the index": lambda blob: _flip(blob, len(blob) - 80),
    "a byte flipped in the checksum": lambda blob: _flip(blob, len(blob) - 3),
    "another version": lambda blob: blob.replace(HEADER, b"briefing-cache 99 9.9\n", 1),
    "not a payload, right checksum": lambda blob: _sealed(pickle.dumps(["not", "a", "cache"])),
    "an index longer than the file, right checksum": lambda blob: _sealed(
        b"x" * 20 + (10**6).to_bytes(8, "big")
    ),
    "an entry that is not pickled, right checksum": lambda blob: _resealed(
        {"k": b"\x80\x05garbage"}, {}
    ),
    "an entry of the wrong shape, right checksum": lambda blob: _resealed(
        {"k": pickle.dumps("just a string")}, {}
    ),
    # under the key of a brief the next build looks up
    "a brief's entry with three parts, right checksum": lambda blob: _b1_entry_made(
        blob, lambda entry: (*entry, None)
    ),
    "a brief's entry whose errors are not a list, right checksum": lambda blob: _b1_entry_made(
        blob, lambda entry: (entry[0], "no errors")
    ),
}


def test_the_payload_reads_back_what_was_written(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.incremental()
    blob = (tmp_path / "cache" / FILENAME).read_bytes()
    entries, outputs = _opened(blob)
    assert len(entries) == 7 and outputs  # six briefs and a page
    assert _resealed(entries, outputs) == blob


@pytest.mark.parametrize("damage", list(CACHE_DAMAGE), ids=list(CACHE_DAMAGE))
def test_a_damaged_cache_file_still_gives_the_clean_build(tmp_path: Path, damage: str) -> None:
    site = Site(tmp_path)
    site.incremental()
    _edit(site, "b2.md", "Body of", "Changed body of")
    cache_file = tmp_path / "cache" / FILENAME
    cache_file.write_bytes(CACHE_DAMAGE[damage](cache_file.read_bytes()))
    site.assert_same()
    site.assert_same()  # and the cache it saved instead works


@pytest.mark.parametrize(
    "stamp",
    ["{not json", "[]", '{"inputs": 3}', "", json.dumps({"manifest": None, "summary": {}})],
)
def test_a_damaged_up_to_date_stamp_still_gives_the_clean_build(tmp_path: Path, stamp) -> None:
    site = Site(tmp_path)
    site.incremental()
    stamps = [p for p in (tmp_path / "cache").iterdir() if p.suffix == ".json"]
    assert stamps, "the build keeps an up-to-date stamp beside its cache"
    for path in stamps:
        path.write_text(stamp)
    site.assert_same()
    _edit(site, "b3.md", "Body of", "Changed body of")
    for path in stamps:
        path.write_text(stamp)
    site.assert_same()


def test_a_restored_output_damaged_at_the_same_size_is_rebuilt(tmp_path: Path) -> None:
    site = Site(tmp_path)
    out = site.incremental()
    page = out / "briefs" / "b1" / "index.html"
    page.write_bytes(_flip(page.read_bytes(), 200))  # same size: one lstat cannot tell
    assert restored.distrust_if_damaged(out) == ["briefs/b1/index.html"]
    assert write.read_manifest(out)["briefs/b1/index.html"][1] == -1  # matches no file now
    site.assert_same()  # no change to the content: the up-to-date check must not pass


def test_a_restored_output_is_rebuilt_when_a_file_is_missing(tmp_path: Path) -> None:
    site = Site(tmp_path)
    out = site.incremental()
    (out / "tags" / "pay" / "index.html").unlink()
    assert restored.distrust_if_damaged(out) == ["tags/pay/index.html"]
    site.assert_same()


def test_a_missing_file_does_not_hide_a_damaged_one_after_it(tmp_path: Path) -> None:
    site = Site(tmp_path)
    out = site.incremental()
    (out / "briefs" / "b1" / "index.html").unlink()  # sorts before the damaged page
    page = out / "tags" / "pay" / "index.html"
    page.write_bytes(_flip(page.read_bytes(), 200))
    assert restored.distrust_if_damaged(out) == ["briefs/b1/index.html", "tags/pay/index.html"]
    site.assert_same()


def test_an_output_without_manifest_has_nothing_to_distrust(tmp_path: Path, capsys) -> None:
    assert restored.distrust_if_damaged(tmp_path) == []
    assert not (tmp_path / MANIFEST).exists()
    assert restored.main([str(tmp_path / "site")]) == 0  # CI's first run: no output yet
    assert "no previous output to check" in capsys.readouterr().out


def test_an_intact_restored_output_is_kept(tmp_path: Path, capsys) -> None:
    site = Site(tmp_path)
    out = site.incremental()
    assert restored.main([str(out)]) == 0
    assert "every file matches" in capsys.readouterr().out
    assert (out / MANIFEST).exists()
    assert main(site.args(out, "--cache-dir", str(tmp_path / "cache"), quiet=False)) == 0
    assert "(0 rendered), 0 written, 0 removed" in capsys.readouterr().out
