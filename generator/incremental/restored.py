"""Check an output folder restored from elsewhere (a CI cache) before a build trusts it.

A build keeps an output file when the manifest and one ``lstat`` agree (``write.on_disk``):
fast, and right for a folder only builds touch. A folder restored from a CI cache may have
been damaged on the way, with every size intact. ``python -m generator.incremental.restored
site`` hashes every file the manifest lists and marks each one that differs as unknown
(a bare hash, the old manifest form, whose size matches no file): the up-to-date check no
longer passes and the next build renders those files again. The build cache checks itself
(its SHA-256).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import write
from ..urls import MANIFEST


def damaged(output: Path) -> list[str]:
    """The files of ``output`` that differ from its manifest (none without a manifest: a
    folder without one is trusted in nothing anyway)."""
    manifest = write.read_manifest(output)
    wrong = []
    for path, (digest, size) in sorted((manifest or {}).items()):
        try:
            data = (output / path).read_bytes()
        except OSError:
            wrong.append(path)
            continue
        if len(data) != size or write.content_hash(data) != digest:
            wrong.append(path)
    return wrong


def distrust_if_damaged(output: Path) -> list[str]:
    """Mark in the manifest every file that differs from it; return those files."""
    wrong = damaged(output)
    if wrong:
        where = output / MANIFEST
        manifest = json.loads(where.read_text("utf-8"))
        for path in wrong:
            entry = manifest["files"][path]
            manifest["files"][path] = entry if isinstance(entry, str) else entry[0]
        where.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", "utf-8")
    return wrong


def main(argv: list[str] | None = None) -> int:
    folders = [Path(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    for output in folders:
        if not (output / MANIFEST).is_file():
            print(f"{output}: no previous output to check")
            continue
        wrong = distrust_if_damaged(output)
        if wrong:
            shown = ", ".join(wrong[:5]) + (" …" if len(wrong) > 5 else "")
            print(f"{output}: {len(wrong)} file(s) differ from the manifest ({shown}); "
                  "the next build renders everything again")  # fmt: skip
        else:
            print(f"{output}: every file matches its manifest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
