"""What the typographic pass costs next to the ``smarty`` extension it replaced.

Generates briefs of about 640 words, each paragraph with a link, emphasis or code, quotes,
apostrophes, dashes and an ellipsis, then times per brief (median of ``--rounds`` runs):

- Markdown with the body's extensions and ``smarty`` (as the generator used to convert);
- Markdown with the same extensions but without ``smarty``;
- the typographic pass alone, over the sanitised HTML (as ``markup.render`` runs it);
- ``markup.render`` whole (Markdown, citations, sanitising, the pass, link positions).

Run: ``PYTHONPATH=. python benchmarks/typography_bench.py [--briefs 200] [--rounds 5]``
"""

from __future__ import annotations

import argparse
import importlib
import random
import statistics
import time
from collections.abc import Callable

import markdown

from generator import markup, typography

WORDS = [
    "union",
    "workers",
    "contract",
    "studio",
    "wage",
    "model",
    "training",
    "data",
    "pay",
    "strike",
    "hours",
    "clause",
    "agency",
    "writers",
    "actors",
    "platform",
    "review",
    "policy",
    "city",
    "council",
    "vote",
    "notice",
    "layoff",
    "hiring",
    "office",
    "budget",
    "report",
    "rule",
    "court",
    "appeal",
    "safety",
    "audit",
    "vendor",
    "tool",
    "shift",
    "schedule",
    "benefit",
]
QUOTES = (
    '"a fair deal"',
    "the union's view",
    "'in writing'",
    "the '90s",
    "workers' pay",
    "it's -- for now --- settled",
    "and then...",
    '"we\'re not done"',
)


def paragraph(rng: random.Random, index: int) -> str:
    """About 80 words with one inline construct and some quotes, dashes and dots."""
    words = [rng.choice(WORDS) for _ in range(72)]
    for _ in range(3):
        words.insert(rng.randrange(len(words)), rng.choice(QUOTES))
    inline = (
        f"[the {words[3]} report](https://example.com/r/{index})",
        f"*{words[5]} {words[6]}*",
        f"`{words[7]}_{index}`",
        f"**{words[9]}**",
    )[index % 4]
    words.insert(rng.randrange(len(words)), inline)
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def brief(seed: int) -> str:
    rng = random.Random(seed)
    parts = []
    for index in range(8):
        if index in (3, 6):
            parts.append(f'## The {rng.choice(WORDS)}\'s "{rng.choice(WORDS)}" part')
        parts.append(paragraph(rng, index))
    return "\n\n".join(parts) + "\n"


def converter(smarty: bool) -> markdown.Markdown:
    names = dict(markup.EXTENSIONS) | ({"smarty": {}} if smarty else {})
    return markdown.Markdown(
        extensions=[
            importlib.import_module(f"markdown.extensions.{name}").makeExtension(**settings)
            for name, settings in names.items()
        ]
    )


def per_brief(
    runs: dict[str, Callable[[str], object]], texts: list[str], rounds: int
) -> dict[str, float]:
    """Milliseconds per brief of each run, the median of ``rounds`` passes over ``texts``;
    the runs take turns within each round, so a busy machine slows them alike."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():  # warm up: imports, compiled patterns, caches
        run(texts[0])
    for _ in range(rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            for text in texts:
                run(text)
            times[name].append((time.perf_counter() - start) / len(texts) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = [brief(seed) for seed in range(args.briefs)]
    words = statistics.mean(len(text.split()) for text in texts)
    with_smarty, without = converter(True), converter(False)

    def convert(md: markdown.Markdown) -> Callable[[str], str]:
        return lambda text: md.reset().convert(text)

    sanitised = {text: markup.sanitise(without.reset().convert(text)) for text in texts}
    runs: dict[str, Callable[[str], object]] = {
        "Markdown with smarty": convert(with_smarty),
        "Markdown without smarty": convert(without),
        "typographic pass alone": lambda text: typography.typeset_html(sanitised[text]),
        "markup.render, whole": markup.render,
    }
    results = per_brief(runs, texts, args.rounds)
    print(f"{args.briefs} briefs of {words:.0f} words on average, median of {args.rounds}")
    for name, ms in results.items():
        print(f"  {name:<26} {ms:6.2f} ms/brief")
    smarty = results["Markdown with smarty"] - results["Markdown without smarty"]
    share = results["typographic pass alone"] / smarty if smarty > 0 else float("nan")
    print(f"  smarty's own cost          {smarty:6.2f} ms/brief; the pass costs {share:.0%} of it")


if __name__ == "__main__":
    main()
