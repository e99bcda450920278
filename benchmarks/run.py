"""Build one generated corpus with Briefing and with Pelican, side by side, and print the times.

    python benchmarks/run.py --briefs 1000 [--big 10000] [--skip-pelican] [--skip-ours]

Scenarios, per tool: cold (empty output and cache folders), no-change (rebuild at once, cache
kept), one-edit (append a sentence to one brief, rebuild). Each build is its own subprocess,
started with os.posix_spawn and reaped with os.wait4, which hands back the resource usage of that
one child: wall time is measured from spawn to reap, peak memory is the child's ru_maxrss. Each
measurement runs --repeats times (cold from fresh folders every time); the table shows the median
time and the largest peak RSS. Nothing is asserted: the targets are printed, met or missed.
Everything lives in benchmarks/.work/ (git-ignored); results also go to .work/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import corpus

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
WORK = BENCH_DIR / ".work"
PELICAN_REQUIREMENT = "pelican[markdown]==4.12.*"
SCENARIOS = ("cold", "no-change", "one-edit")
RATIO_TARGETS = {"cold": 0.3, "no-change": 0.05, "one-edit": 0.08}  # ours / Pelican, at most
BIG_RSS_TARGET_MB = 300.0  # ours, cold build of the --big corpus, below
EDIT_SENTENCE = "\nOne more sentence, appended by the one-edit benchmark.\n"
RSS_UNIT_BYTES = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
MIB = 1024 * 1024
METHOD = (
    "each build is one subprocess (os.posix_spawn + os.wait4); seconds = wall time from spawn "
    "to reap, median of the repeats; peak RSS = the child's ru_maxrss from wait4 (largest "
    "single process in its tree), max of the repeats"
)


class BenchmarkError(Exception):
    """A tool is missing or a build failed: the message says which and what to do."""


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_rss_mb: float


@dataclass(frozen=True)
class Tool:
    """One generator set up to build one corpus into its own output and cache folders."""

    name: str
    briefs: int
    command: tuple[str, ...]
    output: Path
    cache: Path
    edit_target: Path

    @property
    def logs(self) -> Path:
        return self.output.parent / "logs"


@dataclass(frozen=True)
class Result:
    tool: str
    briefs: int
    scenario: str
    samples: tuple[Sample, ...]

    @property
    def median_seconds(self) -> float:
        return statistics.median(sample.seconds for sample in self.samples)

    @property
    def peak_rss_mb(self) -> float:
        return max(sample.peak_rss_mb for sample in self.samples)

    def to_json(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "briefs": self.briefs,
            "scenario": self.scenario,
            "median_seconds": round(self.median_seconds, 3),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "seconds": [round(sample.seconds, 3) for sample in self.samples],
            "rss_mb": [round(sample.peak_rss_mb, 1) for sample in self.samples],
        }


# Measuring


def measure(command: tuple[str, ...], log: Path) -> Sample:
    """Run one command with its output in `log`; return its wall time and peak RSS."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, sink.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, sink.fileno(), 2),
        ]
        start = time.perf_counter()
        pid = os.posix_spawn(command[0], command, os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise BenchmarkError(f"exit status {code}: {shlex.join(command)}\n{tail(log)}")
    return Sample(seconds, usage.ru_maxrss * RSS_UNIT_BYTES / MIB)


def tail(log: Path, lines: int = 15) -> str:
    text = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    return "\n".join(f"  | {line}" for line in text) + f"\n  (full output: {log})"


def prepare(tool: Tool, scenario: str) -> None:
    if scenario == "cold":
        for folder in (tool.output, tool.cache):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        # Nothing from an earlier build either: Briefing's spare tree beside the output.
        shutil.rmtree(tool.output.parent / f".{tool.output.name}.spare", ignore_errors=True)
    elif scenario == "one-edit":
        with tool.edit_target.open("a", encoding="utf-8") as brief:
            brief.write(EDIT_SENTENCE)


def bench(tools: list[Tool], scenarios: tuple[str, ...], repeats: int) -> list[Result]:
    """Each repeat runs every scenario of every tool in turn, so tools share the machine's mood."""
    samples: dict[tuple[Tool, str], list[Sample]] = {(t, s): [] for t in tools for s in scenarios}
    for repeat in range(1, repeats + 1):
        for tool, scenario in samples:
            prepare(tool, scenario)
            sample = measure(tool.command, tool.logs / f"{scenario}-{repeat}.log")
            samples[tool, scenario].append(sample)
            print(
                f"  {tool.name:<9} {tool.briefs:>6} {scenario:<10} run {repeat}/{repeats}: "
                f"{sample.seconds:7.2f} s {sample.peak_rss_mb:7.1f} MB",
                flush=True,
            )
    return [Result(t.name, t.briefs, s, tuple(found)) for (t, s), found in samples.items()]


# The two generators


def run_folder(name: str, briefs: int) -> Path:
    return WORK / "runs" / f"{name}-{briefs}"


def briefing_supports_cache(executable: Path) -> bool:
    """Check that our command runs at all; say whether `build` takes --cache-dir yet."""
    if not executable.exists():
        raise BenchmarkError(f"{executable} not found: install the project or pass --skip-ours")
    shown = subprocess.run(
        [str(executable), "build", "--help"], capture_output=True, text=True, check=False
    )
    if shown.returncode != 0:
        raise BenchmarkError(
            f"`{executable} build --help` exited {shown.returncode}: pass --skip-ours\n"
            + shown.stderr[-2000:]
        )
    return "--cache-dir" in shown.stdout


def briefing_tool(
    executable: Path, with_cache: bool, layout: corpus.Layout, edited: corpus.Brief, briefs: int
) -> Tool:
    folder = run_folder("briefing", briefs)
    output, cache = folder / "site", folder / "cache"
    command = [
        str(executable), "build",
        "--content", str(layout.briefing_content),
        "--output", str(output),
        "--config", str(layout.briefing_config),
    ]  # fmt: skip
    if with_cache:
        command += ["--cache-dir", str(cache)]
    command.append("--quiet")
    return Tool("briefing", briefs, tuple(command), output, cache, layout.briefing_file(edited))


def ensure_pelican(venv: Path) -> Path:
    """Pelican in its own virtualenv under .work/, installed the first time only."""
    pelican = venv / "bin" / "pelican"
    if not pelican.exists():
        print(f"setting up {venv} with {PELICAN_REQUIREMENT}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, PELICAN_REQUIREMENT], check=True)
    return pelican


def pelican_tool(
    executable: Path, layout: corpus.Layout, edited: corpus.Brief, briefs: int
) -> Tool:
    folder = run_folder("pelican", briefs)
    output, cache = folder / "site", folder / "cache"
    command = (
        str(executable), str(layout.pelican_content),
        "-o", str(output),
        "-s", str(layout.pelican_config),
        "--cache-path", str(cache),
        "-q",
    )  # fmt: skip
    return Tool("pelican", briefs, command, output, cache, layout.pelican_file(edited))


def version_of(executable: Path) -> str:
    shown = subprocess.run(
        [str(executable), "--version"], capture_output=True, text=True, check=False
    )
    return (shown.stdout or shown.stderr).strip()


# Reporting


def find(results: list[Result], tool: str, scenario: str, briefs: int) -> Result | None:
    for result in results:
        if (result.tool, result.scenario, result.briefs) == (tool, scenario, briefs):
            return result
    return None


def ratio_report(results: list[Result], briefs: int) -> dict[str, dict[str, Any]]:
    report: dict[str, dict[str, Any]] = {}
    for scenario, target in RATIO_TARGETS.items():
        ours = find(results, "briefing", scenario, briefs)
        theirs = find(results, "pelican", scenario, briefs)
        if ours and theirs:
            ratio = ours.median_seconds / theirs.median_seconds
            report[scenario] = {"ratio": round(ratio, 3), "target_at_most": target}
            report[scenario]["met"] = ratio <= target
    return report


def big_report(results: list[Result], big: int | None) -> dict[str, Any] | None:
    found = find(results, "briefing", "cold", big) if big else None
    if found is None:
        return None
    return {
        "briefs": big,
        "median_seconds": round(found.median_seconds, 3),
        "peak_rss_mb": round(found.peak_rss_mb, 1),
        "target_below_mb": BIG_RSS_TARGET_MB,
        "met": found.peak_rss_mb < BIG_RSS_TARGET_MB,
    }


def print_results(results: list[Result]) -> None:
    print(f"\n{'tool':<9} {'briefs':>6}  {'scenario':<10} {'median s':>9} {'peak RSS MB':>12}")
    for r in results:
        print(
            f"{r.tool:<9} {r.briefs:>6}  {r.scenario:<10} {r.median_seconds:>9.3f}"
            f" {r.peak_rss_mb:>12.1f}"
        )


def print_targets(ratios: dict[str, dict[str, Any]], big: dict[str, Any] | None) -> None:
    if ratios:
        print("\nours / pelican (median seconds)")
    for scenario, row in ratios.items():
        verdict = "met" if row["met"] else "missed"
        target = row["target_at_most"]
        print(f"  {scenario:<10} {row['ratio']:6.3f}x   target <= {target}x   {verdict}")
    if big:
        verdict = "met" if big["met"] else "missed"
        print(
            f"\n{big['briefs']} briefs, ours cold: {big['median_seconds']:.2f} s, peak RSS "
            f"{big['peak_rss_mb']:.1f} MB   target < {big['target_below_mb']:.0f} MB   {verdict}"
        )


# Main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=1000, help="corpus size for the comparison")
    parser.add_argument("--words", type=int, default=600, help="approximate words per brief")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement")
    parser.add_argument("--big", type=int, metavar="N", help="also time ours cold on N briefs")
    parser.add_argument("--skip-pelican", action="store_true", help="do not run Pelican")
    parser.add_argument("--skip-ours", action="store_true", help="do not run Briefing")
    parser.add_argument(
        "--briefing",
        type=Path,
        default=REPO / ".venv" / "bin" / "briefing",
        help="our command (default: the repository's .venv)",
    )
    return parser.parse_args(argv)


def make_corpus(args: argparse.Namespace, briefs: int) -> tuple[corpus.Layout, corpus.Brief]:
    """Write a fresh corpus of `briefs` briefs; return it and the brief one-edit changes."""
    print(f"writing a {briefs}-brief corpus", flush=True)
    layout, made = corpus.generate(briefs, args.words, WORK / f"corpus-{briefs}", args.seed)
    return layout, made[len(made) // 2]


def measure_all(args: argparse.Namespace) -> tuple[list[Result], dict[str, str]]:
    versions: dict[str, str] = {}
    with_cache = False if args.skip_ours else briefing_supports_cache(args.briefing)
    layout, edited = make_corpus(args, args.briefs)
    tools = []
    if not args.skip_ours:
        tools.append(briefing_tool(args.briefing, with_cache, layout, edited, args.briefs))
    if not args.skip_pelican:
        pelican = ensure_pelican(WORK / "pelican-venv")
        versions["pelican"] = version_of(pelican)
        tools.append(pelican_tool(pelican, layout, edited, args.briefs))
    if not tools:
        raise BenchmarkError("--skip-ours and --skip-pelican together leave nothing to measure")
    results = bench(tools, SCENARIOS, args.repeats)
    if args.big and not args.skip_ours:
        layout, edited = make_corpus(args, args.big)
        tool = briefing_tool(args.briefing, with_cache, layout, edited, args.big)
        results += bench([tool], ("cold",), args.repeats)
    return results, versions


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    try:
        results, versions = measure_all(args)
    except BenchmarkError as error:
        print(f"run.py: {error}", file=sys.stderr)
        return 1
    ratios, big = ratio_report(results, args.briefs), big_report(results, args.big)
    print_results(results)
    print_targets(ratios, big)
    report = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "method": METHOD,
        "repeats": args.repeats,
        "corpus": {"briefs": args.briefs, "words": args.words, "seed": args.seed},
        "versions": versions,
        "results": [result.to_json() for result in results],
        "ratios": ratios,
        "big": big,
    }
    out = WORK / "results.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
