"""How long an editor in `briefing serve` waits from saving a brief to seeing it.

    python benchmarks/serve_latency.py --briefs 1000 --edits 100 [--pause 1.0] [--port 8110]
        [--editions [--translation]] [--page]

Writes a fresh corpus (benchmarks/corpus.py, as shipped: search and share cards on; with
``--editions``, the two-language variant benchmarks/run.py's ``--editions`` builds: an
Italian edition translating half the briefs), starts `briefing serve` on it, waits for the
first build, then saves one brief `--edits` times, `--pause` seconds apart, the way an
editor would: the middle brief, an English original with an Italian translation (with
``--translation``, that translation; with ``--page``, the static page about.md instead).
For each save it measures:

- event: from the write to the server-sent event that names the brief's page (the moment
  an open browser tab starts reloading);
- page: from the write to the new page's bytes, fetched over HTTP after that event;
- server_wall and server_cpu: inside the server, from reading the saved file to publishing
  its page (wall time, and the CPU time of the thread that did it), as the event reports.

It prints the median and the maximum of each, and the medians of the first and the last
ten saves (flat latency: no growth over the edits), and writes them to
benchmarks/.work/serve-latency.json (serve-latency-page.json with ``--page``).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / ".work"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=1000, help="corpus size")
    parser.add_argument("--edits", type=int, default=100, help="saves to measure")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between saves")
    parser.add_argument("--port", type=int, default=8110, help="port to serve on")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    parser.add_argument(
        "--editions",
        action="store_true",
        help="the two-language corpus (languages: en, it; half the briefs translated)",
    )
    parser.add_argument(
        "--page",
        action="store_true",
        help="save the static page content/pages/about.md instead of a brief",
    )
    parser.add_argument(
        "--translation",
        action="store_true",
        help="with --editions: save the Italian translation of the middle brief instead",
    )
    parser.add_argument(
        "--briefing",
        type=Path,
        default=REPO / ".venv" / "bin" / "briefing",
        help="our command (default: the repository's .venv)",
    )
    return parser.parse_args(argv)


class Events:
    """The server's event stream, read line by line."""

    def __init__(self, port: int, since: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.connection.request("GET", f"/__briefing/events?since={since}")
        self.response = self.connection.getresponse()

    def next(self) -> dict[str, Any]:
        while True:
            line = self.response.readline()
            if not line:
                raise RuntimeError("the event stream ended")
            if line.startswith(b"data: "):
                return dict(json.loads(line[6:]))


def get(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path)
    return connection.getresponse().read()


def wait_until_caught_up(port: int, timeout: float = 600.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = dict(json.loads(get(port, "/__briefing/status")))
        if not status["catching_up"]:
            return status
        time.sleep(0.2)
    raise RuntimeError("the server did not catch up")


def summary(values: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values]
    ten = min(10, len(ms))
    return {
        "median_ms": round(statistics.median(ms), 1),
        "max_ms": round(max(ms), 1),
        "first_ten_median_ms": round(statistics.median(ms[:ten]), 1),
        "last_ten_median_ms": round(statistics.median(ms[-ten:]), 1),
    }


def measure(args: argparse.Namespace) -> dict[str, Any]:
    folder = WORK / f"serve-corpus-{args.briefs}{'-editions' if args.editions else ''}"
    layout, briefs = corpus.generate(args.briefs, corpus.WORDS_PER_BRIEF, folder, args.seed)
    if args.editions:
        corpus.add_italian_edition(layout, briefs)
    middle = len(briefs) // 2
    brief = briefs[middle - middle % 2]  # translated: add_italian_edition does every other
    source = layout.briefing_file(brief)
    page_path = f"briefs/{brief.slug}/index.html"
    if args.editions and args.translation:
        source = source.with_name(source.stem + "-it.md")
        page_path = f"it/briefs/{brief.slug}-it/index.html"
    if args.page:
        source = layout.briefing_content / "pages" / "about.md"
        page_path = "about/index.html"
    original = source.read_text("utf-8")
    command = [str(args.briefing), "serve", "--port", str(args.port)]
    command += ["--content", str(layout.briefing_content)]
    command += ["--config", str(layout.briefing_config)]
    print(f"starting {' '.join(command)}", flush=True)
    started = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if line.startswith("serving on"):
                break
        else:
            raise RuntimeError("serve did not start")
        first_build = time.perf_counter() - started
        status = wait_until_caught_up(args.port)
        events = Events(args.port, status["version"])
        pushed, shown, server_wall, server_cpu = [], [], [], []
        for number in range(args.edits):
            marker = f"Edit number {number} of the latency run."
            text = original.replace("\n---\n", f"\n---\n{marker}\n\n", 1)
            time.sleep(args.pause)
            version = json.loads(get(args.port, "/__briefing/status"))["version"]
            before = time.perf_counter()
            source.write_text(text, "utf-8")
            while True:  # an event about this page, then the page itself, edit included
                event = events.next()
                if event["version"] <= version:
                    continue
                if page_path not in (event.get("changed") or [page_path]):
                    continue
                at = time.perf_counter()
                body = get(args.port, "/" + page_path.removesuffix("index.html"))
                if marker.encode() in body:  # not a build that read the file before
                    break
            pushed.append(at - before)
            shown.append(time.perf_counter() - before)
            if event["changed"] == [page_path] and event.get("ahead_ms"):  # rendered ahead
                server_wall.append(event["ahead_ms"]["wall"] / 1000)
                server_cpu.append(event["ahead_ms"]["cpu"] / 1000)
            print(f"edit {number + 1}: event {pushed[-1] * 1000:.0f} ms, "
                  f"page {shown[-1] * 1000:.0f} ms", flush=True)  # fmt: skip
        wait_until_caught_up(args.port)
    finally:
        source.write_text(original, "utf-8")
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    return {
        "briefs": args.briefs,
        "editions": 2 if args.editions else 1,
        "edited": page_path,
        "edits": args.edits,
        "pause_s": args.pause,
        "first_build_s": round(first_build, 2),
        "event": summary(pushed),
        "page": summary(shown),
        # inside the server, from reading the file to publishing its page: how many of the
        # edits went that way, and their wall and CPU time (CPU is what contention distorts least)
        "rendered_ahead": len(server_cpu),
        "server_wall": summary(server_wall) if server_wall else None,
        "server_cpu": summary(server_cpu) if server_cpu else None,
        "exit_code": server.returncode,
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    try:
        report = measure(args)
    except RuntimeError as error:
        print(f"serve_latency.py: {error}", file=sys.stderr)
        return 1
    for name in ("event", "page", "server_wall", "server_cpu"):
        figures = report[name]
        if figures is None:
            continue
        print(
            f"serve, save to {name} ({report['briefs']} briefs, {report['edits']} edits): "
            f"median {figures['median_ms']} ms, max {figures['max_ms']} ms; "
            f"first ten {figures['first_ten_median_ms']} ms, "
            f"last ten {figures['last_ten_median_ms']} ms"
        )
    out = WORK / ("serve-latency-page.json" if args.page else "serve-latency.json")
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
