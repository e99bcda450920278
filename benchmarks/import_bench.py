"""Import against build: `briefing import pelican` on the benchmark's Pelican corpus, then a
cold build (as shipped) of what it wrote, each timed as a whole command, in one run.

    python benchmarks/import_bench.py --briefs 1000 [--repeats 3] [--out benchmarks/.work/import]

The promise measured: importing N posts takes less time than building them. Prints wall and
CPU seconds (the command and its children) of each, their ratio, and the import's report line.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

BRIEFING = Path(sys.executable).with_name("briefing")


def timed(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one command (its children included), and its last line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stdout.strip().splitlines()
    return wall, cpu, lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/.work/import"))
    args = parser.parse_args(argv)
    layout, _ = corpus.generate(args.briefs, corpus.WORDS_PER_BRIEF, args.out, args.seed)
    site = layout.briefing_root
    imports, builds = [], []
    report = ""
    for _ in range(args.repeats):
        content = site / "imported"
        shutil.rmtree(content, ignore_errors=True)
        (content / "briefs").mkdir(parents=True)
        (content / "pages").mkdir()
        command = [str(BRIEFING), "import", "pelican", str(layout.pelican_root),
                   "--content", str(content), "--config", str(layout.briefing_config)]  # fmt: skip
        wall, cpu, report = timed(command, site)
        imports.append((wall, cpu))
        output = site / "imported-site"
        shutil.rmtree(output, ignore_errors=True)
        build = [str(BRIEFING), "build", "--content", str(content), "--config",
                 str(layout.briefing_config), "--output", str(output),
                 "--no-cache", "--quiet"]  # fmt: skip
        wall, cpu, _ = timed(build, site)
        builds.append((wall, cpu))
    iw = statistics.median(w for w, _ in imports)
    ic = statistics.median(c for _, c in imports)
    bw = statistics.median(w for w, _ in builds)
    bc = statistics.median(c for _, c in builds)
    print(f"{args.briefs} posts, median of {args.repeats}, {os.cpu_count()} cores")
    print(f"import: {iw:.2f} s wall, {ic:.2f} s CPU   ({report})")
    print(f"build of the import, cold, as shipped: {bw:.2f} s wall, {bc:.2f} s CPU")
    print(f"import / build: {iw / bw:.2f}x wall, {ic / bc:.2f}x CPU")
    return 0 if iw < bw else 1


if __name__ == "__main__":
    sys.exit(main())
