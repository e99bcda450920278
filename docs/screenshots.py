"""Screenshots of the real briefing for the README: `make screenshots`.

Builds content/ + site.yaml into a temporary folder, serves it on 127.0.0.1 and takes
viewport-sized PNGs in headless Chromium (Debian's /usr/bin/chromium, driven by playwright)
of the home page, one brief and the story page, at 375 and 1280 px wide, light and dark, into
docs/screenshots/. The browser may reach nothing but the local server.

    python docs/screenshots.py [--brief SLUG] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from checkers import launch_chromium, new_context, open_page, serve  # noqa: E402

from generator.commands.cli import main as briefing  # noqa: E402

# (name, width, height): a phone and a laptop.
VIEWPORTS = (("375", 375, 800), ("1280", 1280, 800))
SCHEMES = ("light", "dark")
DEFAULT_BRIEF = "netflix-wider-ai-hiring"  # it has a clarification in its log
STORY = "hollywood-strikes-ai"  # the story page: its timeline of briefs
ITALIAN_BRIEF = "netflix-assunzioni-ia"  # its Italian edition
CHART_BRIEF = "netflix-ai-product-manager"  # its pay figures are drawn as a chart


def take(out: Path, brief: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        code = briefing(
            ["build", "--content", str(ROOT / "content"), "--config", str(ROOT / "site.yaml")]
            + ["--output", str(site), "--no-cache", "--quiet"]
        )
        if code not in (0, None):
            raise SystemExit(f"briefing build exited {code}")
        pages = {"home": "", "brief": f"briefs/{brief}/", "story": f"stories/{STORY}/"}
        if (site / "it" / "briefs" / ITALIAN_BRIEF).is_dir():  # the Italian edition
            pages.update({"home-it": "it/", "brief-it": f"it/briefs/{ITALIAN_BRIEF}/"})
        with serve(site) as url, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for scheme in SCHEMES:
                context = new_context(browser, color_scheme=scheme)
                page = context.new_page()
                for label, width, height in VIEWPORTS:
                    page.set_viewport_size({"width": width, "height": height})
                    for name, path in pages.items():
                        problem = open_page(page, url + path)
                        if problem:
                            raise SystemExit(problem)
                        suffix = "" if scheme == "light" else "-dark"
                        target = out / f"{name}-{label}{suffix}.png"
                        page.screenshot(path=str(target))
                        written.append(target)
                    # the first brief's chart, as the element itself
                    problem = open_page(page, url + f"briefs/{CHART_BRIEF}/")
                    if problem:
                        raise SystemExit(problem)
                    target = out / f"chart-{label}{suffix}.png"
                    page.locator("figure.chart").first.screenshot(path=str(target))
                    written.append(target)
                context.close()
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brief", default=DEFAULT_BRIEF, help="slug of the brief to show")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    for path in take(args.out, args.brief):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
