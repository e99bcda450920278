"""The files a picture is shown from, encoded with Pillow; and the cache that keeps them.

``encode`` turns one original into its planned variants (``pictures.plan_picture`` and
``plan_crops``): turned upright by its EXIF orientation, its colours converted to sRGB
from any embedded profile, cropped and resized, then saved with fixed options and no
metadata at all (no EXIF, so no GPS position or camera serial; no XMP; no ICC profile,
sRGB being every browser's default). The same original and Pillow give the same bytes.

Each file's name holds a digest of its recipe (original bytes, crop, size, format, Pillow
version), so a name never changes meaning: the cache (``cache/pictures/<name>``, each file
after its own SHA-256, checked when read) and the
output folder keep a file for as long as a page shows it, and a build that changes no
picture encodes none.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..model import Variant

QUALITY = MappingProxyType({"avif": 55, "webp": 78, "jpeg": 82})


def _upright_srgb(data: bytes) -> Any:
    from PIL import Image, ImageCms, ImageOps

    with Image.open(io.BytesIO(data)) as opened:
        opened.seek(0)  # an animated GIF or WebP shows its first frame
        im = ImageOps.exif_transpose(opened)
        icc = opened.info.get("icc_profile")
        alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
        mode = "RGBA" if alpha else "RGB"
        if icc and im.mode in ("RGB", "RGBA", "CMYK", "L"):
            try:
                source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
                target = ImageCms.createProfile("sRGB")
                converted = ImageCms.profileToProfile(
                    im.convert("RGB") if im.mode == "RGBA" else im, source, target, outputMode="RGB"
                )
                if converted is not None:
                    if alpha:
                        converted.putalpha(im.getchannel("A"))
                    im = converted
            except (ImageCms.PyCMSError, OSError, ValueError):
                pass  # a profile Little CMS cannot read: the pixels as they are
        im = im.convert(mode) if im.mode != mode else im.copy()
    im.info = {}
    return im


def encode(data: bytes, variants: Sequence[Variant]) -> list[bytes]:
    """The bytes of each variant of one original (all of the same original)."""
    from PIL import Image

    upright = _upright_srgb(data)
    out = []
    for v in variants:
        im = upright.crop(v.box) if v.box != (0, 0, *upright.size) else upright
        if im.size != (v.width, v.height):
            im = im.resize((v.width, v.height), Image.Resampling.LANCZOS)
        im.info = {}
        if v.format == "jpeg" and im.mode != "RGB":
            im = im.convert("RGB")
        buffer = io.BytesIO()
        if v.format == "jpeg":
            im.save(buffer, "JPEG", quality=QUALITY["jpeg"], optimize=True, progressive=True)
        elif v.format == "png":
            im.save(buffer, "PNG", optimize=True)
        elif v.format == "webp":
            im.save(buffer, "WEBP", quality=QUALITY["webp"], method=4, exact=False)
        else:
            im.save(buffer, "AVIF", quality=QUALITY["avif"], speed=8, max_threads=1)
        out.append(buffer.getvalue())
    return out


class Store:
    """Encoded files by name: in ``folder`` (the build cache's ``pictures/``) when there is
    one, else in ``memory`` (the preview server's, kept between its builds)."""

    def __init__(self, folder: Path | None, memory: dict[str, bytes] | None = None) -> None:
        self.folder = folder
        self.memory = memory if memory is not None else {}
        self.used: set[str] = set()

    def get(self, name: str) -> bytes | None:
        """A file's bytes, or None when missing, unreadable or not what was stored (each
        cached file starts with its SHA-256, checked here: a damaged file is encoded again)."""
        self.used.add(name)
        if self.folder is None:
            return self.memory.get(name)
        try:
            blob = (self.folder / name).read_bytes()
        except OSError:
            return None
        data = blob[64:]
        if hashlib.sha256(data).hexdigest().encode() != blob[:64]:
            return None
        return data

    def put(self, name: str, data: bytes) -> None:
        self.used.add(name)
        if self.folder is None:
            self.memory[name] = data
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix="~")
        with os.fdopen(fd, "wb") as handle:
            handle.write(hashlib.sha256(data).hexdigest().encode() + data)
        os.replace(tmp, self.folder / name)

    def prune(self) -> None:
        """Forget every file this build did not use."""
        if self.folder is None:
            for name in set(self.memory) - self.used:
                del self.memory[name]
            return
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in self.used:
                    path.unlink(missing_ok=True)


def _encode_chunk(sources: dict[str, bytes], chunk: Sequence[tuple[str, tuple[Variant, ...]]]
                  ) -> list[list[bytes]]:  # fmt: skip
    return [encode(sources[source], variants) for source, variants in chunk]


def make(
    wanted: dict[str, Variant], sources: dict[str, bytes], store: Store, workers: int
) -> tuple[dict[str, bytes], int]:
    """The bytes of every wanted file (output path -> variant), from the store where it
    has them, else encoded (grouped by original, each decoded once) and stored; and how
    many files were encoded."""
    from ..incremental import parallel

    found: dict[str, bytes] = {}
    todo: dict[str, list[tuple[str, Variant]]] = {}
    for path, v in wanted.items():
        data = store.get(path.rsplit("/", 1)[-1])
        if data is not None:
            found[path] = data
        else:
            todo.setdefault(v.source, []).append((path, v))
    jobs = [(source, tuple(v for _, v in items)) for source, items in sorted(todo.items())]
    results = parallel.run(_encode_chunk, jobs, workers, sources)
    for (source, _), blobs in zip(jobs, results, strict=True):
        for (path, _), blob in zip(todo[source], blobs, strict=True):
            store.put(path.rsplit("/", 1)[-1], blob)
            found[path] = blob
    return found, sum(len(items) for items in todo.values())
