"""Build one generated corpus with Briefing and with Pelican, side by side, and print the times.

    python benchmarks/run.py --briefs 1000 [--big 10000] [--floor] [--no-citations] [--setting K=V]
                             [--skip-pelican] [--skip-ours]

Scenarios: ours cold (empty output and cache folders), no-change (rebuild at once, cache kept),
one-edit (append a sentence to one brief, rebuild); Pelican cold, the yardstick every ratio is
taken against. Each build is its own subprocess, started with os.posix_spawn and reaped with
os.wait4: wall time is measured from spawn to reap (time.perf_counter), CPU time is user+sys of
the whole process tree (the growth of resource.getrusage(RUSAGE_CHILDREN) across the build,
which counts every reaped worker), peak memory is the child's ru_maxrss from wait4 (the largest
single process in its tree). Each measurement runs --repeats times (cold from fresh folders every
time); the tables show medians, and the largest peak RSS. Nothing is asserted: the targets are
printed, met or missed, with a Markdown table the README can take. With --floor, Python start-up
and imports, Markdown per brief and the rest of a cold build are measured too.
Everything lives in benchmarks/.work/ (git-ignored); results also go to .work/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
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
PELICAN_SCENARIOS = ("cold",)  # every ratio is against Pelican's cold build
# (label, our scenario, our measure, Pelican's measure, at most): ours / Pelican's cold.
CPU_TARGET = 0.9  # our cold build's CPU, as shipped, at most this much of Pelican's
RATIO_TARGETS = (
    ("cold build, wall", "cold", "wall", "wall", 0.5),
    ("cold build, CPU (user+sys)", "cold", "cpu", "cpu", CPU_TARGET),
    ("no-change rebuild, wall", "no-change", "wall", "wall", 0.02),
    ("one-brief edit, wall", "one-edit", "wall", "wall", 0.05),
)
BIG_RSS_TARGET_MB = 600.0  # ours as shipped, cold build of the --big corpus: every process below
# Our configurations, each measured against the same Pelican run: as shipped (the defaults:
# a Pagefind index and a share card per brief) and like for like (neither, as Pelican has none).
CONFIGS = {
    "briefing": ("as shipped", ()),
    "briefing-like": ("like for like", ("search: false", "share_cards: false")),
}
EDIT_SENTENCE = "\nOne more sentence, appended by the one-edit benchmark.\n"
RSS_UNIT_BYTES = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
MIB = 1024 * 1024
METHOD = (
    "each build is one subprocess (os.posix_spawn + os.wait4); seconds = wall time from spawn "
    "to reap (perf_counter), median of the repeats; cpu = user+sys of the process tree "
    "(growth of getrusage(RUSAGE_CHILDREN)), median; peak RSS = the child's ru_maxrss from "
    "wait4 (largest single process in its tree), max of the repeats"
)


class BenchmarkError(Exception):
    """A tool is missing or a build failed: the message says which and what to do."""


@dataclass(frozen=True)
class Sample:
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    stages: dict[str, dict[str, float]] | None = None  # our build's own --timings report


@dataclass(frozen=True)
class Tool:
    """One generator set up to build one corpus into its own output and cache folders."""

    name: str
    briefs: int
    command: tuple[str, ...]
    output: Path
    cache: Path
    edit_target: Path
    timings: bool = False  # pass --timings FILE and keep the build's per-stage report

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
    def median_cpu(self) -> float:
        return statistics.median(sample.cpu_seconds for sample in self.samples)

    def median(self, measure: str) -> float:
        return self.median_cpu if measure == "cpu" else self.median_seconds

    @property
    def peak_rss_mb(self) -> float:
        return max(sample.peak_rss_mb for sample in self.samples)

    def stages(self) -> dict[str, dict[str, float]]:
        """Median wall and CPU seconds per stage of our build, over the repeats."""
        reports = [sample.stages for sample in self.samples if sample.stages]
        names = list(dict.fromkeys(name for report in reports for name in report))
        return {
            name: {
                measure: round(
                    statistics.median(r.get(name, {}).get(measure, 0.0) for r in reports), 3
                )
                for measure in ("wall", "cpu")
            }
            for name in names
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "briefs": self.briefs,
            "scenario": self.scenario,
            "median_seconds": round(self.median_seconds, 3),
            "median_cpu_seconds": round(self.median_cpu, 3),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "seconds": [round(sample.seconds, 3) for sample in self.samples],
            "cpu_seconds": [round(sample.cpu_seconds, 3) for sample in self.samples],
            "rss_mb": [round(sample.peak_rss_mb, 1) for sample in self.samples],
            "stages": self.stages(),
        }


# Measuring


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command: tuple[str, ...], log: Path, timings: bool = False) -> Sample:
    """Run one command with its output in `log`; return its wall and CPU time and peak RSS
    (and, with `timings`, our build's own per-stage report, from --timings)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    report = log.with_suffix(".json")
    if timings:
        report.unlink(missing_ok=True)
        command = (*command, "--timings", str(report))
    with log.open("wb") as sink:
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, sink.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, sink.fileno(), 2),
        ]
        cpu_before = children_cpu()
        start = time.perf_counter()
        pid = os.posix_spawn(command[0], command, os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - start
        cpu = children_cpu() - cpu_before
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise BenchmarkError(f"exit status {code}: {shlex.join(command)}\n{tail(log)}")
    stages = json.loads(report.read_text("utf-8"))["stages"] if timings else None
    return Sample(seconds, cpu, usage.ru_maxrss * RSS_UNIT_BYTES / MIB, stages)


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


def bench(tools: list[tuple[Tool, tuple[str, ...]]], repeats: int) -> list[Result]:
    """Each repeat runs every scenario of every tool in turn, so tools share the machine's mood."""
    samples: dict[tuple[Tool, str], list[Sample]] = {
        (tool, scenario): [] for tool, scenarios in tools for scenario in scenarios
    }
    for repeat in range(1, repeats + 1):
        for tool, scenario in samples:
            prepare(tool, scenario)
            sample = measure(tool.command, tool.logs / f"{scenario}-{repeat}.log", tool.timings)
            samples[tool, scenario].append(sample)
            print(
                f"  {tool.name:<9} {tool.briefs:>6} {scenario:<10} run {repeat}/{repeats}: "
                f"{sample.seconds:7.2f} s {sample.cpu_seconds:7.2f} s CPU "
                f"{sample.peak_rss_mb:7.1f} MB",
                flush=True,
            )
    return [Result(t.name, t.briefs, s, tuple(found)) for (t, s), found in samples.items()]


# The two generators


def run_folder(name: str, briefs: int) -> Path:
    return WORK / "runs" / f"{name}-{briefs}"


def briefing_supports(executable: Path) -> tuple[bool, bool]:
    """Check that our command runs at all; say whether `build` takes --cache-dir and
    --timings yet."""
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
    # as `make` leaves it: the package compiled, so no build pays for compiling it where
    # PYTHONDONTWRITEBYTECODE is set (the compiled files of an install are already there)
    python = executable.parent / "python"
    if python.exists() and (REPO / "generator").is_dir():
        compile_all = [str(python), "-m", "compileall", "-q", str(REPO / "generator")]
        subprocess.run(compile_all, check=False)
    return "--cache-dir" in shown.stdout, "--timings" in shown.stdout


def config_file(layout: corpus.Layout, name: str) -> Path:
    """The settings file of one of our configurations, beside the corpus's site.yaml."""
    if name == "briefing":
        return layout.briefing_config
    return layout.briefing_config.with_name(f"site-{name}.yaml")


def write_configs(layout: corpus.Layout, names: list[str]) -> None:
    """site.yaml as the corpus wrote it (with --setting lines) for "briefing"; a copy with
    each configuration's own settings added for the others."""
    base = layout.briefing_config.read_text("utf-8")
    for name in names:
        if name != "briefing":
            extra = "".join(f"{line}\n" for line in CONFIGS[name][1])
            config_file(layout, name).write_text(base + extra, "utf-8")


def briefing_tool(
    name: str, executable: Path, supports: tuple[bool, bool], layout: corpus.Layout,
    edited: corpus.Brief, briefs: int,
) -> Tool:  # fmt: skip
    with_cache, timings = supports
    folder = run_folder(name, briefs)
    output, cache = folder / "site", folder / "cache"
    command = [
        str(executable), "build",
        "--content", str(layout.briefing_content),
        "--output", str(output),
        "--config", str(config_file(layout, name)),
    ]  # fmt: skip
    if with_cache:
        command += ["--cache-dir", str(cache)]
    command.append("--quiet")
    edit = layout.briefing_file(edited)
    return Tool(name, briefs, tuple(command), output, cache, edit, timings)


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


def ratio_report(results: list[Result], briefs: int, tool: str) -> list[dict[str, Any]]:
    """One row per target for one of our configurations: ours, Pelican's cold, the ratio and
    whether the target is met."""
    theirs = find(results, "pelican", "cold", briefs)
    rows = []
    for label, scenario, ours_measure, their_measure, target in RATIO_TARGETS:
        ours = find(results, tool, scenario, briefs)
        if ours is None:
            continue
        row: dict[str, Any] = {
            "measure": label,
            "briefing_seconds": round(ours.median(ours_measure), 3),
            "target_at_most": target,
        }
        if theirs is not None:
            ratio = ours.median(ours_measure) / theirs.median(their_measure)
            row["pelican_cold_seconds"] = round(theirs.median(their_measure), 3)
            row["ratio"] = round(ratio, 3)
            row["met"] = ratio <= target
        rows.append(row)
    return rows


def big_report(results: list[Result], big: int | None, tool: str) -> dict[str, Any] | None:
    found = find(results, tool, "cold", big) if big else None
    if found is None:
        return None
    return {
        "briefs": big,
        "median_seconds": round(found.median_seconds, 3),
        "median_cpu_seconds": round(found.median_cpu, 3),
        "peak_rss_mb": round(found.peak_rss_mb, 1),
        "target_below_mb": BIG_RSS_TARGET_MB,
        "met": found.peak_rss_mb < BIG_RSS_TARGET_MB,
    }


def print_results(results: list[Result]) -> None:
    print(
        f"\n{'tool':<14} {'briefs':>6}  {'scenario':<10} {'wall s':>8} {'CPU s':>8}"
        f" {'peak RSS MB':>12}"
    )
    for r in results:
        print(
            f"{r.tool:<14} {r.briefs:>6}  {r.scenario:<10} {r.median_seconds:>8.3f}"
            f" {r.median_cpu:>8.3f} {r.peak_rss_mb:>12.1f}"
        )


def print_stages(results: list[Result]) -> None:
    """Our builds' own per-stage timings (medians): where each run's time went."""
    ours = [r for r in results if r.stages()]
    if not ours:
        return
    names = list(dict.fromkeys(name for r in ours for name in r.stages()))
    print("\nper stage, wall / CPU seconds (medians; render and cards share one parallel stage)")
    print(f"{'tool':<14} {'briefs':>6}  {'scenario':<10}" + "".join(f" {n:>13}" for n in names))
    for r in ours:
        stages = r.stages()
        cells = "".join(
            f" {stages[n]['wall']:6.2f}/{stages[n]['cpu']:<6.2f}" if n in stages else " " * 14
            for n in names
        )
        print(f"{r.tool:<14} {r.briefs:>6}  {r.scenario:<10}{cells}")


def verdict(met: bool | None) -> str:
    return "" if met is None else ("met" if met else "not met")


def markdown_table(
    ratios: dict[str, list[dict[str, Any]]], big: dict[str, dict[str, Any]], briefs: int
) -> str:
    """The side-by-side table, in Markdown, for the README: each of our configurations
    against Pelican's cold build of the same run."""
    tools = [tool for tool in CONFIGS if ratios.get(tool) or big.get(tool)]
    labels = [CONFIGS[tool][0] for tool in tools]
    lines = [
        f"| {briefs:,} briefs | "
        + " | ".join(labels)
        + " | Pelican, cold | target | "
        + " | ".join(labels)
        + " |",
        "| --- |" + " ---: |" * (len(tools) + 2) + " --- |" * len(tools),
    ]
    for index, (label, *_, target) in enumerate(RATIO_TARGETS):
        rows = [next((r for r in ratios.get(t, []) if r["measure"] == label), None) for t in tools]
        if not any(rows):
            continue
        cells, verdicts, pelican = [], [], ""
        for row in rows:
            if row is None:
                cells.append("")
                verdicts.append("")
                continue
            ratio = f" ({row['ratio']:.3f}x)" if "ratio" in row else ""
            cells.append(f"{row['briefing_seconds']:.2f} s{ratio}")
            verdicts.append(verdict(row.get("met")))
            if "ratio" in row and RATIO_TARGETS[index][2] in ("wall", "cpu") and not pelican:
                pelican = f"{row['pelican_cold_seconds']:.2f} s"
        lines.append(
            f"| {label} | "
            + " | ".join(cells)
            + f" | {pelican} | ≤ {target}x | "
            + " | ".join(verdicts)
            + " |"
        )
    if any(big.get(t) for t in tools):
        first = next(big[t] for t in tools if big.get(t))
        cells = [
            f"{big[t]['peak_rss_mb']:.0f} MB ({big[t]['median_seconds']:.1f} s wall, "
            f"{big[t]['median_cpu_seconds']:.1f} s CPU)"
            if big.get(t)
            else ""
            for t in tools
        ]
        verdicts = [verdict(big[t]["met"]) if big.get(t) else "" for t in tools]
        lines.append(
            f"| {first['briefs']:,} briefs, cold: peak memory of the largest process | "
            + " | ".join(cells)
            + f" | | < {first['target_below_mb']:.0f} MB | "
            + " | ".join(verdicts)
            + " |"
        )
    return "\n".join(lines)


# The floor: what a build cannot go below without dropping Python or Markdown

FLOOR_SCRIPT = r"""
import json, statistics, sys, time
from pathlib import Path
from generator import citations, markup

paths = sorted(Path(sys.argv[1]).glob("*.md"))
texts = [p.read_text(encoding="utf-8").split("\n---\n", 1)[1] for p in paths]
md = markup._converter()
def once():
    start = time.process_time()
    for text in texts:
        md.reset()
        md.citing, md.own_ids = citations.Citing(None), markup._OwnIds()  # as render sets them
        md.convert(text)
    return (time.process_time() - start) / len(texts)
once()  # warm up: extension set-up and regex compilation
markdown_ms = statistics.median(once() for _ in range(3)) * 1000
start = time.process_time()
for text in texts:
    markup.render(text)
render_ms = (time.process_time() - start) / len(texts) * 1000
print(json.dumps({"markdown_ms": markdown_ms, "render_ms": render_ms, "briefs": len(texts)}))
"""


def import_time_ms(python: Path) -> float:
    """Cumulative import time of the CLI module, from -X importtime (microseconds on stderr)."""
    shown = subprocess.run(
        [str(python), "-X", "importtime", "-c", "import generator.commands.cli"],
        capture_output=True, text=True, check=True, cwd=REPO,
    )  # fmt: skip
    for line in reversed(shown.stderr.splitlines()):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) == 3 and parts[2] == "generator.commands.cli":
            return int(parts[1]) / 1000
    raise BenchmarkError(f"no import time for generator.commands.cli:\n{shown.stderr[-2000:]}")


def _json_of(command: list[str], what: str) -> dict[str, Any]:
    """What a measuring script run as ``command`` printed, as JSON; ``what`` names it."""
    shown = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    if shown.returncode != 0:
        raise BenchmarkError(f"{what} failed:\n{shown.stderr[-2000:]}")
    found: dict[str, Any] = json.loads(shown.stdout)
    return found


def floor_report(
    python: Path, executable: Path, content: Path, cold: Result | None, repeats: int
) -> dict[str, Any]:
    """Start-up, imports, Markdown per brief, and what a cold build spends on the rest."""
    bare = [measure((str(python), "-c", "pass"), WORK / "logs" / "bare.log") for _ in range(5)]
    version = [
        measure((str(executable), "--version"), WORK / "logs" / "version.log") for _ in range(5)
    ]
    imports = statistics.median(import_time_ms(python) for _ in range(repeats))
    per_brief = _json_of(
        [str(python), "-c", FLOOR_SCRIPT, str(content / "briefs")], "the Markdown floor measurement"
    )
    report: dict[str, Any] = {
        "python_start_ms": round(statistics.median(s.seconds for s in bare) * 1000, 1),
        "version_command_ms": round(statistics.median(s.seconds for s in version) * 1000, 1),
        "version_command_cpu_ms": round(
            statistics.median(s.cpu_seconds for s in version) * 1000, 1
        ),
        "cli_import_ms": round(imports, 1),
        "markdown_ms_per_brief": round(per_brief["markdown_ms"], 2),
        "render_ms_per_brief": round(per_brief["render_ms"], 2),
        "briefs": per_brief["briefs"],
    }
    if cold is not None:
        markdown_s = per_brief["markdown_ms"] * per_brief["briefs"] / 1000
        sanitise_s = (
            (per_brief["render_ms"] - per_brief["markdown_ms"]) * per_brief["briefs"] / 1000
        )
        start_s = report["version_command_cpu_ms"] / 1000
        report["cold_cpu_seconds"] = round(cold.median_cpu, 3)
        report["markdown_seconds"] = round(markdown_s, 3)
        report["sanitise_and_links_seconds"] = round(sanitise_s, 3)
        report["rest_seconds"] = round(cold.median_cpu - markdown_s - sanitise_s - start_s, 3)
    return report


# The parts issue 21 keeps (Python-Markdown, a Pagefind index, a share card per brief), each
# timed alone in one process, against Pelican's cold build and Pelican's own Markdown.

PARTS_SCRIPT = r"""
import json, resource, shutil, subprocess, sys, tempfile, time
from pathlib import Path
import yaml
from generator.render import images, search

briefs, site = Path(sys.argv[1]), Path(sys.argv[2])
titles = []
for path in sorted(briefs.glob("*.md")):
    front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
    titles.append(str(yaml.safe_load(front)["title"]))
start = time.process_time()
for title in titles:
    images.share_card("Briefing benchmark", title, "5 December 2026", "example.com")
cards = time.process_time() - start
pages = sorted((site / "briefs").glob("*/index.html"))
with tempfile.TemporaryDirectory() as work:
    root = Path(work) / "site"
    for page in pages:
        target = root / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    command = [str(search.binary()), "--site", str(root), "--output-path",
               str(Path(work) / "index"), "--silent", "--force-language", "en"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
pagefind = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
print(json.dumps({"cards_seconds": cards, "cards": len(titles),
                  "pagefind_seconds": pagefind, "pages": len(pages)}))
"""

PELICAN_MARKDOWN_SCRIPT = r"""
import json, statistics, sys, time
from pathlib import Path
import markdown
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

settings = read_settings(sys.argv[2])  # the benchmark's pelicanconf.py, as Pelican reads it
MarkdownReader(settings)  # which completes its Markdown settings (extensions, meta)
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).rglob("*.md"))]
md = markdown.Markdown(**settings["MARKDOWN"])
def once():
    start = time.process_time()
    for text in texts:
        md.reset()
        md.convert(text)
    return time.process_time() - start
once()
print(json.dumps({"seconds": statistics.median(once() for _ in range(3)), "files": len(texts),
                  "extensions": [str(e) for e in settings["MARKDOWN"]["extensions"]]}))
"""


def kept_parts(
    python: Path, pelican_python: Path, layout: corpus.Layout, site: Path,
    floor: dict[str, Any], pelican: Result,
) -> dict[str, Any]:  # fmt: skip
    """What the parts the issue keeps cost alone (our Markdown from ``floor``, Pagefind over
    the shipped brief pages, every share card), and what that leaves, at the cold-CPU
    target, for everything else: reading, front matter, sanitising, rendering every page and
    feed, writing. Pelican's own Markdown, with its default settings, shows what Pelican
    spends on the rest of its build."""
    parts = _json_of(
        [str(python), "-c", PARTS_SCRIPT, str(layout.briefing_content / "briefs"), str(site)],
        "timing the cards and Pagefind alone",
    )
    theirs = _json_of(
        [
            str(pelican_python),
            "-c",
            PELICAN_MARKDOWN_SCRIPT,
            str(layout.pelican_root / "content"),
            str(layout.pelican_root / "pelicanconf.py"),
        ],  # fmt: skip
        "timing Pelican's Markdown",
    )
    markdown_s = floor["markdown_ms_per_brief"] * floor["briefs"] / 1000
    kept = markdown_s + parts["pagefind_seconds"] + parts["cards_seconds"]
    target = CPU_TARGET * pelican.median_cpu
    return {
        "pelican_cold_cpu_seconds": round(pelican.median_cpu, 3),
        "pelican_markdown_seconds": round(theirs["seconds"], 3),
        "pelican_rest_seconds": round(pelican.median_cpu - theirs["seconds"], 3),
        "markdown_seconds": round(markdown_s, 3),
        "pagefind_seconds": round(parts["pagefind_seconds"], 3),
        "cards_seconds": round(parts["cards_seconds"], 3),
        "kept_seconds": round(kept, 3),
        "kept_ratio": round(kept / pelican.median_cpu, 3),
        "left_for_the_rest_seconds": round(target - kept, 3),
    }


def print_kept(kept: dict[str, Any]) -> None:
    print("\nthe parts the issue keeps, each alone, CPU (against Pelican's cold build)")
    print(f"  our Markdown (convert only)            {kept['markdown_seconds']:8.2f} s")
    print(f"  Pagefind over the brief pages          {kept['pagefind_seconds']:8.2f} s")
    print(f"  share cards, one process               {kept['cards_seconds']:8.2f} s")
    print(
        f"  together                               {kept['kept_seconds']:8.2f} s = "
        f"{kept['kept_ratio']:.3f}x Pelican's {kept['pelican_cold_cpu_seconds']:.2f} s"
    )
    print(
        f"  left for all else at {CPU_TARGET}x"
        f"             {kept['left_for_the_rest_seconds']:8.2f} s"
        f" (Pelican's own: {kept['pelican_rest_seconds']:.2f} s besides its Markdown,"
        f" {kept['pelican_markdown_seconds']:.2f} s)"
    )


def print_floor(floor: dict[str, Any]) -> None:
    print("\nfloor (CPU where it says so; wall otherwise)")
    print(f"  python -c pass                         {floor['python_start_ms']:8.1f} ms wall")
    print(
        f"  briefing --version (start-up + CLI)    {floor['version_command_ms']:8.1f} ms wall"
        f" {floor['version_command_cpu_ms']:8.1f} ms CPU"
    )
    print(f"  -X importtime generator.commands.cli   {floor['cli_import_ms']:8.1f} ms")
    print(f"  Markdown per brief (convert only)      {floor['markdown_ms_per_brief']:8.2f} ms CPU")
    print(f"  markup.render per brief (+ nh3, links) {floor['render_ms_per_brief']:8.2f} ms CPU")
    if "rest_seconds" in floor:
        print(
            f"  cold build of {floor['briefs']} briefs: {floor['cold_cpu_seconds']:.2f} s CPU = "
            f"Markdown {floor['markdown_seconds']:.2f} s + sanitising and links "
            f"{floor['sanitise_and_links_seconds']:.2f} s + start-up "
            f"{floor['version_command_cpu_ms'] / 1000:.2f} s "
            f"+ the rest {floor['rest_seconds']:.2f} s"
        )


def print_targets(
    ratios: dict[str, list[dict[str, Any]]], big: dict[str, dict[str, Any]], briefs: int
) -> None:
    if any(ratios.values()) or any(big.values()):
        print("\nMarkdown table, ratios against Pelican's cold build (medians):\n")
        print(markdown_table(ratios, big, briefs))


# The preview server's latency: the serve helper's own file, called from here when it is there


def serve_latency(args: argparse.Namespace) -> dict[str, Any] | None:
    """From save to reloaded page in `briefing serve`: benchmarks/serve_latency.py, the preview
    server's own benchmark (`make bench` also runs it on its own), run on a corpus of the same
    size; its report, from the file it writes."""
    script = BENCH_DIR / "serve_latency.py"
    if not script.exists():
        print("\nserve latency: benchmarks/serve_latency.py is not there; not measured")
        return None
    command = [sys.executable, str(script), "--briefs", str(args.briefs), "--seed", str(args.seed)]
    if args.editions:  # the same two-language corpus
        command.append("--editions")
    shown = subprocess.run(command, capture_output=True, text=True, check=False)
    print("\nserve latency:\n" + shown.stdout.rstrip())
    if shown.returncode != 0:
        raise BenchmarkError(f"serve_latency.py exited {shown.returncode}:\n{shown.stderr[-2000:]}")
    report: dict[str, Any] = json.loads((WORK / "serve-latency.json").read_text("utf-8"))
    return report


# Main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=1000, help="corpus size for the comparison")
    parser.add_argument(
        "--words", type=int, default=corpus.WORDS_PER_BRIEF, help="approximate words per brief"
    )
    parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement")
    parser.add_argument("--big", type=int, metavar="N", help="also time ours cold on N briefs")
    parser.add_argument("--floor", action="store_true", help="measure start-up and Markdown")
    parser.add_argument(
        "--citations",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="corpus with source keys and [@key] markers (the default; Pelican shows them as text)",
    )
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a line added to the corpus's site.yaml, e.g. search=false (repeatable)",
    )
    parser.add_argument(
        "--configs",
        default=",".join(CONFIGS),
        help=f"our configurations to measure, comma-separated (default: {','.join(CONFIGS)}: "
        "as shipped and like for like)",
    )
    parser.add_argument(
        "--big-configs",
        default="briefing",
        help="our configurations to build on the --big corpus (default: briefing, as shipped)",
    )
    parser.add_argument(
        "--variant",
        choices=sorted(corpus.VARIANTS),
        default="standard",
        help="a corpus variant (corpus.VARIANTS): what a feature adds to the corpus",
    )
    parser.add_argument(
        "--serve", action="store_true", help="also measure `serve`, save to reloaded page"
    )
    parser.add_argument(
        "--editions",
        action="store_true",
        help="two-language variant: ours builds an Italian edition translating half the briefs",
    )
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
    layout, made = corpus.generate(
        briefs, args.words, WORK / f"corpus-{briefs}", args.seed, args.citations, args.variant
    )
    if args.editions:
        corpus.add_italian_edition(layout, made, args.citations)
    if args.setting:
        lines = [setting.replace("=", ": ", 1) for setting in args.setting]
        with layout.briefing_config.open("a", encoding="utf-8") as config:
            config.write("".join(f"{line}\n" for line in lines))
    write_configs(layout, list(CONFIGS))
    return layout, made[len(made) // 2]


def configs(value: str) -> list[str]:
    names = [name for name in value.split(",") if name]
    unknown = [name for name in names if name not in CONFIGS]
    if unknown:
        raise BenchmarkError(f"unknown configuration {unknown[0]!r}; known: {', '.join(CONFIGS)}")
    return names


def measure_all(
    args: argparse.Namespace,
) -> tuple[list[Result], dict[str, str], corpus.Layout]:
    versions: dict[str, str] = {}
    supports = (False, False) if args.skip_ours else briefing_supports(args.briefing)
    layout, edited = make_corpus(args, args.briefs)
    tools: list[tuple[Tool, tuple[str, ...]]] = []
    if not args.skip_ours:
        for name in configs(args.configs):
            tool = briefing_tool(name, args.briefing, supports, layout, edited, args.briefs)
            tools.append((tool, SCENARIOS))
    if not args.skip_pelican:
        pelican = ensure_pelican(WORK / "pelican-venv")
        versions["pelican"] = version_of(pelican)
        tools.append((pelican_tool(pelican, layout, edited, args.briefs), PELICAN_SCENARIOS))
    if not tools:
        raise BenchmarkError("--skip-ours and --skip-pelican together leave nothing to measure")
    results = bench(tools, args.repeats)
    if args.big and not args.skip_ours:
        big_layout, big_edited = make_corpus(args, args.big)
        big: list[tuple[Tool, tuple[str, ...]]] = [
            (briefing_tool(name, args.briefing, supports, big_layout, big_edited, args.big),
             ("cold",))
            for name in configs(args.big_configs)
        ]  # fmt: skip
        results += bench(big, args.repeats)
    return results, versions, layout


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    try:
        results, versions, layout = measure_all(args)
        floor = None
        if args.floor and not args.skip_ours:  # like for like: Markdown's share of the bare build
            cold = find(results, "briefing-like", "cold", args.briefs) or find(
                results, "briefing", "cold", args.briefs
            )
            python = args.briefing.parent / "python"
            floor = floor_report(python, args.briefing, layout.briefing_content, cold, args.repeats)
            pelican = find(results, "pelican", "cold", args.briefs)
            shipped = run_folder("briefing", args.briefs) / "site"
            if pelican is not None and (shipped / "briefs").is_dir():
                pelican_python = WORK / "pelican-venv" / "bin" / "python"
                floor["kept"] = kept_parts(python, pelican_python, layout, shipped, floor, pelican)
        serve = serve_latency(args) if args.serve and not args.skip_ours else None
    except BenchmarkError as error:
        print(f"run.py: {error}", file=sys.stderr)
        return 1
    ratios = {tool: ratio_report(results, args.briefs, tool) for tool in CONFIGS}
    big = {tool: b for tool in CONFIGS if (b := big_report(results, args.big, tool))}
    print_results(results)
    print_stages(results)
    if floor:
        print_floor(floor)
        if "kept" in floor:
            print_kept(floor["kept"])
    print_targets(ratios, big, args.briefs)
    report = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "method": METHOD,
        "repeats": args.repeats,
        "corpus": {
            "briefs": args.briefs,
            "words": args.words,
            "seed": args.seed,
            "citations": args.citations,
            "settings": args.setting,
            "variant": args.variant,
        },
        "configurations": {tool: list(CONFIGS[tool][1]) for tool in configs(args.configs)},
        "versions": versions,
        "results": [result.to_json() for result in results],
        "ratios": ratios,
        "big": big,
        "floor": floor,
        "serve": serve,
    }
    out = WORK / ("results.json" if args.variant == "standard" else f"results-{args.variant}.json")
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
