"""The aggregator splitter classifies each line of a dump once (``chunks._Seen``): it splits
every dump into the chunks the former splitter, which asked each line what it is as often as it
looked at it, split it into (kept here as the reference)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from normaliser.formats.aggregator import chunks
from normaliser.formats.aggregator.chunks import Chunk
from normaliser.sources import Line

from ..strategies import mutated_lines
from .test_aggregator_dumps import broken_records

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DUMPS = sorted(p.read_text(encoding="utf-8") for p in SAMPLES.glob("*/aggregator.txt"))


def _is_citations(line: Line | None) -> bool:
    if line is None:
        return False
    found = chunks._section(line.text)
    return found is not None and found[0] == "citations"


def _slot(line: Line | None) -> bool:
    return line is not None and bool(line.text.strip()) and chunks._section(line.text) is None


def chunks_reference(lines: Iterator[Line]) -> Iterator[Chunk]:
    """The splitter as it was before it classified each line once (``chunks._Seen``): it
    asks each line what it is as often as it looks at it."""
    current: Chunk | None = None
    section: list[str] | None = None
    in_text_section = False
    pending: list[Line] = []

    def next_line() -> Line | None:
        if pending:
            return pending.pop(0)
        return next(lines, None)

    def peek(ahead: int = 0) -> Line | None:
        while len(pending) <= ahead:
            nxt = next(lines, None)
            if nxt is None:
                return None
            pending.append(nxt)
        return pending[ahead]

    def done(chunk: Chunk | None) -> bool:
        """Whether ``chunk`` has its JSON line or sections: a JSON line now starts another."""
        return chunk is not None and (chunk.json_text is not None or bool(chunk.sections))

    while True:
        line = next_line()
        if line is None:
            break
        text = line.text
        if _slot(line) and _is_citations(peek()):
            # A JSON line, whatever it holds (garbage, a scalar, a broken array): the citation
            # line after it says where the record is.
            if current is None or done(current):
                if current is not None:
                    yield current
                current = chunks.Chunk(line.number, line.offset)
            current.add(line)
            current.json_text = text
            section, in_text_section = None, False
            continue
        if (
            done(current)
            and _slot(line)
            and not chunks._json_start(text)
            and _slot(peek())
            and _is_citations(peek(1))
            and chunks._looks_like_authors(text, peek().text, in_text_section)  # type: ignore[union-attr]
        ):
            # An authors line before a JSON line (whatever that holds) and a citation line.
            assert current is not None
            yield current
            slot = next_line()
            assert slot is not None
            current = chunks.Chunk(line.number, line.offset, authors=text.strip())
            current.add(line)
            current.add(slot)
            current.json_text = slot.text
            section, in_text_section = None, False
            continue
        if chunks._json_start(text, in_text_section):
            if current is None or done(current):
                if current is not None:
                    yield current
                current = chunks.Chunk(line.number, line.offset)
            current.add(line)
            acc = text
            while not chunks._complete(acc):
                nxt = peek()
                if (
                    nxt is None
                    or not chunks._continues_json(acc, nxt.text)
                    or len(acc) > chunks.MAX_JSON_CHARS
                ):
                    break
                if not chunks._complete(acc + "\n" + nxt.text) and (
                    nxt.text[:1] in ("{", "[") or _is_citations(peek(1))
                ):
                    # A JSON value broken off: the next line is the next record's (pretty
                    # printers indent nested values; a record's JSON line starts the line).
                    break
                next_line()
                current.add(nxt)
                acc += "\n" + nxt.text
            current.json_text = acc
            section, in_text_section = None, False
            continue
        nxt = peek()
        if (
            text.strip()
            and nxt is not None
            and chunks._json_start(nxt.text, in_text_section)
            and (current is None or current.json_text is not None)
            and chunks._looks_like_authors(text, nxt.text, in_text_section)
        ):
            # The line before a JSON line is that record's authors line when it reads as one
            # (inside free text: only when it names that record's JSON authors).
            if current is not None:
                yield current
            current = chunks.Chunk(line.number, line.offset, authors=text.strip())
            current.add(line)
            section, in_text_section = None, False
            continue
        if current is None:
            if not text.strip():
                continue
            current = chunks.Chunk(line.number, line.offset)
        if current.json_text is None and current.authors is None and text.strip():
            # Text before any JSON: an authors line whose record has no JSON, or stray text.
            current.authors = text.strip()
            current.add(line)
            continue
        current.add(line)
        if len(current.lines) > chunks.MAX_RECORD_LINES:
            current.errors.append(f"more than {chunks.MAX_RECORD_LINES} lines in one record")
            yield current
            current, section = None, None
            continue
        found = chunks._section(text)
        if found:
            code, label, value = found
            section = [value] if value else []
            current.sections.append((code, label, section))
            in_text_section = code in ("abstract", "journal-description", "affiliations")
        elif section is not None:
            section.append(text)
        elif text.strip():
            current.unlabelled.append(text)
    if current is not None:
        yield current


def _lines(text: str) -> Iterator[Line]:
    """``text``'s lines as a source gives them (cut at line feeds only: other white space,
    form feeds and separators included, stays inside a line)."""
    offset = 0
    for number, body in enumerate(text.split("\n"), 1):
        yield Line(number, offset, body)
        offset += len(body.encode("utf-8", "surrogatepass")) + 1


def split_both(text: str) -> tuple[list[Chunk], list[Chunk]]:
    return list(chunks._chunks(_lines(text))), list(chunks_reference(_lines(text)))


#: Lines of every kind the splitter tells apart: JSON objects and arrays (whole, broken, over
#: lines), section labels with and without values, authors lines, free text that starts like
#: JSON or names, blank lines.
_LINES = st.sampled_from(
    [
        '{"title": "T", "authors": "Ling Pan, Haoran Ye"}',
        '{"title": "T", "authors": "Ling Pan"',
        '{"title": "T",',
        '"authors": "Ling Pan"',
        "}",
        "{",
        "[",
        "]",
        "[1, 2]",
        "[1] Smith J. A reference.",
        "[Objective] To study.",
        '[{"title": "A"}]',
        "Ling Pan, Haoran Ye",
        "Ling Pan",
        "张三, 李四",
        "引用次数: 2",
        "引用次数：",
        "被引次数",
        "Abstract",
        "摘要：一个摘要。",
        "期刊介绍:",
        "Keywords: a; b",
        "作者单位",
        "Some text. More text follows here.",
        "null",
        "42",
        "",
        "   ",
        "\t",
    ]
)


@given(st.lists(_LINES, max_size=30).map(lambda lines: "\n".join(lines) + "\n"))
@example('Ling Pan\n{"title": "T", "authors": "Ling Pan"}\n引用次数: 2\nAbstract\n[1, 2]\n')
@example('x\n{"a":\n1}\n引用次数\nAbstract\n{"b": 1,\n"c": 2}\n')
def test_line_soup_splits_as_the_reference(text: str) -> None:
    fast, slow = split_both(text)
    assert fast == slow


@given(st.lists(broken_records(), min_size=1, max_size=6))
def test_broken_dumps_split_as_the_reference(parts: list[tuple[str, str]]) -> None:
    fast, slow = split_both("".join(text for text, _ in parts))
    assert fast == slow


@given(st.data())
def test_mutated_sample_dumps_split_as_the_reference(data: Any) -> None:
    text = data.draw(mutated_lines(data.draw(st.sampled_from(DUMPS))))
    fast, slow = split_both(text)
    assert fast == slow


def test_sample_dumps_split_as_the_reference() -> None:
    for text in DUMPS:
        fast, slow = split_both(text)
        assert fast == slow
        assert fast
