"""The inline patterns tried only on text that holds their needle (generator/needles.py)
find exactly what the full search finds, and a body converts to the same HTML."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import citations, markup, needles

# Characters that make or break code spans and citations, and a few plain ones.
TRICKY = st.text(alphabet="`\\[]@;: \tab\n-", max_size=40)


def _backtick() -> re.Pattern[str]:
    return markdown.Markdown().inlinePatterns["backtick"].compiled_re


CASES = [
    (_backtick(), "`"),
    (re.compile(citations.CITATION_PATTERN), "[@"),
]


@settings(max_examples=400, deadline=None)
@given(TRICKY, st.integers(min_value=0, max_value=45))
def test_a_guarded_search_finds_what_the_full_search_finds(text: str, pos: int) -> None:
    for compiled, needle in CASES:
        guarded = needles.Guarded(compiled, needle)
        full = [(m.span(), m.groups()) for m in compiled.finditer(text, pos)]
        assert [(m.span(), m.groups()) for m in guarded.finditer(text, pos)] == full
        first = compiled.search(text, pos)
        found = guarded.search(text, pos)
        assert (found and found.span()) == (first and first.span())


def test_text_whose_needle_lies_before_the_start_is_passed_over() -> None:
    guarded = needles.Guarded(re.compile(citations.CITATION_PATTERN), "[@")
    assert guarded.search("see [@a] then", 0) is not None
    assert guarded.search("see [@a] then", 5) is None
    assert list(guarded.finditer("see [@a] then", 5)) == []


def test_both_converters_are_guarded() -> None:
    body = markup._converter().inlinePatterns
    inline = markup._inline_converter().inlinePatterns
    assert isinstance(body["backtick"].compiled_re, needles.Guarded)
    assert isinstance(body["citation"].compiled_re, needles.Guarded)
    assert isinstance(inline["backtick"].compiled_re, needles.Guarded)
    for md in (body, inline):
        for name in needles.REFERENCES:
            assert isinstance(md[name].compiled_re, needles.WithReferences)


BODIES = [
    "Plain text with no code and no citation.",
    "A `code span` and a claim [@a].",
    "An escaped \\`backtick\\` and ``double `ticks` here``.",
    "Backslashes \\\\`code` after them, and `` ` `` alone.",
    "Citations [@a; @b] and  [@b] with spaces, [@a](http://x.example/) a link.",
    "Not a citation: [@nobody] [@a]: ref\n\n[@a]: https://x.example/",
    "# Heading with `code` [@b]\n\nText `one` and `two`, [@a].\n\n- item `x`\n- item [@b]",
    "> quote with `code`\n\n```\nfenced ` block [@a]\n```\n\nafter [@a]",
    "A [link][r], a [short one][], [r] alone, [R] in capitals, [unknown][x], ![a picture][p]"
    " and ![p].\n\n[r]: https://r.example/ 'Title'\n[p]: https://p.example/p.png",
    "No definitions: [text][r], [r], ![i][p], [inline](https://x.example/) [nested [r]](y)",
]


@contextmanager
def _unguarded(md: markdown.Markdown) -> Iterator[None]:
    names = [*needles.NEEDLES, *needles.REFERENCES]
    saved = {n: md.inlinePatterns[n].compiled_re for n in names if n in md.inlinePatterns}
    try:
        for name, compiled in saved.items():
            md.inlinePatterns[name].compiled_re = compiled.compiled
        yield
    finally:
        for name, compiled in saved.items():
            md.inlinePatterns[name].compiled_re = compiled


def test_a_body_converts_to_the_same_html_guarded_or_not() -> None:
    keys = ("a", "b")
    for body in BODIES:
        guarded = markup.render(body, 1, keys)
        with _unguarded(markup._converter()):
            plain = markup.render(body, 1, keys)
        assert guarded == plain, body
        inline = markup.render_inline(body)
        with _unguarded(markup._inline_converter()):
            assert markup.render_inline(body) == inline, body


def test_two_threads_converting_at_once_each_get_their_own_html() -> None:
    """serve renders a page ahead in one thread while its build may parse in another: each
    thread converts with its own converter, and every body comes out as it does alone."""
    import threading

    first = "\n\n".join(
        f"Claim {i}, [linked](https://a.example/{i}), *said* [@a]." for i in range(30)
    )
    second = "\n\n".join(f"Other {i} with [a ref][r] and `code`." for i in range(30))
    second += "\n\n[r]: https://r.example/\n"
    alone = {first: markup.render(first, 1, ("a",)), second: markup.render(second, 1, ())}
    summary = {first: markup.render_inline(first), second: markup.render_inline(second)}
    wrong: list[str] = []
    converters: dict[str, tuple[object, object]] = {}

    def convert(name: str, text: str, keys: tuple[str, ...]) -> None:
        converters[name] = (markup._converter(), markup._inline_converter())
        for _ in range(60):
            if markup.render(text, 1, keys) != alone[text]:
                wrong.append(f"{name}: body")
            if markup.render_inline(text) != summary[text]:
                wrong.append(f"{name}: summary")

    threads = [
        threading.Thread(target=convert, args=("first", first, ("a",))),
        threading.Thread(target=convert, args=("second", second, ())),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
    assert converters["first"][0] is not converters["second"][0]
    assert converters["first"][1] is not converters["second"][1]
    assert markup._converter() is markup._converter()  # one per thread, made once
