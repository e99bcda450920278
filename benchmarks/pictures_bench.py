"""The cost of pictures: builds of one corpus with and without pictures, cold and cached.

    python benchmarks/pictures_bench.py --briefs 30 --out /tmp/pictures-bench

Writes the corpus twice (the same briefs; the second with a lead picture on every brief and
a body picture on a third, see ``corpus.add_pictures``) and reports the CPU time (user +
sys of the build process, which contention on a shared machine distorts less than wall
time) of:

- a cold build (empty cache, empty output) of each corpus: the difference, per encoded
  original, is the cost of a picture;
- a cached rebuild after one brief's text changed: no picture is encoded again;
- a build into a new, empty output folder with the warm cache: every file from the cache.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

BRIEFING = [sys.executable, "-m", "generator.commands.cli"]


def cpu_of(args: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one build run as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def build(layout: corpus.Layout, out: Path, cache: Path, jobs: int) -> list[str]:
    return [
        *BRIEFING, "build", "--content", str(layout.briefing_content), "--config",
        str(layout.briefing_config), "--output", str(out), "--cache-dir", str(cache),
        "--jobs", str(jobs), "--quiet",
    ]  # fmt: skip


def touch_one(layout: corpus.Layout) -> None:
    """Change one brief's text (its first file, flat or bundled)."""
    first = sorted((layout.briefing_content / "briefs").rglob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")


def measure(root: Path, briefs: int, pictures: bool, jobs: int) -> dict[str, tuple[float, float]]:
    layout, made = corpus.generate(briefs, corpus.WORDS_PER_BRIEF, root, seed=1)
    if pictures:
        corpus.add_pictures(layout, made, seed=1)
    out, cache = root / "out", root / "cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    found = {"cold": cpu_of(build(layout, out, cache, jobs))}
    touch_one(layout)
    found["cached"] = cpu_of(build(layout, out, cache, jobs))
    found["new output, warm cache"] = cpu_of(build(layout, root / "out2", cache, jobs))
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=30)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    plain = measure(args.out / "plain", args.briefs, False, args.jobs)
    pictured = measure(args.out / "pictures", args.briefs, True, args.jobs)
    originals = args.briefs + len(range(0, args.briefs, 3))
    print(f"{args.briefs} briefs; {originals} pictures ({args.briefs} leads, "
          f"{originals - args.briefs} in bodies); CPU seconds (wall)")  # fmt: skip
    print(f"{'build':<26}{'without':>16}{'with pictures':>18}{'per picture':>14}")
    for name in plain:
        (a, aw), (b, bw) = plain[name], pictured[name]
        per = (b - a) / originals
        print(f"{name:<26}{a:>9.2f} ({aw:5.2f}){b:>11.2f} ({bw:5.2f}){per * 1000:>11.1f} ms")


if __name__ == "__main__":
    main()
