"""The shape of the code, as the README's layout describes it: layers that only look down
(no import circle), no function more complex than radon's grade C, and a build that reports
how long each of its stages took."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import grimp
import pytest
from conftest import FIXTURE

from generator.build import build
from generator.options import Options

ROOT = Path(__file__).resolve().parent.parent

# From the top down: a module may import one on its own layer or below, never above. Within
# a layer, modules are independent of each other unless listed as a group that may mix.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("generator.commands",),
    ("generator.importer",),
    ("generator.build",),
    ("generator.stages",),
    ("generator.render", "generator.incremental.parallel", "generator.incremental.cache",
     "generator.incremental.deps"),
    ("generator.editions", "generator.published"),
    ("generator.site", "generator.parse", "generator.links", "generator.sources",
     "generator.config", "generator.write", "generator.incremental.uptodate",
     "generator.incremental.restored", "generator.incremental.environment", "generator.i18n",
     "generator.people", "generator.stories"),
    ("generator.markup", "generator.frontmatter", "generator.fields", "generator.citations",
     "generator.tables", "generator.typography", "generator.charts", "generator.leftovers",
     "generator.pictures", "generator.sections"),
    ("generator.model", "generator.urls", "generator.limits", "generator.errors",
     "generator.options", "generator.timings", "generator.work", "generator.needles"),
)  # fmt: skip


def _layer_of(module: str) -> int | None:
    for number, layer in enumerate(LAYERS):
        if any(module == name or module.startswith(name + ".") for name in layer):
            return number
    return None


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("generator", include_external_packages=False, cache_dir=None)


def test_every_module_has_a_layer(graph):
    packages = {m for m in graph.modules if graph.find_children(m)}  # their __init__ is empty
    unplaced = sorted(m for m in graph.modules - packages if _layer_of(m) is None)
    assert not unplaced, f"give these a layer in LAYERS: {unplaced}"


def _upward(graph: grimp.ImportGraph) -> list[str]:
    upward = []
    for module in sorted(graph.modules):
        here = _layer_of(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            there = _layer_of(imported)
            if here is not None and there is not None and there < here:
                upward.append(f"{module} imports {imported}")
    return upward


def test_no_module_imports_one_on_a_higher_layer(graph):
    assert not _upward(graph)


def test_there_is_no_import_circle(graph):
    circles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                circles.append(f"{module} <-> {imported}")
    assert not circles, circles


def test_the_layer_check_catches_an_upward_import():
    graph = grimp.build_graph("generator", include_external_packages=False, cache_dir=None)
    graph.add_import(importer="generator.model", imported="generator.build")
    assert _upward(graph) == ["generator.model imports generator.build"]


def test_no_function_is_above_radon_grade_c():
    from radon.complexity import cc_rank, cc_visit

    too_complex = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        for block in cc_visit(path.read_text("utf-8")):
            if cc_rank(block.complexity) > "C":
                too_complex.append(f"{path.relative_to(ROOT)}: {block.name} {block.complexity}")
    assert not too_complex, too_complex


# Module-level variables a process sets once and then only reads: the worker's shared context
# (set by the pool's initializer) and the installed dependencies' versions.
PROCESS_CACHES = {
    "generator/incremental/parallel.py": {"_worker_context"},
    "generator/incremental/uptodate.py": {"_dependencies"},
}


def _module_state(path: Path) -> set[str]:
    """Names a module rebinds from inside a function (``global``), or keeps as context
    variables: state that one call leaves for the next, instead of passing it."""
    import ast

    tree = ast.parse(path.read_text("utf-8"))
    names = {name for node in ast.walk(tree) if isinstance(node, ast.Global) for name in node.names}
    for node in tree.body:
        value = getattr(node, "value", None)
        call = value.func if isinstance(value, ast.Call) else None
        if call is not None and "ContextVar" in ast.unparse(call):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]  # type: ignore[attr-defined]
            names |= {ast.unparse(target) for target in targets}
    return names


def test_no_module_keeps_state_between_calls():
    kept = {}
    for path in sorted((ROOT / "generator").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        state = _module_state(path) - PROCESS_CACHES.get(name, set())
        if state:
            kept[name] = sorted(state)
    assert not kept, kept


def test_the_state_check_finds_a_context_variable_and_a_global(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(
        "from contextvars import ContextVar\nCURRENT: ContextVar[str] = ContextVar('c')\n"
        "n = 0\ndef bump():\n    global n\n    n += 1\n"
    )
    assert _module_state(planted) == {"CURRENT", "n"}


def test_the_build_result_carries_a_lap_for_each_stage_in_order(tmp_path):
    from generator.build import STAGES

    options = Options(FIXTURE / "content", tmp_path / "out", FIXTURE / "site.yaml",
                      now=None, cache_dir=tmp_path / "cache")  # fmt: skip
    first = build(options)
    assert [name for name, _, _ in first.timings] == list(STAGES)
    laps = [wall for name, wall, _ in first.timings]
    assert first.seconds >= sum(laps) * 0.99  # the laps are parts of the whole
    again = build(options)  # nothing changed: only the up-to-date check ran
    assert [name for name, _, _ in again.timings] == ["check"]


# What templates used to decide is decided in Python and handed to them as values.


def test_the_table_of_contents_rule():
    from dataclasses import replace

    from test_promises import _brief

    from generator.model import TOC_HEADINGS, TOC_WORDS, Heading

    brief = _brief("---\ntitle: A\ndate: 2024-01-01\n---\n## One\n\nText.\n")
    heading = Heading(2, "one", "One")
    cases = [
        (TOC_HEADINGS - 1, TOC_WORDS - 1, False),
        (TOC_HEADINGS, 10, True),
        (1, TOC_WORDS, True),
        (0, TOC_WORDS * 2, False),  # nothing to list
    ]
    for headings, words, shown in cases:
        assert replace(brief, toc=(heading,) * headings, words=words).shows_toc is shown


def test_an_update_without_a_log_entry_is_named_once_and_a_logged_one_by_its_kind():
    from test_promises import _brief

    plain = _brief("---\ntitle: A\ndate: 2024-01-01\nupdated: 2024-01-02\n---\nB.\n")
    logged = _brief(
        "---\ntitle: A\ndate: 2024-01-01\nupdates:\n  - date: 2024-01-02\n"
        "    kind: correction\n    note: N.\n---\nB.\n"
    )
    untouched = _brief("---\ntitle: A\ndate: 2024-01-01\n---\nB.\n")
    assert plain.updated_without_log and not logged.updated_without_log
    assert not untouched.updated_without_log
    assert logged.log_url == "/briefs/a/#updates"


def _catalogues(languages: str) -> dict:
    from generator import i18n
    from generator.config import parse_config

    templates = tuple(
        (f"i18n/{path.name}", path.read_text("utf-8"))
        for path in sorted((ROOT / "templates" / "i18n").glob("*.yaml"))
    )
    settings = f"title: T\nbase_url: https://example.org/\n{languages}".encode()
    return i18n.load(templates, parse_config("site.yaml", settings))


def test_plurals_come_from_the_editions_catalogue():
    catalogues = _catalogues("languages:\n  - code: en\n  - code: it\n")
    en, it = catalogues["en"], catalogues["it"]
    assert [en.text("briefs_count", n) for n in (0, 1, 2)] == ["0 briefs", "1 brief", "2 briefs"]
    assert [it.text("changes", n) for n in (1, 2)] == ["(1 modifica)", "(2 modifiche)"]


def test_the_menu_is_decided_in_python_in_the_editions_language():
    from generator import urls
    from generator.config import parse_config
    from generator.render.output import nav_items
    from generator.site import assemble

    catalogues = _catalogues("languages:\n  - code: en\n  - code: it\n")
    settings = b"title: T\nbase_url: https://example.org/\n"
    site = assemble([], [], datetime.now(UTC))
    on = nav_items(site, parse_config("site.yaml", settings), "/archive/", catalogues["en"])
    off_config = parse_config("site.yaml", settings + b"search: false\n")
    off = nav_items(site, off_config, "/", catalogues["en"])
    assert [i.label for i in on] == ["Tags", "Archive", "Corrections", "Search", "Feeds"]
    assert [i.label for i in off] == ["Tags", "Archive", "Corrections", "Feeds"]
    assert [i.current for i in on] == [False, True, False, False, False]
    italian = nav_items(site, off_config, "/it/tags/", catalogues["it"], urls.edition_urls("/it"))
    assert [(i.label, i.url, i.current) for i in italian] == [
        ("Argomenti", "/it/tags/", True),
        ("Archivio", "/it/archive/", False),
        ("Correzioni", "/it/corrections/", False),
        ("Feed", "/it/feeds/", False),
    ]
