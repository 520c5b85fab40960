"""Record boundaries in aggregator text dumps never depend on the JSON being a valid object:
every record of a generated dump with randomly broken records is read or rejected, once, and
a reject holds that record's text byte for byte (issue 15)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

import normaliser
from normaliser.formats import aggregator
from normaliser.record import Record, Reject

from ..dumps import _bases

BASES = _bases()

# What a record's JSON line can be replaced by.
JSON_KINDS = ("object", "truncated", "array", "scalar", "garbage")
# A line of text that is neither JSON nor a section label nor a name list (a sentence break).
_garbage = st.builds(
    lambda a, b: f"{a}. {b}",
    st.text(alphabet="abcdefghijk lmnop 文本垃圾", min_size=1, max_size=20).map(
        lambda s: "x" + s.strip()
    ),
    st.text(alphabet="qrstuvwxyz 乱码", min_size=1, max_size=20).map(lambda s: "y" + s),
)
_scalars = st.one_of(
    st.integers(), st.just("null"), st.just("true"), st.text(max_size=10).map(json.dumps)
)


@st.composite
def broken_records(draw: Any) -> tuple[str, str]:
    """One record's text, and the kind of its JSON line."""
    authors, data, after = draw(st.sampled_from(BASES))
    kind = draw(st.sampled_from(JSON_KINDS))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if kind == "truncated":
        text = text[: draw(st.integers(1, len(text) - 1))]
    elif kind == "array":
        text = json.dumps(draw(st.lists(st.integers(), max_size=4)))
    elif kind == "scalar":
        text = str(draw(_scalars))
    elif kind == "garbage":
        text = draw(_garbage)
    after = list(after)
    if draw(st.booleans()):  # a garbage line among the sections
        after.insert(draw(st.integers(1, max(1, len(after)))), draw(_garbage))
    # Sections may be missing; the citation line only when the JSON line starts like JSON
    # (otherwise nothing says where a record is: aggregators always write it).
    keep_citations = kind not in ("scalar", "garbage") and draw(st.booleans())
    if draw(st.booleans()):
        after = after[:1] if not keep_citations else []
    elif keep_citations:
        after = after[1:]
    if draw(st.booleans()):
        authors = None  # missing authors line
    head = f"{authors}\n" if authors else ""
    return head + text + "\n" + "".join(line + "\n" for line in after), kind


@given(st.lists(broken_records(), min_size=1, max_size=8))
def test_every_record_of_a_broken_dump_is_read_or_rejected_once(
    records: list[tuple[str, str]],
) -> None:
    dump = "".join(text for text, _ in records)
    assume(dump.strip() != "[]")  # a file holding only [] is an empty JSON array: no record
    items = list(normaliser.read(dump, "aggregator", errors="yield"))
    assert len(items) == len(records)
    for item, (text, kind) in zip(items, records, strict=True):
        if kind == "object":
            assert isinstance(item, Record), item
        else:
            assert isinstance(item, Reject)
            assert item.raw == text


@given(st.data())
def test_replacing_a_json_line_by_any_text_keeps_the_count(data: Any) -> None:
    records = [data.draw(st.sampled_from(BASES)) for _ in range(data.draw(st.integers(1, 5)))]
    broken = data.draw(st.integers(0, len(records) - 1))
    line = data.draw(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(
            lambda s: (
                s.strip()
                and "\u2028" not in s
                and "\u2029" not in s
                and aggregator.chunks._section(s) is None
            )  # a section label line is a section
        )
    )
    texts = []
    for i, (authors, obj, after) in enumerate(records):
        text = line if i == broken else json.dumps(obj, ensure_ascii=False)
        head = f"{authors}\n" if authors else ""
        texts.append(head + text + "\n" + "".join(a + "\n" for a in after))
    items = list(normaliser.read("".join(texts), "aggregator", errors="yield"))
    assert len(items) == len(records)


def test_a_record_whose_json_is_an_array_is_a_reject_not_glued_to_the_one_before() -> None:
    authors, obj, _ = BASES[0]
    good = f"{authors}\n{json.dumps(obj, ensure_ascii=False)}\n引用次数: 168\n"
    bad = "Mingtang Zeng, Fang Dai\n[1, 2, 3]\n引用次数: 144\nAbstract\nText.\n"
    items = list(normaliser.read(good + bad + good, "aggregator", errors="yield"))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record"]
    first = items[0]
    assert isinstance(first, Record)
    assert "Mingtang Zeng, Fang Dai" not in json.dumps(first.extras, ensure_ascii=False)
    reject = items[1]
    assert isinstance(reject, Reject)
    assert reject.raw == bad
    assert "expected a JSON object, got list" in str(reject.error)
